"""Pages under /learning/<ref>/: learning points, recommendations and the partners' endorsement.

Every page fetches the case through ``get_case_for_user`` (404 outside its reach, 403 for a read-only
role on a change page; the read is access-logged) and exists only once the LCSPR is commissioned.
Writers: the review team and the lead partnership's business manager, partner leads and CSPR group
members (the case's writers). Endorsement: each partner's lead for its own partner; on a partner's
behalf the lead or business manager with reason and delegation (``actions``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cspr.access import Access, case_access, get_case_for_user
from cspr.accounts.roles import Role
from cspr.cases import partner_acts
from cspr.cases.editing import edit_page, user_of
from cspr.cases.models import Case
from cspr.learning import actions, queries
from cspr.learning.forms import EndorseForm, EndorseOnBehalfForm, LearningPointForm, LimitForm, RecommendationForm
from cspr.learning.models import LearningPoint, LearningSettings, Recommendation, recommendation_limit
from cspr.organisations.models import PartnerKind
from cspr.rapidreview import ratification
from cspr.ui.render import page


def _case(request: HttpRequest, reference: str, *, write: bool = False) -> Case:
    case = get_case_for_user(user_of(request), reference, write=write)
    if case.lcspr_commissioned_date is None:
        raise Http404("This case has no LCSPR.")
    return case


def _index_url(case: Case) -> str:
    return reverse("learning:index", kwargs={"reference": case.reference})


@login_required
@require_GET
def index(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    user = user_of(request)
    recs = list(queries.recommendations(case))
    points = list(
        LearningPoint.objects.filter(case=case).prefetch_related("themes", "key_themes", "chronology_entries")
    )
    limit = recommendation_limit(case.lead_partnership_id)
    own = partner_acts.own_partner(user, case)
    return page(
        request,
        "learning/index.html",
        {
            "case": case,
            "points": points,
            "recs": [(r, queries.awaiting(r)) for r in recs],
            "limit": limit,
            "over_limit": len(recs) > limit,
            "can_write": case_access(user, case) >= Access.WRITE,
            "own_partner": own.get_kind_display() if own else "",
            "may_endorse_on_behalf": ratification.may_ratify_on_behalf(user, case),
        },
    )


def _point_values(form: Any) -> dict[str, Any]:
    d = form.cleaned_data
    return {
        "title": d["title"],
        "text": d["text"],
        "themes": d["themes"],
        "key_themes": d["key_themes"],
        "chronology_entries": d["chronology_entries"],
    }


@login_required
def point_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference, write=True)
    user = user_of(request)
    return edit_page(
        request,
        case,
        make_form=lambda data: LearningPointForm(data, case=case),
        save=lambda f: actions.add_learning_point(case, acting_user=user, **_point_values(f)),
        done_url=_index_url(case),
        title="Add a learning point",
        success="{result} added",
    )


def _point(case: Case, pk: int) -> LearningPoint:
    point = LearningPoint.objects.filter(case=case, pk=pk).first()
    if point is None:
        raise Http404("No such learning point.")
    return point


@login_required
def point_edit(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = _case(request, reference, write=True)
    user = user_of(request)
    point = _point(case, pk)
    initial = {
        "title": point.title,
        "text": point.text,
        "themes": list(point.themes.all()),
        "key_themes": list(point.key_themes.all()),
        "chronology_entries": list(point.chronology_entries.all()),
        "version": point.version,
    }
    return edit_page(
        request,
        case,
        make_form=lambda data: LearningPointForm(data, case=case, initial=initial),
        save=lambda f: actions.edit_learning_point(
            point, expected_version=f.cleaned_data.get("version"), acting_user=user, **_point_values(f)
        ),
        done_url=_index_url(case),
        title=f"Change {point}",
        success="{result} saved",
    )


def _rec_values(form: Any) -> dict[str, Any]:
    d = form.cleaned_data
    keys = ["addressee", "scope", "expected_change", "measure", "due_by", "national_policy"]
    return {k: d[k] for k in keys} | {"learning_points": d["learning_points"], "themes": d["themes"]}


@login_required
def recommendation_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference, write=True)
    user = user_of(request)
    limit = recommendation_limit(case.lead_partnership_id)
    count = Recommendation.objects.filter(case=case).count()
    warning = (
        f"This review already has {count} recommendations; your partnership's number is {limit}. "
        "You can add more, but the toolkit asks for few, specific and measurable ones."
        if count >= limit
        else ""
    )
    return edit_page(
        request,
        case,
        make_form=lambda data: RecommendationForm(data, case=case, initial={"scope": "local"}),
        save=lambda f: actions.add_recommendation(case, acting_user=user, **_rec_values(f)),
        done_url=_index_url(case),
        title="Add a recommendation",
        intro=[
            "Say who is to act, what change is expected, how its effect will be measured and by when. "
            "It enters the report only once each of the three safeguarding partners has endorsed it."
        ],
        success="{result} added",
        on_saved=lambda rec: actions.over_limit_warning(case),
        extra={"warning": warning},
    )


def _rec(case: Case, pk: int) -> Recommendation:
    rec = Recommendation.objects.filter(case=case, pk=pk).first()
    if rec is None:
        raise Http404("No such recommendation.")
    return rec


@login_required
def recommendation_edit(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = _case(request, reference, write=True)
    user = user_of(request)
    rec = _rec(case, pk)
    standing = rec.endorsements.filter(withdrawn_at__isnull=True).count()
    initial = {
        "addressee": rec.addressee,
        "scope": rec.scope,
        "expected_change": rec.expected_change,
        "measure": rec.measure,
        "due_by": rec.due_by,
        "national_policy": "yes" if rec.national_policy else "no",
        "learning_points": list(rec.learning_points.all()),
        "themes": list(rec.themes.all()),
        "version": rec.version,
    }
    warning = (
        "This recommendation has been endorsed. Changing what it says (who, what, how measured, by when, "
        "local or national) withdraws every endorsement, and the partners endorse it again."
        if standing
        else ""
    )
    return edit_page(
        request,
        case,
        make_form=lambda data: RecommendationForm(data, case=case, initial=initial),
        save=lambda f: actions.edit_recommendation(
            rec, expected_version=f.cleaned_data.get("version"), acting_user=user, **_rec_values(f)
        ),
        done_url=_index_url(case),
        title=f"Change {rec}",
        success="{result} saved",
        extra={"warning": warning},
    )


def _endorse_context(rec: Recommendation) -> list[str]:
    return [
        f"{rec}: addressed to {rec.addressee}.",
        rec.expected_change,
        f"Measured by: {rec.measure}",
    ]


@login_required
def endorse(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """A statutory partner lead endorses for their own partner (§9.2.6, as ratification, rule 37)."""
    case = _case(request, reference, write=True)
    user = user_of(request)
    if Role(user.role) is not Role.PARTNER_LEAD:
        raise PermissionDenied("Only a statutory partner lead endorses for their partner.")
    rec = _rec(case, pk)
    own = partner_acts.own_partner(user, case)
    if own is None:
        return page(request, "learning/endorse_unlinked.html", {"case": case, "back": _index_url(case)})
    initial = {
        "partner": own.kind,
        "executive_name": user.full_name,
        "executive_role": user.job_title,
        "date": timezone.localdate(),
        "version": rec.version,
    }
    return edit_page(
        request,
        case,
        make_form=lambda data: EndorseForm(data, initial=initial, partners=[(own.kind, own.get_kind_display())]),
        save=lambda f: actions.endorse(
            rec,
            partner=f.cleaned_data["partner"],
            executive_name=f.cleaned_data["executive_name"],
            executive_role=f.cleaned_data["executive_role"],
            date=f.cleaned_data["date"],
            expected_version=f.cleaned_data.get("version"),
            acting_user=user,
        ),
        done_url=_index_url(case),
        title=f"Endorse {rec}",
        submit="Record endorsement",
        intro=[*_endorse_context(rec), f"You endorse for the {own.get_kind_display()} ({own.organisation_name}) only."],
        success="Endorsement recorded",
    )


@login_required
def endorse_on_behalf(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = _case(request, reference, write=True)
    user = user_of(request)
    if not ratification.may_ratify_on_behalf(user, case):
        raise PermissionDenied("Endorsing on behalf of another partner is not open to you here.")
    rec = _rec(case, pk)
    own = partner_acts.own_partner(user, case)
    done = set(rec.endorsements.filter(withdrawn_at__isnull=True).values_list("partner", flat=True))
    choices = [(k.value, k.label) for k in PartnerKind if k.value not in done and (own is None or own.kind != k.value)]
    return edit_page(
        request,
        case,
        make_form=lambda data: EndorseOnBehalfForm(
            data, initial={"date": timezone.localdate(), "version": rec.version}, partners=choices
        ),
        save=lambda f: actions.endorse_on_behalf(
            rec,
            acting_user=user,
            expected_version=f.cleaned_data.get("version"),
            **{
                k: f.cleaned_data[k]
                for k in ("partner", "executive_name", "executive_role", "date", "reason", "delegation")
            },
        ),
        done_url=_index_url(case),
        title=f"Endorse {rec} on behalf of another partner",
        submit="Record endorsement on their behalf",
        intro=[
            *_endorse_context(rec),
            "Use this only when the partner's own lead cannot endorse. Say why, and the delegation you rely on: "
            "both appear on the review and in the audit trail.",
        ],
        success="Endorsement on behalf recorded",
    )


@login_required
def limit_settings(request: HttpRequest) -> HttpResponse:
    """The partnership's number of recommendations above which a review is warned (not blocked)."""
    user = user_of(request)
    if not Role(user.role).manages_partnership or user.partnership is None:
        raise Http404("No such page.")
    partnership = user.partnership
    row = LearningSettings.objects.filter(partnership=partnership).first()
    initial = {
        "limit": row.recommendation_limit if row else recommendation_limit(partnership.pk),
        "version": row.version if row else None,
    }
    return edit_page(
        request,
        None,
        make_form=lambda data: LimitForm(data, initial=initial),
        save=lambda f: actions.set_recommendation_limit(
            partnership, limit=f.cleaned_data["limit"], expected_version=f.cleaned_data.get("version"), acting_user=user
        ),
        done_url=reverse("learning:settings"),
        title="Number of recommendations",
        intro=[
            "The toolkit asks for few recommendations (§9.2.3). A review with more than this number is warned when "
            "recommendations are added; nothing is refused."
        ],
        success="Saved",
    )
