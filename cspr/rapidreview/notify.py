"""“Should we notify?” (Document 1 and the care-leaver factsheet) as a pure function.

``decide(answers) -> Outcome``: every conclusion carries the toolkit's own words (``quotes``) so the
people deciding see why. The helper supports a decision; the safeguarding partners make it (rule 3).
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any

from cspr.rapidreview import quotes as q
from cspr.rapidreview.quotes import Quote


class Verdict(enum.StrEnum):
    YES = "yes"
    NO = "no"
    CONSIDER = "consider"  # the toolkit leaves it to the partners' judgement


class Subject(enum.StrEnum):
    CHILD = "child"
    CARE_LEAVER = "care_leaver"


class Age(enum.StrEnum):
    UNDER_18 = "under_18"
    FROM_18_TO_25 = "18_to_25"  # 18 up to the 25th birthday
    OVER_25 = "over_25"


class Harm(enum.StrEnum):
    DIED = "died"
    SERIOUS_HARM = "serious_harm"
    NEITHER = "neither"


class Location(enum.StrEnum):
    IN_AREA = "in_area"
    OUTSIDE_ENGLAND_RESIDENT = "outside_england_resident"  # outside England, normally resident here
    ELSEWHERE = "elsewhere"  # in another local authority's area in England


@dataclass(frozen=True)
class Answers:
    subject: Subject = Subject.CHILD
    age: Age = Age.UNDER_18
    looked_after: bool = False
    harm: Harm = Harm.DIED
    location: Location = Location.IN_AREA
    abuse_or_neglect: bool = False  # known or suspected, at least in some way caused or contributed
    lac_recent_abuse_or_exploitation: bool = False  # recent abuse/neglect/exploitation linked to the death
    sudi: bool = False
    suicide: bool = False
    q1_carer_or_power: bool = False
    q2_exploitation: bool = False
    q3_adult_no_caring_role: bool = False
    q4_another_child: bool = False
    institutional: bool = False
    quality_of_care_only: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answers:
        enums = {"subject": Subject, "age": Age, "harm": Harm, "location": Location}
        kwargs: dict[str, Any] = {}
        for name in cls.__dataclass_fields__:
            if name not in data:
                continue
            value = data[name]
            kwargs[name] = enums[name](value) if name in enums else bool(value)
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, enum.Enum) else v) for k, v in asdict(self).items()}


@dataclass
class Finding:
    verdict: Verdict
    summary: str
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Outcome:
    notify_panel: Finding
    notify_sos_ofsted: Finding
    rapid_review: Finding
    child_death_review: Finding
    national_reviews: list[tuple[str, Quote]] = field(default_factory=list)
    classification: str = ""
    notification_category: str = ""
    notes: list[Quote] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _care_leaver_adult(a: Answers) -> Outcome:
    died = a.harm is Harm.DIED
    return Outcome(
        notify_panel=Finding(
            Verdict.NO,
            "The National Panel receives the notification but does not review it: its remit is children aged 17 "
            "and under.",
            [q.CARE_LEAVER_NO_RAPID_REVIEW],
        ),
        notify_sos_ofsted=Finding(
            Verdict.YES if died else Verdict.NO,
            (
                "Notify the Secretary of State and Ofsted through the child safeguarding incident notification "
                "system. This is expected but not mandatory."
                if died
                else "The factsheet covers the death of a care leaver; serious harm alone is not notified this way."
            ),
            [q.CARE_LEAVER_NOTIFY, q.CARE_LEAVER_18_25, q.CARE_LEAVER_NOT_MANDATORY]
            if died
            else [q.CARE_LEAVER_NOTIFY],
        ),
        rapid_review=Finding(
            Verdict.NO, "The notification does not by itself require a Rapid Review.", [q.CARE_LEAVER_NO_RAPID_REVIEW]
        ),
        child_death_review=Finding(Verdict.NO, "The child death review process covers children under 18.", []),
        notification_category="Care Leaver 18 years old up to 25th birthday" if died else "",
    )


def _classify(a: Answers) -> tuple[str, bool, list[Quote]]:
    """(classification, is abuse or neglect for notification purposes, quotes)."""
    if a.q1_carer_or_power and a.institutional:
        return "Possible institutional abuse or neglect", True, [q.INSTITUTIONAL]
    if a.institutional and a.quality_of_care_only:
        return "Possibly a quality-of-care issue rather than institutional abuse or neglect", False, [q.QUALITY_OF_CARE]
    if a.q1_carer_or_power or a.q2_exploitation:
        return "Abuse or neglect (extrafamilial harm questions 1 or 2)", True, []
    if a.q3_adult_no_caring_role:
        return "Extra-familial violence", False, [q.EXTRAFAMILIAL_CLASSIFICATION, q.EXTRAFAMILIAL_CONCERNS]
    if a.q4_another_child:
        return "Child-on-child violence", False, [q.EXTRAFAMILIAL_CLASSIFICATION, q.EXTRAFAMILIAL_CONCERNS]
    return "", a.abuse_or_neglect, []


@dataclass
class _Facts:
    died: bool
    harmed: bool
    abuse: bool
    classification: str
    class_quotes: list[Quote]
    extrafamilial_only: bool
    in_remit: bool
    lac: bool


def _facts(a: Answers) -> _Facts:
    classification, abuse, class_quotes = _classify(a)
    abuse = abuse or a.abuse_or_neglect
    return _Facts(
        died=a.harm is Harm.DIED,
        harmed=a.harm in {Harm.DIED, Harm.SERIOUS_HARM},
        abuse=abuse,
        classification=classification,
        class_quotes=class_quotes,
        extrafamilial_only=classification in {"Extra-familial violence", "Child-on-child violence"} and not abuse,
        in_remit=a.location in {Location.IN_AREA, Location.OUTSIDE_ENGLAND_RESIDENT},
        lac=a.looked_after or a.subject is Subject.CARE_LEAVER,
    )


def _panel(f: _Facts) -> Finding:
    """Rule 2."""
    if not f.harmed:
        return Finding(Verdict.NO, "The child has not died or been seriously harmed.", [q.NOTIFY_CRITERIA])
    if not f.in_remit:
        return Finding(
            Verdict.NO,
            "It happened in another local authority's area: that local authority notifies. Tell them.",
            [q.NOTIFY_CRITERIA, q.NOTIFY_OTHER_AGENCY],
        )
    if f.extrafamilial_only:
        return Finding(
            Verdict.CONSIDER,
            f"{f.classification}: notify if there are safeguarding concerns associated with the case.",
            f.class_quotes,
        )
    if f.abuse:
        return Finding(
            Verdict.YES,
            "Notify the National Panel within 5 working days of becoming aware (the local authority's duty).",
            [q.NOTIFY_CRITERIA, q.NOTIFY_WHO, q.THRESHOLD],
        )
    return Finding(
        Verdict.NO,
        "Abuse or neglect is not known or suspected, so the notification criteria are not met.",
        [q.NOTIFY_CRITERIA, q.THRESHOLD, q.THRESHOLD_ABUSIVE_EVENT, q.THRESHOLD_PROCESSES],
    )


def _sos(a: Answers, f: _Facts) -> tuple[Finding, str]:
    """Rules 9 and 11."""
    if f.died and f.lac:
        return (
            Finding(
                Verdict.YES,
                "Notify the Secretary of State and Ofsted of the death, whether or not abuse or neglect is suspected.",
                [q.LAC_NOTIFY] + ([q.CARE_LEAVER_UNDER_18] if a.subject is Subject.CARE_LEAVER else []),
            ),
            "Looked after child / Care leaver child (under 18 years old)",
        )
    return Finding(Verdict.NO, "The separate duty applies to the death of a looked-after child or care leaver.", []), ""


def _rapid(a: Answers, f: _Facts, panel: Finding) -> Finding:
    """Rules 6, 9 and 16."""
    if panel.verdict is Verdict.YES:
        extra = [x for x, on in ((q.SUDI, a.sudi), (q.SUICIDE, a.suicide)) if on]
        return Finding(
            Verdict.YES,
            "A Rapid Review is required on every notified serious incident.",
            [q.RAPID_REVIEW_ON_NOTIFICATION, *extra],
        )
    if panel.verdict is Verdict.CONSIDER:
        return Finding(
            Verdict.CONSIDER,
            "A Rapid Review follows if the partners decide to notify because of safeguarding concerns.",
            [q.EXTRAFAMILIAL_CONCERNS, q.RAPID_REVIEW_ON_NOTIFICATION],
        )
    if f.lac and f.harmed and a.lac_recent_abuse_or_exploitation and f.in_remit:
        return Finding(
            Verdict.YES, "Recent abuse, neglect or exploitation is linked to the death or harm.", [q.LAC_RECENT_HARM]
        )
    reason = [q.LAC_NOTIFY] if (f.lac and f.died) else [q.RAPID_REVIEW_ON_NOTIFICATION]
    reason += [x for x, on in ((q.SUDI, a.sudi), (q.SUICIDE, a.suicide)) if on]
    return Finding(Verdict.NO, "No Rapid Review is required.", reason)


def _cdr(a: Answers, f: _Facts) -> Finding:
    """Rule 16."""
    if not f.died:
        return Finding(Verdict.NO, "The child has not died.", [])
    cdr_quotes = [x for x, on in ((q.SUDI, a.sudi), (q.SUICIDE, a.suicide)) if on]
    tail = " and is normally the right route when abuse or neglect did not directly contribute." if cdr_quotes else "."
    return Finding(Verdict.YES, "The child death review process reviews this death" + tail, cdr_quotes)


def decide(a: Answers) -> Outcome:
    if a.age is Age.OVER_25:
        none = Finding(Verdict.NO, "Neither duty applies from the 25th birthday.", [q.CARE_LEAVER_NOTIFY])
        return Outcome(none, none, none, Finding(Verdict.NO, "Not a child.", [q.CHILD_DEFINITION]))
    if a.age is Age.FROM_18_TO_25:
        if a.subject is Subject.CARE_LEAVER:
            return _care_leaver_adult(a)
        none = Finding(Verdict.NO, "Not a child, and not known to be a care leaver.", [q.CHILD_DEFINITION])
        return Outcome(none, none, none, Finding(Verdict.NO, "Not a child.", [q.CHILD_DEFINITION]))

    f = _facts(a)
    panel = _panel(f)
    sos, category = _sos(a, f)
    national: list[tuple[str, Quote]] = []
    if a.sudi:
        national.append(("Out of Routine", q.OUT_OF_ROUTINE))
    if a.q2_exploitation:
        national.append(("It was hard to escape", q.HARD_TO_ESCAPE))
    notes: list[Quote] = []
    if a.harm is Harm.SERIOUS_HARM and f.abuse:
        notes.append(q.CUMULATIVE_NEGLECT)
    if f.classification.startswith("Possible institutional"):
        notes.append(q.QUALITY_OF_CARE)
    return Outcome(
        notify_panel=panel,
        notify_sos_ofsted=sos,
        rapid_review=_rapid(a, f, panel),
        child_death_review=_cdr(a, f),
        national_reviews=national,
        classification=f.classification,
        notification_category=category,
        notes=notes,
    )
