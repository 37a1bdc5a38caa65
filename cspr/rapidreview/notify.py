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
    # The rules of rules.md this conclusion applies ("Rule 2", "C15"), shown beside it.
    rules: list[str] = field(default_factory=list)


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
            ["Rule 10", "C15"],
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
            ["Rule 10", "Rule 12", "C15"],
        ),
        rapid_review=Finding(
            Verdict.NO,
            "The notification does not by itself require a Rapid Review.",
            [q.CARE_LEAVER_NO_RAPID_REVIEW],
            ["Rule 10", "C15"],
        ),
        child_death_review=Finding(
            Verdict.NO, "The child death review process covers children under 18.", [q.CHILD_DEFINITION], ["Rule 1"]
        ),
        notification_category="Care Leaver 18 years old up to 25th birthday" if died else "",
    )


def _classify(a: Answers) -> tuple[str, bool, list[Quote]]:
    """(classification, is abuse or neglect for notification purposes, quotes)."""
    if a.q1_carer_or_power and a.institutional:
        return "Possible institutional abuse or neglect", True, [q.INSTITUTIONAL]
    # Exploitation (Q2) is abuse wherever it happened: it is asked before the quality-of-care reading.
    if a.q1_carer_or_power or a.q2_exploitation:
        return "Abuse or neglect (extrafamilial harm questions 1 or 2)", True, []
    if a.institutional and a.quality_of_care_only:
        return "Possibly a quality-of-care issue rather than institutional abuse or neglect", False, [q.QUALITY_OF_CARE]
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
    lac = a.looked_after or a.subject is Subject.CARE_LEAVER
    # Rule 9 and rule 14: recent abuse, neglect or exploitation of a looked-after child linked to the
    # death or harm is abuse or neglect known or suspected to have contributed to it, so it meets the
    # notification criteria too. Treating it as anything less made the helper say "do not notify" and
    # "Rapid Review required" at once.
    abuse = abuse or a.abuse_or_neglect or (lac and a.lac_recent_abuse_or_exploitation)
    return _Facts(
        died=a.harm is Harm.DIED,
        harmed=a.harm in {Harm.DIED, Harm.SERIOUS_HARM},
        abuse=abuse,
        classification=classification,
        class_quotes=class_quotes,
        extrafamilial_only=classification in {"Extra-familial violence", "Child-on-child violence"} and not abuse,
        in_remit=a.location in {Location.IN_AREA, Location.OUTSIDE_ENGLAND_RESIDENT},
        lac=lac,
    )


def _panel(a: Answers, f: _Facts) -> Finding:
    """Rules 1, 2, 14, 17."""
    if not f.harmed:
        return Finding(
            Verdict.NO, "The child has not died or been seriously harmed.", [q.NOTIFY_CRITERIA], ["Rule 1", "Rule 2"]
        )
    if not f.in_remit:
        return Finding(
            Verdict.NO,
            "It happened in another local authority's area: that local authority notifies. Tell them.",
            [q.NOTIFY_CRITERIA, q.NOTIFY_OTHER_AGENCY],
            ["Rule 2", "Rule 4"],
        )
    if f.extrafamilial_only:
        return Finding(
            Verdict.CONSIDER,
            f"{f.classification}: notify if there are safeguarding concerns associated with the case.",
            f.class_quotes,
            ["Rule 17"],
        )
    if f.abuse:
        extra = [q.LAC_RECENT_HARM] if f.lac and a.lac_recent_abuse_or_exploitation else []
        return Finding(
            Verdict.YES,
            "Notify the National Panel within 5 working days of becoming aware (the local authority's duty).",
            [q.NOTIFY_CRITERIA, q.NOTIFY_WHO, q.THRESHOLD, *extra],
            ["Rule 2", "Rule 14"] + (["Rule 9"] if extra else []),
        )
    return Finding(
        Verdict.NO,
        "Abuse or neglect is not known or suspected, so the notification criteria are not met.",
        [q.NOTIFY_CRITERIA, q.THRESHOLD, q.THRESHOLD_ABUSIVE_EVENT, q.THRESHOLD_PROCESSES],
        ["Rule 1", "Rule 14"],
    )


def _sos(a: Answers, f: _Facts) -> tuple[Finding, str]:
    """Rules 9 and 11."""
    if f.died and f.lac:
        care_leaver = a.subject is Subject.CARE_LEAVER
        return (
            Finding(
                Verdict.YES,
                "Notify the Secretary of State and Ofsted of the death, whether or not abuse or neglect is suspected.",
                [q.LAC_NOTIFY] + ([q.CARE_LEAVER_UNDER_18] if care_leaver else []),
                ["Rule 9", "Rule 13"] + (["Rule 11", "Rule 12"] if care_leaver else []),
            ),
            "Looked after child / Care leaver child (under 18 years old)",
        )
    return (
        Finding(
            Verdict.NO,
            "The separate duty applies to the death of a looked-after child or care leaver.",
            [q.LAC_NOTIFY],
            ["Rule 9", "Rule 10"],
        ),
        "",
    )


def _rapid(a: Answers, f: _Facts, panel: Finding) -> Finding:
    """Rules 6, 9 and 16. A Rapid Review follows a notification and only a notification (rule 6), so
    this finding always agrees with the National Panel finding: the two can never contradict."""
    sudi_suicide = [x for x, on in ((q.SUDI, a.sudi), (q.SUICIDE, a.suicide)) if on]
    rules = ["Rule 6"] + (["Rule 16"] if sudi_suicide else [])
    if panel.verdict is Verdict.YES:
        lac_rule = ["Rule 9"] if f.lac else []
        quotes = [q.RAPID_REVIEW_ON_NOTIFICATION, *sudi_suicide]
        if f.lac and a.lac_recent_abuse_or_exploitation:
            quotes.append(q.LAC_RECENT_HARM)
        return Finding(
            Verdict.YES, "A Rapid Review is required on every notified serious incident.", quotes, rules + lac_rule
        )
    if panel.verdict is Verdict.CONSIDER:
        return Finding(
            Verdict.CONSIDER,
            "A Rapid Review follows if the partners decide to notify because of safeguarding concerns.",
            [q.EXTRAFAMILIAL_CONCERNS, q.RAPID_REVIEW_ON_NOTIFICATION],
            [*rules, "Rule 17"],
        )
    if f.harmed and not f.in_remit:
        return Finding(
            Verdict.NO,
            "Not here: the Rapid Review follows the notification by the local authority where it happened. Agree "
            "with that partnership which of you leads it.",
            [q.RAPID_REVIEW_ON_NOTIFICATION],
            [*rules, "Rule 8"],
        )
    reason = [q.LAC_NOTIFY] if (f.lac and f.died) else [q.RAPID_REVIEW_ON_NOTIFICATION]
    return Finding(
        Verdict.NO,
        "No Rapid Review is required: the notification criteria are not met.",
        reason + sudi_suicide,
        rules + (["Rule 9"] if f.lac and f.died else []),
    )


def _cdr(a: Answers, f: _Facts) -> Finding:
    """Rule 16."""
    if not f.died:
        return Finding(Verdict.NO, "The child has not died.", [], ["Rule 16"])
    cdr_quotes = [x for x, on in ((q.SUDI, a.sudi), (q.SUICIDE, a.suicide)) if on]
    tail = " and is normally the right route when abuse or neglect did not directly contribute." if cdr_quotes else "."
    return Finding(Verdict.YES, "The child death review process reviews this death" + tail, cdr_quotes, ["Rule 16"])


def decide(a: Answers) -> Outcome:
    if a.age is Age.OVER_25:
        none = Finding(
            Verdict.NO, "Neither duty applies from the 25th birthday.", [q.CARE_LEAVER_NOTIFY], ["Rule 10", "C15"]
        )
        return Outcome(none, none, none, Finding(Verdict.NO, "Not a child.", [q.CHILD_DEFINITION], ["Rule 1"]))
    if a.age is Age.FROM_18_TO_25:
        if a.subject is Subject.CARE_LEAVER:
            return _care_leaver_adult(a)
        none = Finding(
            Verdict.NO, "Not a child, and not known to be a care leaver.", [q.CHILD_DEFINITION], ["Rule 1", "Rule 12"]
        )
        return Outcome(none, none, none, Finding(Verdict.NO, "Not a child.", [q.CHILD_DEFINITION], ["Rule 1"]))

    f = _facts(a)
    panel = _panel(a, f)
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
