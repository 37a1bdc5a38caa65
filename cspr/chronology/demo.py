"""Fictional chronology entries for the demo cases DEMO-3 … DEMO-5 (idempotent).

The cases come from ``cspr.cases.demo``; a case that is absent is skipped. Entries are dated
relative to the demo child's fixed date of birth (1 April 2019) so they read as a life story.
"""

from __future__ import annotations

import datetime as dt

from cspr.cases.models import Case
from cspr.chronology.dates import parse_date
from cspr.chronology.models import ChronologyEntry, EntryKind, EntryOrigin, ReviewPeriod
from cspr.organisations.models import Agency

# (date as written, time, agency name contains, kind, source, child contact, family contact, key event, comment, key?)
EVENTS: list[tuple[str, str, str, str, str, str, str, str, str, bool]] = [
    (
        "01/04/2019",
        "",
        "Hospitals",
        EntryKind.KEY_EVENT,
        "Maternity record",
        "",
        "Mother by midwife",
        "Demo Child born at full term",
        "No concerns noted at birth",
        False,
    ),
    (
        "?May 2019",
        "",
        "Community Health",
        EntryKind.KEY_EVENT,
        "Health visiting record",
        "Seen with mother, not alone",
        "Mother by health visitor",
        "New birth visit",
        "Date recorded approximately in the notes",
        False,
    ),
    (
        "Spring 2020",
        "",
        "Community Health",
        EntryKind.ORGANISATIONAL_CHANGE,
        "Service records",
        "",
        "",
        "Health visiting moved to virtual contacts during the pandemic",
        "Fewer face-to-face contacts with young children",
        False,
    ),
    (
        "14/09/2021",
        "10:30",
        "Police",
        EntryKind.KEY_EVENT,
        "Police log",
        "Not seen",
        "Mother and Father by officers",
        "Domestic abuse incident reported by a neighbour",
        "Children present in the house; not seen by officers",
        True,
    ),
    (
        "15/09/2021",
        "",
        "Children's Services",
        EntryKind.KEY_EVENT,
        "Children's social care record",
        "",
        "Mother by social worker",
        "Police notification received; no further action",
        "Threshold decision made without seeing the children",
        True,
    ),
    (
        "16/09/2021",
        "",
        "Surgery",
        EntryKind.KEY_EVENT,
        "GP record",
        "",
        "",
        "Police notification of domestic abuse received by the practice",
        "",
        False,
    ),
    (
        "Autumn 2022",
        "",
        "Primary Academy",
        EntryKind.KEY_EVENT,
        "School safeguarding log",
        "Seen alone by the DSL",
        "",
        "Demo Child started nursery class; attendance 78%",
        "Low attendance not followed up",
        False,
    ),
    (
        "03/02/2023",
        "14:00",
        "Primary Academy",
        EntryKind.KEY_EVENT,
        "School safeguarding log",
        "Seen alone by class teacher",
        "",
        "Bruise on cheek noticed; account given by child",
        "Referral to children's social care made the same day",
        True,
    ),
    (
        "03/02/2023",
        "16:45",
        "Children's Services",
        EntryKind.KEY_EVENT,
        "Children's social care record",
        "Seen with mother, not alone",
        "Mother by duty social worker",
        "Referral from school; strategy discussion held",
        "",
        False,
    ),
    (
        "2024",
        "",
        "Housing",
        EntryKind.KEY_EVENT,
        "Tenancy file",
        "",
        "Mother by housing officer",
        "Rent arrears and a notice seeking possession",
        "",
        False,
    ),
]


def _agency(partnership_id: int, fragment: str) -> Agency | None:
    return Agency.objects.filter(partnership_id=partnership_id, name__icontains=fragment).order_by("name").first()


def seed() -> None:
    for reference in ("DEMO-3", "DEMO-4", "DEMO-5"):
        case = Case.objects.filter(reference=reference).first()
        if case is None or ChronologyEntry.objects.filter(case=case).exists():
            continue
        ReviewPeriod.objects.get_or_create(
            case=case, defaults={"start": dt.date(2021, 1, 1), "end": dt.date(2024, 12, 31)}
        )
        for text, time, fragment, kind, source, child, family, event, comment, key in EVENTS:
            agency = _agency(case.lead_partnership_id, fragment)
            if agency is None:
                continue
            when = parse_date(text)
            ChronologyEntry.objects.create(
                case=case,
                agency=agency,
                kind=kind,
                date_text=when.text,
                precision=when.precision,
                uncertain=when.uncertain,
                date_from=when.date_from,
                date_to=when.date_to,
                time=dt.time.fromisoformat(time) if time else None,
                source=source,
                child_seen="alone"
                if "alone" in child and "not alone" not in child
                else ("not_alone" if "not alone" in child else ("not_seen" if child == "Not seen" else "")),
                child_contact=child,
                family_contact=family,
                key_event=event,
                comment=comment,
                key_learning_event=key,
                origin=EntryOrigin.MANUAL,
            )
        # Show the duplicate check at work: the GP's copy of the police notification.
        gp = ChronologyEntry.objects.filter(case=case, source="GP record").first()
        police = ChronologyEntry.objects.filter(case=case, source="Police log").first()
        if gp and police:
            gp.possible_duplicate_of = police
            gp.save(update_fields=["possible_duplicate_of"])
