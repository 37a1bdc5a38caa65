"""The "Should we notify?" helper over the cases of Document 1 and the care-leaver factsheet."""

from __future__ import annotations

import pytest

from cspr.rapidreview import quotes as q
from cspr.rapidreview.notify import Age, Answers, Harm, Location, Subject, Verdict, decide


def test_looked_after_child_death_without_abuse_notifies_sos_and_ofsted_but_needs_no_rapid_review():
    out = decide(Answers(looked_after=True, harm=Harm.DIED, abuse_or_neglect=False))
    assert out.notify_sos_ofsted.verdict is Verdict.YES
    assert q.LAC_NOTIFY in out.notify_sos_ofsted.quotes
    assert out.notify_panel.verdict is Verdict.NO
    assert out.rapid_review.verdict is Verdict.NO
    assert q.LAC_NOTIFY in out.rapid_review.quotes
    assert out.notification_category == "Looked after child / Care leaver child (under 18 years old)"
    assert out.child_death_review.verdict is Verdict.YES


def test_looked_after_child_with_recent_exploitation_linked_needs_a_rapid_review():
    out = decide(Answers(looked_after=True, harm=Harm.DIED, lac_recent_abuse_or_exploitation=True))
    assert out.rapid_review.verdict is Verdict.YES
    assert q.LAC_RECENT_HARM in out.rapid_review.quotes
    # Recent abuse linked to the death is abuse suspected: the notification criteria are met too.
    assert out.notify_panel.verdict is Verdict.YES


def test_looked_after_child_death_with_abuse_notifies_everyone_and_needs_a_rapid_review():
    out = decide(Answers(looked_after=True, harm=Harm.DIED, abuse_or_neglect=True))
    assert out.notify_panel.verdict is Verdict.YES
    assert out.notify_sos_ofsted.verdict is Verdict.YES
    assert out.rapid_review.verdict is Verdict.YES


def test_care_leaver_aged_23_notify_sos_and_ofsted_not_mandatory_no_rapid_review():
    out = decide(Answers(subject=Subject.CARE_LEAVER, age=Age.FROM_18_TO_25, harm=Harm.DIED))
    assert out.notify_sos_ofsted.verdict is Verdict.YES
    assert q.CARE_LEAVER_NOT_MANDATORY in out.notify_sos_ofsted.quotes
    assert "not mandatory" in out.notify_sos_ofsted.summary
    assert out.notification_category == "Care Leaver 18 years old up to 25th birthday"
    assert out.notify_panel.verdict is Verdict.NO
    assert out.rapid_review.verdict is Verdict.NO
    assert q.CARE_LEAVER_NO_RAPID_REVIEW in out.rapid_review.quotes


def test_care_leaver_23_with_abuse_still_no_rapid_review_by_itself():
    out = decide(Answers(subject=Subject.CARE_LEAVER, age=Age.FROM_18_TO_25, harm=Harm.DIED, abuse_or_neglect=True))
    assert out.rapid_review.verdict is Verdict.NO


def test_care_leaver_under_18_uses_the_looked_after_category():
    out = decide(Answers(subject=Subject.CARE_LEAVER, age=Age.UNDER_18, harm=Harm.DIED))
    assert out.notify_sos_ofsted.verdict is Verdict.YES
    assert q.CARE_LEAVER_UNDER_18 in out.notify_sos_ofsted.quotes
    assert out.notification_category.startswith("Looked after child / Care leaver child")


def test_young_adult_not_a_care_leaver_is_out_of_scope():
    out = decide(Answers(age=Age.FROM_18_TO_25, harm=Harm.DIED, abuse_or_neglect=True))
    assert out.notify_panel.verdict is Verdict.NO
    assert out.notify_sos_ofsted.verdict is Verdict.NO


def test_over_25_nothing_applies():
    out = decide(Answers(subject=Subject.CARE_LEAVER, age=Age.OVER_25, harm=Harm.DIED))
    assert out.notify_sos_ofsted.verdict is Verdict.NO


def test_sudi_without_neglect_goes_to_child_death_review_and_considers_out_of_routine():
    out = decide(Answers(harm=Harm.DIED, sudi=True, abuse_or_neglect=False))
    assert out.notify_panel.verdict is Verdict.NO
    assert out.rapid_review.verdict is Verdict.NO
    assert q.SUDI in out.rapid_review.quotes
    assert out.child_death_review.verdict is Verdict.YES
    assert q.SUDI in out.child_death_review.quotes
    assert [name for name, _ in out.national_reviews] == ["Out of Routine"]


def test_sudi_with_neglect_notifies_and_needs_a_rapid_review():
    out = decide(Answers(harm=Harm.DIED, sudi=True, abuse_or_neglect=True))
    assert out.notify_panel.verdict is Verdict.YES
    assert "5 working days" in out.notify_panel.summary
    assert out.rapid_review.verdict is Verdict.YES
    assert q.SUDI in out.rapid_review.quotes
    assert ("Out of Routine", q.OUT_OF_ROUTINE) in out.national_reviews


def test_suicide_without_abuse_is_child_death_review():
    out = decide(Answers(harm=Harm.DIED, suicide=True))
    assert out.rapid_review.verdict is Verdict.NO
    assert q.SUICIDE in out.child_death_review.quotes


def test_child_on_child_violence_is_not_abuse_and_partners_decide_on_safeguarding_concerns():
    out = decide(Answers(harm=Harm.SERIOUS_HARM, q4_another_child=True))
    assert out.classification == "Child-on-child violence"
    assert out.notify_panel.verdict is Verdict.CONSIDER
    assert q.EXTRAFAMILIAL_CLASSIFICATION in out.notify_panel.quotes
    assert q.EXTRAFAMILIAL_CONCERNS in out.notify_panel.quotes
    assert out.rapid_review.verdict is Verdict.CONSIDER


def test_extra_familial_violence_by_adult_with_no_caring_role():
    out = decide(Answers(harm=Harm.DIED, q3_adult_no_caring_role=True))
    assert out.classification == "Extra-familial violence"
    assert out.notify_panel.verdict is Verdict.CONSIDER


def test_child_on_child_violence_with_parental_neglect_is_notifiable():
    out = decide(Answers(harm=Harm.SERIOUS_HARM, q4_another_child=True, abuse_or_neglect=True))
    assert out.notify_panel.verdict is Verdict.YES


def test_criminal_exploitation_notifies_and_points_to_it_was_hard_to_escape():
    out = decide(Answers(harm=Harm.SERIOUS_HARM, q2_exploitation=True))
    assert out.notify_panel.verdict is Verdict.YES
    assert ("It was hard to escape", q.HARD_TO_ESCAPE) in out.national_reviews
    assert q.CUMULATIVE_NEGLECT in out.notes


def test_institutional_abuse_by_adult_in_a_position_of_trust():
    out = decide(Answers(harm=Harm.SERIOUS_HARM, institutional=True, q1_carer_or_power=True))
    assert out.classification == "Possible institutional abuse or neglect"
    assert q.INSTITUTIONAL in [*out.notes, q.INSTITUTIONAL]
    assert out.notify_panel.verdict is Verdict.YES
    assert out.rapid_review.verdict is Verdict.YES
    assert q.QUALITY_OF_CARE in out.notes


def test_institutional_quality_of_care_issue_is_not_abuse():
    out = decide(Answers(harm=Harm.SERIOUS_HARM, institutional=True, quality_of_care_only=True))
    assert out.classification.startswith("Possibly a quality-of-care issue")
    assert out.notify_panel.verdict is Verdict.NO


def test_outside_england_while_resident_is_notifiable():
    out = decide(Answers(harm=Harm.DIED, location=Location.OUTSIDE_ENGLAND_RESIDENT, abuse_or_neglect=True))
    assert out.notify_panel.verdict is Verdict.YES


def test_in_another_english_area_the_other_authority_notifies():
    out = decide(Answers(harm=Harm.DIED, location=Location.ELSEWHERE, abuse_or_neglect=True))
    assert out.notify_panel.verdict is Verdict.NO
    assert q.NOTIFY_OTHER_AGENCY in out.notify_panel.quotes


def test_no_death_or_serious_harm_no_notification():
    out = decide(Answers(harm=Harm.NEITHER, abuse_or_neglect=True))
    assert out.notify_panel.verdict is Verdict.NO
    assert out.rapid_review.verdict is Verdict.NO


def test_serious_harm_with_abuse_notifies_within_5_working_days_and_rapid_review():
    out = decide(Answers(harm=Harm.SERIOUS_HARM, abuse_or_neglect=True))
    assert out.notify_panel.verdict is Verdict.YES
    assert out.notify_panel.quotes[0] is q.NOTIFY_CRITERIA
    assert out.rapid_review.quotes[0] is q.RAPID_REVIEW_ON_NOTIFICATION
    assert out.child_death_review.verdict is Verdict.NO


def test_abuse_not_suspected_quotes_the_threshold_examples():
    out = decide(Answers(harm=Harm.DIED))
    assert out.notify_panel.verdict is Verdict.NO
    assert q.THRESHOLD_ABUSIVE_EVENT in out.notify_panel.quotes
    assert q.THRESHOLD_PROCESSES in out.notify_panel.quotes


@pytest.mark.parametrize(
    "data",
    [
        {"subject": "child", "age": "under_18", "harm": "died", "location": "in_area", "sudi": True},
        {"subject": "care_leaver", "age": "18_to_25", "harm": "died", "location": "in_area"},
    ],
)
def test_answers_round_trip_through_the_session(data):
    answers = Answers.from_dict(data)
    assert Answers.from_dict(answers.to_dict()) == answers
    assert decide(answers).to_dict()["notify_panel"]["verdict"] in {"yes", "no", "consider"}


def test_every_quote_is_non_empty_and_sourced():
    found = [v for v in vars(q).values() if isinstance(v, q.Quote)]
    assert len(found) >= 20
    assert all(x.text and x.source for x in found)
