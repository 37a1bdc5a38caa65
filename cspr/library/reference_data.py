"""The reference data every partnership starts with: the common themes (toolkit §8.2.2, Document 4's
themes and the themes the National Panel's annual reports return to) and a few of the National Panel's
national reviews, by title, year and link only. Written by migrations 0002 and 0004; ``ensure`` puts
back what a database flush removed (the tests' transactional cases, a restored empty database)."""

from __future__ import annotations

from typing import Any

COMMON = [
    ("Professional curiosity", "Why practitioners did or did not ask the second question (toolkit §8.2.2)."),
    ("Voice of the child", "The child's lived experience heard, recorded and acted on."),
    ("Information sharing", "Between agencies, and within them."),
    ("Multi-agency working", "Agencies working together, escalation and challenge."),
    ("Neglect", ""),
    ("Domestic abuse", ""),
    ("Parental mental health", ""),
    ("Parental substance misuse", ""),
    ("Child criminal exploitation", ""),
    ("Child sexual exploitation", ""),
    ("Extra-familial harm", "Harm outside the home, including adolescents at risk."),
    ("Race, ethnicity and culture", "Identity, culture, language and faith and how they intersect."),
    ("Fathers and male carers", "Men in the household known or unseen by agencies."),
    ("Children with disabilities", ""),
    ("Sudden unexpected death in infancy", "Including safer sleep (National Panel: Out of Routine)."),
    ("Non-accidental injury in infants", ""),
    ("Online harm", ""),
    ("Assessment and thresholds", ""),
    ("Recording and record keeping", ""),
    ("Supervision and management oversight", ""),
    ("Housing and moves", ""),
    ("Education and children missing education", "Including elective home education."),
]

GOV = "https://www.gov.uk/government/publications/"
NATIONAL_REVIEWS = [
    (
        "Out of Routine: a review of sudden unexpected death in infancy (SUDI) in families where the children "
        "are considered at risk of significant harm",
        2020,
        GOV + "safeguarding-children-at-risk-from-sudden-unexpected-infant-death",
    ),
    (
        "It was hard to escape: safeguarding children at risk from criminal exploitation",
        2020,
        GOV + "safeguarding-children-at-risk-from-criminal-exploitation",
    ),
    (
        "Child Protection in England: national review into the murders of Arthur Labinjo-Hughes and Star Hobson",
        2022,
        GOV + "national-review-into-the-murders-of-arthur-labinjo-hughes-and-star-hobson",
    ),
    (
        "Safeguarding children with disabilities and complex health needs in residential settings",
        2022,
        GOV + "safeguarding-children-with-disabilities-in-residential-settings",
    ),
]


def ensure(theme: Any = None, review: Any = None) -> None:
    """Idempotent. Migrations pass their historical models; otherwise today's are used."""
    if theme is None or review is None:
        from cspr.library.models import NationalReview, Theme

        theme, review = theme or Theme, review or NationalReview
    for name, description in COMMON:
        theme.objects.get_or_create(partnership=None, name=name, defaults={"description": description})
    for title, year, link in NATIONAL_REVIEWS:
        review.objects.get_or_create(partnership=None, title=title, defaults={"year": year, "link": link})
