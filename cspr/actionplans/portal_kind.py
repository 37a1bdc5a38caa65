"""The "action update" request kind (decision 0027): an owning agency's progress update on one
action of a case's action plan, answered in the agency portal like any request.

One request asks about one action (``InformationRequest.topics`` = ``[{"action": pk, "number": n}]``,
fixed when ``actionplans.request_update`` sends it): the agency sees and updates only actions its
own requests name (the portal's ``agency_scope``: 404 for any other). Its one section holds the
progress update, the RAG rating, the actions taken and the evidence of impact; evidence files are
the request's attachments (the portal's upload checks, ``cspr.filesafety``). When the coordinator
accepts the return, ``on_accept`` records it on the action (``actions.apply_agency_update``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from cspr.actionplans.models import Action, Rag
from cspr.cases.models import Case
from cspr.portal.kinds.base import Missing, RequestKind, Section, SectionForm, SummaryGroup, SummaryRow, answers_of
from cspr.portal.kinds.lcspr import default_due
from cspr.portal.models import InformationRequest, RequestType

TEXTAREA = forms.Textarea(attrs={"rows": 5})
RAG_CHOICES = [(Rag.RED.value, "Red"), (Rag.AMBER.value, "Amber"), (Rag.GREEN.value, "Green")]


def request_action(request: InformationRequest) -> Action | None:
    from cspr.actionplans.actions import action_of_request

    return action_of_request(request)


class ActionUpdateForm(SectionForm):
    required_answers = frozenset({"progress", "rag"})

    progress = forms.CharField(
        label="Progress update",
        help_text="What has happened since the last update",
        widget=TEXTAREA,
        required=False,
        max_length=10000,
    )
    rag = forms.ChoiceField(label="RAG rating", choices=RAG_CHOICES, widget=forms.RadioSelect, required=False)
    actions_taken = forms.CharField(label="Actions taken", widget=TEXTAREA, required=False, max_length=10000)
    evidence_of_impact = forms.CharField(
        label="Evidence of impact or outcome",
        help_text="What shows the change made a difference. Attach evidence files on the request page.",
        widget=TEXTAREA,
        required=False,
        max_length=10000,
    )

    def __init__(self, data: Any = None, *, request: InformationRequest, **kwargs: Any) -> None:
        super().__init__(data, request=request, **kwargs)
        self.action = request_action(request)


def _form(request: InformationRequest, data: Any, query: Any) -> SectionForm:
    return ActionUpdateForm(data, request=request)


class ActionUpdateKind(RequestKind):
    key = RequestType.ACTION_UPDATE.value
    title = "Action plan progress update"
    title_plural = "Action plan progress updates"
    collated_title = "Progress updates side by side"
    about_the_family = False  # the page shows the action, never the family
    # Rule 24 (records secured, kept apart from the case files) is about the agency's records of the
    # child for a review; a progress update on an action is about the agency's own work since.
    asks_records_secured = False
    sections = (
        Section(
            "progress",
            "Action plan (Document 19/20)",
            "Progress on the action",
            _form,
            template="actionplans/portal_section.html",
            required=True,
        ),
    )

    def missing(self, request: InformationRequest) -> list[Missing]:
        answers = answers_of(request)
        problems = []
        if not str(answers.get("progress", "")).strip():
            problems.append(Missing("progress", "Enter the progress update"))
        if str(answers.get("rag", "")) not in {c for c, _ in RAG_CHOICES}:
            problems.append(Missing("progress", "Choose the RAG rating"))
        return problems

    def summary(self, request: InformationRequest) -> list[SummaryGroup]:
        """The answers with the RAG rating in words."""
        names = dict(RAG_CHOICES)
        groups = super().summary(request)
        return [
            SummaryGroup(
                g.heading,
                [
                    SummaryRow(r.label, names.get(r.value, r.value) if r.label == "RAG rating" else r.value, r.section)
                    for r in g.rows
                ],
            )
            for g in groups
        ]

    def due_date(self, case: Case, sent_on: dt.date) -> dt.date:
        return default_due(case, sent_on)

    def on_accept(self, request: InformationRequest, *, acting_user: Any) -> dict[str, Any]:
        from cspr.actionplans.actions import apply_agency_update

        return apply_agency_update(request, acting_user=acting_user)


KIND = ActionUpdateKind()
