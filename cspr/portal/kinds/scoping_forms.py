"""The sections of Document 2 answered online, one form each. Labels and answer keys come from
``cspr.portal.scoping``, so the online form, the Word template and its reader stay the same fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms

from cspr.cases.models import Person, PersonRole
from cspr.portal import scoping
from cspr.portal.actions import TrackerRow
from cspr.portal.kinds.base import SectionForm, answers_of
from cspr.portal.models import CORRECTABLE_FIELDS, InformationRequest, Rag
from cspr.ui.widgets import GovukDateField

TEXTAREA = forms.Textarea(attrs={"rows": 5})
SHORT_TEXTAREA = forms.Textarea(attrs={"rows": 3})
MIN_TRACKER_ROWS = 1
MAX_TRACKER_ROWS = 30
# Employment status is asked of people old enough to work full time.
EMPLOYMENT_FROM_AGE = 16
TRACKER_NAMES = ("learning_point", "action", "lead", "target_date", "evidence", "rag")


def _text(label: str, *, hint: str = "", long: bool = False, rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        widget=(TEXTAREA if rows == 5 else SHORT_TEXTAREA) if long else forms.TextInput(),
        max_length=20000 if long else 500,
    )


def fields_asked(person: Person) -> list[str]:
    """Question 2's details that apply to this person: no employment status for a child."""
    age = person.age
    child = person.role == PersonRole.SUBJECT_CHILD if age is None else age < EMPLOYMENT_FROM_AGE
    return [name for name in CORRECTABLE_FIELDS if not (name == "employment" and child)]


def bounded_rows(value: Any, default: int) -> int:
    """A row count typed or forged by anyone: never an error, always between the bounds."""
    try:
        rows = int(str(value).strip())
    except (TypeError, ValueError):
        rows = default
    return max(MIN_TRACKER_ROWS, min(rows, MAX_TRACKER_ROWS))


class ContactForm(SectionForm):
    """Contact details of the individual / agency completing this form."""

    required_answers = frozenset(q.key for q in scoping.CONTACT if q.required)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for q in scoping.CONTACT:
            if q.key == "date_completed":
                self.fields[q.key] = GovukDateField(
                    label=q.label, required=False, label_for_errors="the date completed"
                )
            else:
                hint = q.text if q.text != q.label else ""
                self.fields[q.key] = _text(q.label, hint=hint, long=q.key == "contact_details")


class QuestionForm(SectionForm):
    """One numbered question of Section 2."""

    def __init__(self, *args: Any, question: scoping.Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields[question.key] = _text(question.label, hint=question.text, long=True)
        self.required_answers = frozenset({question.key} if question.required else ())


class FamilyForm(SectionForm):
    """Question 2: the details the agency holds for each person of Section 1."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = list(self.request.case.people.all())
        for person in self.people:
            for name in fields_asked(person):
                self.fields[f"p{person.pk}_{name}"] = _text(f"{CORRECTABLE_FIELDS[name]} of {person}")

    def get_initial_for_field(self, field: forms.Field, field_name: str) -> Any:
        if field_name == "version":
            return self.request.version
        person_key, name = field_name[1:].split("_", 1)
        family = answers_of(self.request).get("family", {})
        given = family.get(person_key, {}) if isinstance(family, dict) else {}
        person = next(p for p in self.people if str(p.pk) == person_key)
        return given.get(name) or getattr(person, name) or ""

    def family_rows(self) -> list[tuple[Person, list[forms.BoundField]]]:
        return [(p, [self[f"p{p.pk}_{name}"] for name in fields_asked(p)]) for p in self.people]

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "family": {
                str(p.pk): {name: (data.get(f"p{p.pk}_{name}") or "").strip() for name in fields_asked(p)}
                for p in self.people
            }
        }


class LearningForm(SectionForm):
    """Question 5 and its action tracker (rule 72: RAG starts at P)."""

    def __init__(self, *args: Any, rows: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        question = next(q for q in scoping.QUESTIONS if q.key == "learning")
        self.fields["learning"] = _text(question.label, hint=question.text, long=True)
        self.saved_rows = list(self.request.learning_actions.all())
        default = max(MIN_TRACKER_ROWS, len(self.saved_rows) + 1)
        # Keep every row the person filled in when they asked for another one; saved rows are never cut.
        asked = self.data.get("tracker_rows") if self.data else rows
        self.tracker_rows = default if asked is None else max(default, bounded_rows(asked, default))
        for n in range(1, self.tracker_rows + 1):
            self.fields[f"a{n}_learning_point"] = _text(f"Learning point {n}", long=True, rows=3)
            self.fields[f"a{n}_action"] = _text(f"Action required for learning point {n}", long=True, rows=3)
            self.fields[f"a{n}_lead"] = _text(f"Lead for learning point {n}")
            self.fields[f"a{n}_target_date"] = GovukDateField(
                label=f"Target date for completion of learning point {n}",
                required=False,
                label_for_errors=f"the target date of learning point {n}",
            )
            self.fields[f"a{n}_evidence"] = _text(
                f"Evidence of progress of implementation for learning point {n}", long=True, rows=3
            )
            self.fields[f"a{n}_rag"] = forms.ChoiceField(
                label=f"RAG rating of learning point {n}", choices=Rag.choices, initial=Rag.PENDING, required=False
            )

    def get_initial_for_field(self, field: forms.Field, field_name: str) -> Any:
        if not field_name.startswith("a") or "_" not in field_name or not field_name[1].isdigit():
            return super().get_initial_for_field(field, field_name)
        number, name = field_name[1:].split("_", 1)
        index = int(number) - 1
        if index >= len(self.saved_rows):
            return Rag.PENDING if name == "rag" else None
        return getattr(self.saved_rows[index], name)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, self.tracker_rows + 1):
            others = [data.get(f"a{n}_{k}") for k in ("action", "lead", "target_date", "evidence")]
            if any(others) and not data.get(f"a{n}_learning_point"):
                self.add_error(f"a{n}_learning_point", f"Enter learning point {n}, or clear the rest of its row")
        return data

    def tracker(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [(n, [self[f"a{n}_{k}"] for k in TRACKER_NAMES]) for n in range(1, self.tracker_rows + 1)]

    def answers(self) -> dict[str, Any]:
        return {"learning": (self.cleaned_data.get("learning") or "").strip()}

    def tracker_values(self) -> list[TrackerRow]:
        data = self.cleaned_data
        rows = []
        for n in range(1, self.tracker_rows + 1):
            point = (data.get(f"a{n}_learning_point") or "").strip()
            if not point:
                continue
            target: dt.date | None = data.get(f"a{n}_target_date")
            rows.append(
                TrackerRow(
                    learning_point=point,
                    action=(data.get(f"a{n}_action") or "").strip(),
                    lead=(data.get(f"a{n}_lead") or "").strip(),
                    target_date=target,
                    evidence=(data.get(f"a{n}_evidence") or "").strip(),
                    rag=data.get(f"a{n}_rag") or Rag.PENDING,
                )
            )
        return rows


def learning_form(request: InformationRequest, data: Any, query: Mapping[str, str]) -> LearningForm:
    return LearningForm(data, request=request, rows=query.get("rows"))
