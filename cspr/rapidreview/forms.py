"""Forms of the Rapid Review: the notification helper, scoping, meeting, Document 4, decision,
ratification, endorsement, submission and the Panel's response."""

from __future__ import annotations

from typing import Any

from django import forms

from cspr.cases.forms import VersionedForm, date_field, yes_no
from cspr.cases.models import Case
from cspr.organisations.models import Agency, PartnerKind
from cspr.rapidreview.models import Attendee, Criterion, DecisionOption, PanelConsideration, SubmissionMethod
from cspr.rapidreview.notify import Age, Harm, Location, Subject

CHECKBOXES = forms.CheckboxSelectMultiple


class NotifyForm(forms.Form):
    subject = forms.ChoiceField(
        label="Is this about a child or a care leaver?",
        choices=[(Subject.CHILD.value, "A child"), (Subject.CARE_LEAVER.value, "A care leaver")],
        widget=forms.RadioSelect,
        help_text="A care leaver was looked after for at least 13 weeks, in a period that began after their 14th "
        "birthday and ended after their 16th, and is no longer looked after.",
        error_messages={"required": "Select whether this is about a child or a care leaver"},
    )
    age = forms.ChoiceField(
        label="How old were they?",
        choices=[
            (Age.UNDER_18.value, "Under 18"),
            (Age.FROM_18_TO_25.value, "18 up to their 25th birthday"),
            (Age.OVER_25.value, "25 or over"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how old they were"},
    )
    looked_after = yes_no(
        "Was the child looked after by a local authority?",
        help_text="Accommodated for a continuous period of more than 24 hours, or subject to a care order or a "
        "placement order.",
        error="Select yes if the child was looked after",
    )
    harm = forms.ChoiceField(
        label="What happened?",
        choices=[
            (Harm.DIED.value, "They died"),
            (Harm.SERIOUS_HARM.value, "They were seriously harmed"),
            (Harm.NEITHER.value, "Neither"),
        ],
        widget=forms.RadioSelect,
        help_text="Serious harm includes serious or long-term impairment of mental health or development, even if "
        "not yet obvious. A child recovering does not mean serious harm did not occur.",
        error_messages={"required": "Select what happened"},
    )
    location = forms.ChoiceField(
        label="Where did it happen?",
        choices=[
            (Location.IN_AREA.value, "In our local authority area"),
            (Location.OUTSIDE_ENGLAND_RESIDENT.value, "Outside England, and the child normally lives in our area"),
            (Location.ELSEWHERE.value, "In another local authority area in England"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select where it happened"},
    )
    abuse_or_neglect = yes_no(
        "Is abuse or neglect known or suspected?",
        help_text="The threshold is met if: there is sufficient reason to suspect abuse or neglect that at least in "
        "some way caused or contributed to the death or harm; or the event is in itself abusive (for example murder "
        "by a parent or carer); or there is enough concern to trigger a strategy discussion, a section 47 enquiry, "
        "care proceedings or a criminal investigation. It does not need to be proven.",
        error="Select yes if abuse or neglect is known or suspected",
    )
    also = forms.MultipleChoiceField(
        label="Does any of this apply?",
        required=False,
        widget=CHECKBOXES,
        help_text="Select all that apply.",
        choices=[
            ("sudi", "Sudden unexpected death in infancy (SUDI)"),
            ("suicide", "Suicide"),
            (
                "lac_recent_abuse_or_exploitation",
                "A looked-after child experienced recent abuse, neglect, or criminal or sexual exploitation linked "
                "to the death or harm",
            ),
            (
                "q1_carer_or_power",
                "Q1: caused by or directly related to an adult with caring responsibilities for the child, or in a "
                "position of power or control over them",
            ),
            (
                "q2_exploitation",
                "Q2: an adult's acts or omissions meet the definition of sexual or criminal exploitation",
            ),
            (
                "q3_adult_no_caring_role",
                "Q3: caused by an adult without caring responsibilities or power, control or trust, with no evidence "
                "of exploitation",
            ),
            (
                "q4_another_child",
                "Q4: caused by another child, with no evidence of coercion or exploitation by an adult",
            ),
            ("institutional", "It happened within an institution (for example a school or residential setting)"),
            (
                "quality_of_care_only",
                "The harm relates to the general quality of care in the institution, not targeted at particular "
                "children",
            ),
        ],
    )

    def clean(self) -> dict[str, Any]:
        """Answers that cannot be true together (rules 12 and 13) are refused, not guessed at."""
        cleaned = super().clean() or {}
        also = cleaned.get("also") or []
        if cleaned.get("subject") == Subject.CARE_LEAVER and cleaned.get("looked_after"):
            self.add_error("looked_after", "A care leaver is no longer looked after: select no, or ‘A child’")
        if cleaned.get("age") in {Age.FROM_18_TO_25, Age.OVER_25} and cleaned.get("looked_after"):
            self.add_error("looked_after", "Only a child under 18 can be looked after: select no")
        if (
            "lac_recent_abuse_or_exploitation" in also
            and not cleaned.get("looked_after")
            and cleaned.get("subject") != Subject.CARE_LEAVER
        ):
            self.add_error(
                "also",
                "Recent abuse, neglect or exploitation of a looked-after child applies only if the child was looked "
                "after: select yes for looked after, or untick it",
            )
        return cleaned

    def answers(self) -> dict[str, Any]:
        d = self.cleaned_data
        data: dict[str, Any] = {
            k: d[k] for k in ("subject", "age", "looked_after", "harm", "location", "abuse_or_neglect")
        }
        data.update({flag: True for flag in d.get("also", [])})
        return data


class ScopingForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        label="Which agencies receive the scoping request?",
        widget=CHECKBOXES,
        help_text="Every relevant agency (Document 2). Agencies with no involvement confirm that in writing.",
        error_messages={"required": "Select at least one agency"},
    )
    sent_date = date_field("Date the requests are sent", "the date the requests were sent", required=True)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from cspr.cases.forms import case_agencies

        field = self.fields["agencies"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = case_agencies(case)


class MeetingForm(forms.Form):
    date = date_field("Date of the Rapid Review meeting", "the date of the meeting", required=True)
    time = forms.CharField(label="Time", max_length=20, required=False, help_text="For example, 10am")
    location = forms.CharField(
        label="Where",
        max_length=300,
        required=False,
        help_text="Face to face where possible, or a call if time is short",
    )


class AttendeeForm(forms.ModelForm[Attendee]):
    class Meta:
        model = Attendee
        fields = [
            "name",
            "role",
            "organisation",
            "email",
            "observer",
            "represents",
            "employed_by",
            "user",
            "delegated_authority",
            "present",
            "confidentiality_agreed",
            "conflict_of_interest",
        ]
        labels = {
            "observer": "Observer (not a participant)",
            "represents": "Which safeguarding partner does this person represent?",
            "employed_by": "Which statutory partner's organisation employs this person?",
            "user": "Their CSPR Manager account as a statutory partner lead (optional)",
            "delegated_authority": "Has delegated authority to make decisions for that partner",
            "present": "Present at the meeting",
            "confidentiality_agreed": "Has signed the confidentiality agreement (Appendix 2)",
            "conflict_of_interest": "Conflict of interest declared",
        }
        help_texts = {
            "represents": "One person counts for one partner only. Leave blank for other agencies.",
            "employed_by": "A person counts for a partner only if they belong to it: employed by its organisation, "
            "or one of its users. School, GP and other agency staff do not count for a partner.",
        }
        widgets = {
            "represents": forms.RadioSelect,
            "employed_by": forms.RadioSelect,
            "conflict_of_interest": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["represents"].choices = [("", "None"), *PartnerKind.choices]  # type: ignore[attr-defined]
        partners = {p.kind: p.organisation_name for p in case.lead_partnership.statutory_partners.all()}
        self.fields["employed_by"].choices = [  # type: ignore[attr-defined]
            ("", "None of them (another agency)"),
            *[(kind.value, f"{partners.get(kind.value, kind.label)} ({kind.label})") for kind in PartnerKind],
        ]
        from cspr.accounts.models import User

        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = User.objects.filter(
            partnership_id=case.lead_partnership_id, statutory_partner__isnull=False, is_active=True
        ).order_by("full_name")
        user_field.empty_label = "Not a CSPR Manager user"
        self.fields["name"].error_messages["required"] = "Enter the person's name"
        self.fields["role"].error_messages["required"] = "Enter the person's role"
        self.fields["organisation"].error_messages["required"] = "Enter the person's organisation"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )


class AbsenceForm(forms.Form):
    organisation = forms.CharField(
        label="Agency not represented", max_length=200, error_messages={"required": "Enter the agency"}
    )
    explanation = forms.CharField(
        label="Why it was not represented",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Explain why the agency was not there"},
    )


def _text(label: str, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class SummaryForm(VersionedForm):
    """Document 4 section 1 (completed before the meeting)."""

    case_summary = _text(
        "Case summary",
        6,
        "A concise outline of the child and family circumstances and the incident that triggered "
        "this Rapid Review, with any other relevant context.",
    )
    documentation_available = _text(
        "Documentation available to this Rapid Review", 4, "List the documents by name. Do not embed them."
    )


class SafeguardingForm(VersionedForm):
    """Document 4 §2.1."""

    immediate_action_taken = yes_no(
        "Has all appropriate immediate action been taken to ensure children's safety and share any learning?",
        required=False,
    )
    immediate_actions = _text("Details of action taken, or the actions that need to be taken")
    immediate_actions_who = forms.CharField(label="By whom", max_length=300, required=False)
    immediate_actions_when = forms.CharField(label="By when", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("immediate_action_taken") is False:
            for name, message in (
                ("immediate_actions", "Enter the actions that need to be taken"),
                ("immediate_actions_who", "Enter who will take the actions"),
                ("immediate_actions_when", "Enter when the actions will be taken"),
            ):
                if not cleaned.get(name):
                    self.add_error(name, message)
        return cleaned


class CriteriaForm(VersionedForm):
    """Document 4 §2.2."""

    criteria = forms.MultipleChoiceField(
        label="The case has the potential to meet these criteria (Working Together 2023)",
        choices=Criterion.choices,
        widget=CHECKBOXES,
        required=False,
        help_text="Tick all that are relevant. These should be agreed by all participants.",
    )

    def clean_criteria(self) -> list[str]:
        chosen: list[str] = self.cleaned_data.get("criteria", [])
        if Criterion.NONE in chosen and len(chosen) > 1:
            raise forms.ValidationError("Select ‘None of the above’ on its own, or the criteria that apply")
        return chosen


class DiscussionForm(VersionedForm):
    """Document 4 §2.3 with the National Panel's extra considerations for this partnership."""

    time_period = _text("Time period", 2)
    previous_involvement = _text("Previous agency involvement with significant family members")
    lived_experience = _text("What was the child's lived experience?")
    considerations = _text(
        "Considerations (toolkit §4.6.4)",
        5,
        "The child's voice; race, culture, faith and ethnicity; disability, health and identity; risk factors; issues "
        "of national significance and whether a national review is needed, and why.",
    )
    discussion = _text("Rapid Review discussion", 6)
    police_update = _text("Update from police")
    long_term_impact = _text("Long-term impact of injuries sustained")
    themes = _text("Exploration of key themes and contextual factors")
    national_reviews = _text("Relevant national reviews that can be referenced to support local learning")
    good_practice = _text("Good practice identified")
    conclusion = _text("Rapid Review conclusion")
    immediate_learning = _text(
        "Immediate learning",
        5,
        "Single or multi-agency learning that can be acted on now. If no further review is proposed because all the "
        "learning has been captured, this must be detailed.",
    )
    learning_sharing = _text("How the learning will be shared and implemented", 3)
    legal_advice_sought = yes_no("Has legal advice been sought?", required=False)
    legal_advice = _text("Details of legal advice", 2)

    def __init__(self, *args: Any, considerations: list[PanelConsideration] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.panel_fields: list[tuple[str, int]] = []
        for item in considerations or []:
            name = f"panel_{item.pk}"
            self.fields[name] = _text(item.question, 3, "Asked by the National Panel")
            self.panel_fields.append((name, item.pk))

    def values(self) -> dict[str, Any]:
        d = {k: v for k, v in self.cleaned_data.items() if k != "version" and not k.startswith("panel_")}
        d["panel_answers"] = {str(pk): self.cleaned_data.get(name, "") for name, pk in self.panel_fields}
        return d


class DecisionForm(VersionedForm):
    """Document 4 section 3 (rules.md C9)."""

    decision = forms.MultipleChoiceField(
        label="After completing this Rapid Review, it has been agreed that this case:",
        choices=DecisionOption.choices,
        widget=CHECKBOXES,
        help_text="Select one of (a), (b), (c) or (e). (d) can be selected on its own or with (b) or (c).",
        error_messages={"required": "Select the decision"},
    )
    other_review = forms.CharField(label="If (d), state which review", max_length=300, required=False)
    kloes = _text(
        "Proposed key lines of enquiry for the LCSPR", 5, "Required if the decision is to progress to a review"
    )
    reasons = _text(
        "Reasons for the recommendation",
        6,
        "Including the potential for additional learning. If no further review, explain why no further learning "
        "is expected.",
    )
    decision_date = date_field("Date of the decision", "the date of the decision", required=True)


class RatifyForm(forms.Form):
    """A partner lead ratifies for their own partner: the only choice offered (a forged other partner is
    an invalid choice here, and refused by the action too)."""

    partner = forms.ChoiceField(
        label="Which safeguarding partner is ratifying?",
        choices=PartnerKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the safeguarding partner",
            "invalid_choice": "You ratify for your own partner only",
        },
    )
    executive_name = forms.CharField(
        label="Name of the executive taking responsibility",
        max_length=200,
        error_messages={"required": "Enter the name of the executive"},
    )
    executive_role = forms.CharField(
        label="Their role", max_length=200, error_messages={"required": "Enter the executive's role"}
    )
    date = date_field("Date ratified", "the date of ratification", required=True)

    def __init__(self, *args: Any, partners: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partner"].choices = partners  # type: ignore[attr-defined]


class RatifyOnBehalfForm(RatifyForm):
    reason = forms.CharField(
        label="Why are you ratifying on this partner's behalf?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are ratifying on this partner's behalf"},
    )
    delegation = forms.CharField(
        label="The delegation this relies on",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who delegated the decision, to whom, when and how (for example a written delegation from the "
        "partner's lead).",
        error_messages={"required": "Enter the delegation this relies on"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].label = "For which safeguarding partner are you ratifying?"
        self.fields["partner"].error_messages["invalid_choice"] = "Select a partner that has not ratified yet"


class EndorseForm(forms.Form):
    name = forms.CharField(
        label="Name of the independent scrutineer or chair",
        max_length=200,
        error_messages={"required": "Enter the name"},
    )
    role = forms.CharField(label="Role", max_length=200, error_messages={"required": "Enter the role"})
    date = date_field("Date endorsed", "the date of endorsement", required=True)


class SubmitForm(forms.Form):
    method = forms.ChoiceField(
        label="How is the Rapid Review sent to the National Panel?",
        choices=SubmissionMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the Rapid Review is sent"},
    )
    date = date_field("Date submitted", "the date of submission", required=True)


class PanelResponseForm(forms.Form):
    response = forms.CharField(
        label="The National Panel's response",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the National Panel's response"},
    )
    date = date_field("Date of the response", "the date of the response", required=True)


class PanelConsiderationForm(forms.Form):
    question = forms.CharField(
        label="Question the National Panel asks Rapid Reviews to consider",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the question"},
    )
    active = forms.BooleanField(label="Ask it in new Rapid Reviews", required=False, initial=True)
