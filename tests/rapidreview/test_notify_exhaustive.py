"""“Should we notify?” over EVERY combination of its answers (rules 1, 2, 6, 9, 10, 12, 13, 16, C15).

The helper has 2 × 3 × 3 × 3 answers to choose and 11 yes/no answers: 110,592 combinations. Each is
decided and checked for pairs of outcomes that contradict each other, and for every outcome citing
the rule it applies. It found the looked-after child whose recent abuse was linked to the death: the
helper said "do not notify" (abuse not known or suspected) and "Rapid Review required" at once.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest

from cspr.rapidreview.forms import NotifyForm
from cspr.rapidreview.notify import Age, Answers, Finding, Harm, Location, Outcome, Subject, Verdict, decide

FLAGS = [
    f.name
    for f in dataclasses.fields(Answers)
    if f.name not in {"subject", "age", "harm", "location"}  # the eleven yes/no answers
]
RULES_MD = Path("/work/shared/spec/rules.md")


def every_answer() -> itertools.product:  # type: ignore[type-arg]
    return itertools.product(Subject, Age, Harm, Location, *[(False, True)] * len(FLAGS))


def answers_of(combo: tuple[object, ...]) -> Answers:
    subject, age, harm, location, *flags = combo
    return Answers(subject=subject, age=age, harm=harm, location=location, **dict(zip(FLAGS, flags, strict=True)))  # type: ignore[arg-type]


def abuse_suspected(a: Answers) -> bool:
    """What the person answering has told the helper about abuse or neglect (rule 14)."""
    lac = a.looked_after or a.subject is Subject.CARE_LEAVER
    institutional_abuse = a.q1_carer_or_power and a.institutional
    return (
        a.abuse_or_neglect
        or a.q1_carer_or_power
        or a.q2_exploitation
        or institutional_abuse
        or (lac and a.lac_recent_abuse_or_exploitation)
    )


def contradictions(a: Answers, out: Outcome) -> list[str]:
    found: list[str] = []
    panel, rr, sos, cdr = out.notify_panel, out.rapid_review, out.notify_sos_ofsted, out.child_death_review
    # Rule 6: a notified incident triggers a Rapid Review; one that is not notified and does not meet
    # the criteria needs none. The two findings always carry the same verdict.
    if panel.verdict is not rr.verdict:
        found.append(f"National Panel {panel.verdict} but Rapid Review {rr.verdict}")
    child = a.age is Age.UNDER_18
    harmed = a.harm is not Harm.NEITHER
    died = a.harm is Harm.DIED
    in_area = a.location is not Location.ELSEWHERE
    # Rule 1/2: abuse known or suspected, a child harmed, in our remit -> notify (or partners decide
    # for extra-familial harm); never "do not notify" while saying abuse is not suspected.
    if child and harmed and in_area and abuse_suspected(a) and panel.verdict is Verdict.NO:
        found.append("abuse suspected, child harmed in our area, yet 'do not notify'")
    if panel.verdict is Verdict.NO and abuse_suspected(a) and "not known or suspected" in panel.summary:
        found.append("says abuse is not suspected although it was answered yes")
    if panel.verdict is not Verdict.NO and (not child or not harmed or not in_area):
        found.append(f"National Panel {panel.verdict} outside its remit")
    # Rule 9, 11: a looked-after child's (or care leaver under 18's) death goes to the SoS and Ofsted.
    lac = a.looked_after or a.subject is Subject.CARE_LEAVER
    if child and died and lac and sos.verdict is not Verdict.YES:
        found.append("looked-after child died but no notification to the Secretary of State and Ofsted")
    # C15, rule 10: a care leaver aged 18 to 25: SoS and Ofsted if they died, never a Rapid Review by itself.
    if a.age is Age.FROM_18_TO_25 and a.subject is Subject.CARE_LEAVER:
        if rr.verdict is not Verdict.NO or panel.verdict is not Verdict.NO:
            found.append("care leaver over 18 given a Rapid Review or a Panel notification")
        if (sos.verdict is Verdict.YES) != died:
            found.append("care leaver over 18: SoS and Ofsted verdict does not follow the death")
    # Rule 16: SUDI or suicide needs a Rapid Review only where abuse or neglect contributed.
    if (a.sudi or a.suicide) and not abuse_suspected(a) and rr.verdict is Verdict.YES:
        found.append("SUDI/suicide without abuse given a Rapid Review")
    # The child death review is for the death of a child.
    if (cdr.verdict is Verdict.YES) != (child and died):
        found.append("child death review verdict does not follow the death of a child")
    # Words agree with verdicts: a "yes" never reads as a "no", and a "no" never tells you to act.
    for name, f in (("panel", panel), ("rapid", rr)):
        says_no = f.summary.startswith(("No ", "Not ", "The child has not", "Neither")) or any(
            w in f.summary for w in ("not met", "does not", "is not known")
        )
        says_yes = f.summary.startswith(("Notify", "A Rapid Review is required"))
        if f.verdict is Verdict.YES and (says_no or not says_yes):
            found.append(f"{name}: verdict yes but the summary reads otherwise: {f.summary}")
        if f.verdict is Verdict.NO and says_yes:
            found.append(f"{name}: verdict no but the summary tells you to act: {f.summary}")
    return found


def known_rules() -> set[str]:
    text = RULES_MD.read_text(encoding="utf-8")
    numbers = {f"Rule {n}" for n in re.findall(r"^(\d+)\. \*\*", text, flags=re.MULTILINE)}
    conventions = set(re.findall(r"^\| (C\d+) \|", text, flags=re.MULTILINE))
    return numbers | conventions


def findings(out: Outcome) -> list[tuple[str, Finding]]:
    return [
        ("notify_panel", out.notify_panel),
        ("notify_sos_ofsted", out.notify_sos_ofsted),
        ("rapid_review", out.rapid_review),
        ("child_death_review", out.child_death_review),
    ]


def test_no_combination_of_answers_gives_contradictory_outcomes() -> None:
    problems: dict[str, Answers] = {}
    checked = 0
    for combo in every_answer():
        a = answers_of(combo)
        for problem in contradictions(a, decide(a)):
            problems.setdefault(problem, a)
        checked += 1
    assert checked == 2 * 3 * 3 * 3 * 2 ** len(FLAGS) == 110_592
    assert problems == {}, "\n".join(f"{p}\n    e.g. {a}" for p, a in problems.items())


def test_every_outcome_cites_a_rule_that_exists() -> None:
    rules = known_rules()
    assert {"Rule 6", "Rule 9", "Rule 12", "Rule 13", "C15"} <= rules
    uncited: dict[str, Answers] = {}
    unknown: set[str] = set()
    for combo in every_answer():
        a = answers_of(combo)
        for name, f in findings(decide(a)):
            if not f.rules:
                uncited.setdefault(f"{name}: {f.summary}", a)
            unknown |= set(f.rules) - rules
    assert uncited == {}, "\n".join(uncited)
    assert unknown == set()


def test_the_reported_case_now_agrees_with_itself() -> None:
    """A looked-after child died; recent abuse linked to the death was answered yes."""
    out = decide(Answers(looked_after=True, harm=Harm.DIED, lac_recent_abuse_or_exploitation=True))
    assert out.notify_panel.verdict is Verdict.YES
    assert out.rapid_review.verdict is Verdict.YES
    assert "Rule 9" in out.rapid_review.rules
    assert "Rule 6" in out.rapid_review.rules
    # And the looked-after child's death with abuse_or_neglect answered yes, anywhere in our remit.
    for location in (Location.IN_AREA, Location.OUTSIDE_ENGLAND_RESIDENT):
        out = decide(Answers(looked_after=True, harm=Harm.DIED, abuse_or_neglect=True, location=location))
        assert (out.notify_panel.verdict, out.rapid_review.verdict) == (Verdict.YES, Verdict.YES)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"subject": "care_leaver", "looked_after": "yes"}, "looked_after"),  # rule 12: no longer looked after
        ({"age": "18_to_25", "looked_after": "yes"}, "looked_after"),  # rule 13: a child is looked after
        ({"also": ["lac_recent_abuse_or_exploitation"]}, "also"),  # only for a looked-after child
    ],
)
def test_answers_that_cannot_be_true_together_are_refused(data: dict[str, object], field: str) -> None:
    base = {
        "subject": "child",
        "age": "under_18",
        "looked_after": "no",
        "harm": "died",
        "location": "in_area",
        "abuse_or_neglect": "no",
    }
    form = NotifyForm(base | data)
    assert not form.is_valid()
    assert field in form.errors
