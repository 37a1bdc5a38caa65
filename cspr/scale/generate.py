"""A fictional national data set for load testing (issue 15), generated with a fixed seed.

At scale 1: 150 partnerships, 20,005 cases over ten years, 90,000 people, 60,000 agency requests and
1,000,000 chronology entries. Five of the cases (``SCALE-BENCH-1`` … ``-5``, partnership S001) are
the ones the load test reads: one with 2,000 chronology entries, one with 10,000. A smaller
``scale`` divides the bulk (not the five bench cases), for a quick run on a busy machine.

Rows go in with PostgreSQL's COPY (``bulk_create`` on SQLite, for the tests), bypassing the actions:
this is load, not a record anyone works on, and every name in it is obviously fictional ("Scale …",
``@scale.cspr.invalid``, ZZ postcodes). The load-test users (business managers and CSPR group
members of S001) get a password and a TOTP secret, written to ``var/bench-scale-users.json`` for the
load test to sign in through the real sign-in with their one-time codes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases import milestones
from cspr.cases.models import (
    Case,
    CaseCollaborator,
    CaseMembership,
    MembershipRole,
    Origin,
    Person,
    PersonRole,
    Referral,
)
from cspr.chronology.models import ChronologyEntry, EntryKind, EntryOrigin, Precision
from cspr.organisations.models import Agency, AgencyType, PartnerKind, Partnership, Region, StatutoryPartner
from cspr.portal.models import InformationRequest, RequestState, RequestType

FULL = {"partnerships": 150, "cases": 20_000, "people": 90_000, "requests": 60_000, "entries": 1_000_000}
BENCH_CASES = 5
BIG_CHRONOLOGY = 2_000
HUGE_CHRONOLOGY = 10_000
LOAD_USERS = 20
PASSWORD = "Scale-bench-password-15!"  # noqa: S105 (fictional users on a throwaway load-test database)
DOMAIN = "scale.cspr.invalid"
AGENCY_TYPES = [AgencyType.LOCAL_AUTHORITY, AgencyType.SCHOOL, AgencyType.GP, AgencyType.HOSPITAL]
TODAY = dt.date(2026, 11, 25)


@dataclass(frozen=True)
class LoadUser:
    email: str
    password: str
    totp_secret: str  # base32, as an authenticator app holds it


def _insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert rows with their ids set: COPY on PostgreSQL, bulk_create elsewhere."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=2000)
        return
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column or f.attname) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields])


def _reset_sequences(*model_list: type[models.Model]) -> None:
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(model_list)):
            cursor.execute(sql)


class _Ids:
    def __init__(self, model: type[models.Model]) -> None:
        last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
        self.next = int(last or 0) + 1

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


def _milestones(rng: random.Random, aware: dt.date) -> dict[str, dt.date | None]:
    """Dates that respect the milestone order rules; older cases have gone further (most are closed)."""

    def after(day: dt.date, lo: int, hi: int) -> dt.date | None:
        out = day + dt.timedelta(days=rng.randint(lo, hi))
        return out if out <= TODAY else None

    d: dict[str, dt.date | None] = dict.fromkeys(milestones.LABELS)
    d["incident_date"] = aware - dt.timedelta(days=rng.randint(0, 3))
    d["aware_date"] = aware
    d["notification_sent_date"] = after(aware, 0, 5)
    d["referral_received_date"] = after(aware, 0, 3)
    if d["referral_received_date"] is None:
        return d
    d["scoping_sent_date"] = after(d["referral_received_date"], 1, 3)
    if d["scoping_sent_date"] is None:
        return d
    d["meeting_date"] = after(d["scoping_sent_date"], 8, 12)
    if d["meeting_date"] is None:
        return d
    d["decision_date"] = d["meeting_date"]
    d["ratified_date"] = after(d["meeting_date"], 1, 4)
    if d["ratified_date"] is None:
        return d
    d["submitted_date"] = after(d["ratified_date"], 0, 3)
    lcspr = rng.random() < 0.3
    if lcspr:
        d["lcspr_commissioned_date"] = d["ratified_date"]
        d["terms_of_reference_agreed_date"] = after(d["ratified_date"], 20, 45)
        if d["terms_of_reference_agreed_date"] is not None:
            d["report_approved_date"] = after(d["terms_of_reference_agreed_date"], 120, 200)
        if d["report_approved_date"] is not None:
            d["published_date"] = d["publication_date"] = after(d["report_approved_date"], 20, 60)
        if d["published_date"] is not None:
            d["action_plan_closed_date"] = after(d["published_date"], 180, 400)
    elif d["submitted_date"] is not None:
        # No LCSPR: the learning is embedded and the action plan closed within months.
        d["action_plan_closed_date"] = after(d["submitted_date"], 90, 300)
    return d


def _totp_secret(seed: int, i: int) -> str:
    return base64.b32encode(hashlib.sha256(f"scale-{seed}-{i}".encode()).digest()[:20]).decode()


def _entries(cases: list[Case], bulk_cases: int, total: int, agencies: dict[int, list[int]], rng: random.Random) -> int:
    """The chronology entries, 50,000 to a transaction; plain rows for COPY (a million model objects
    would take most of the time)."""
    columns = [
        "id", "case_id", "agency_id", "kind", "date_text", "precision", "uncertain", "date_from", "date_to",
        "source", "child_seen", "child_contact", "family_contact", "key_event", "comment",
        "key_learning_event", "origin", "created_at",
    ]  # fmt: skip
    next_id = _Ids(ChronologyEntry).next
    bench_sizes = [BIG_CHRONOLOGY, HUGE_CHRONOLOGY, 50, 50, 50]
    per_case = max(0, total - sum(bench_sizes)) / bulk_cases
    now = timezone.now()
    kind, precision, origin = EntryKind.KEY_EVENT.value, Precision.DAY.value, EntryOrigin.MANUAL.value
    batch: list[tuple[Any, ...]] = []
    written = 0
    for i, c in enumerate(cases):
        k = bench_sizes[i - bulk_cases] if i >= bulk_cases else int((i + 1) * per_case) - int(i * per_case)
        own = agencies[c.lead_partnership_id]
        aware = c.aware_date or TODAY
        for j in range(k):
            day = aware - dt.timedelta(days=rng.randint(0, 1500))
            batch.append(
                (
                    next_id, c.pk, own[j % len(own)], kind, day.strftime("%d/%m/%Y"), precision, False, day, day,
                    "Scale case notes", "", "", "",
                    f"Scale event {j}: home visit, child seen, plan reviewed with the family.",
                    "Scale: no concerns recorded at the time." if j % 3 else "", j % 17 == 0, origin, now,
                )
            )  # fmt: skip
            next_id += 1
        if len(batch) >= 50_000 or i == len(cases) - 1:
            with transaction.atomic():
                _insert_rows(ChronologyEntry, columns, batch)
            written += len(batch)
            batch = []
    return written


def _insert_rows(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000
        )
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _organisations(
    counts: dict[str, int], seed: int
) -> tuple[list[Partnership], dict[int, list[int]], dict[int, int], list[LoadUser], int]:
    """Partnerships with their statutory partners, agencies and users; the load users get TOTP."""
    from allauth.mfa.totp.internal.auth import TOTP

    with transaction.atomic():
        region = Region.objects.create(name="Scale National Region")
        partnerships = [
            Partnership(region=region, name=f"Scale Partnership {i:03d}", short_code=f"s{i:03d}")
            for i in range(1, counts["partnerships"] + 1)
        ]
        Partnership.objects.bulk_create(partnerships)
        partnerships = list(Partnership.objects.filter(region=region).order_by("short_code"))
        StatutoryPartner.objects.bulk_create(
            StatutoryPartner(
                partnership=p,
                kind=kind,
                organisation_name=f"Scale {label} {p.short_code}",
                lead_name=f"Scale {label} Lead",
                lead_role="Lead",
            )
            for p in partnerships
            for kind, label in (
                (PartnerKind.LOCAL_AUTHORITY, "Council"),
                (PartnerKind.ICB, "ICB"),
                (PartnerKind.POLICE, "Police"),
            )
        )
        Agency.objects.bulk_create(
            Agency(partnership=p, name=f"Scale {t.label} {j} ({p.short_code})", agency_type=t)
            for p in partnerships
            for j, t in enumerate(AGENCY_TYPES * 2)
        )
        agencies: dict[int, list[int]] = {}
        for pid, aid in Agency.objects.filter(partnership__region=region).values_list("partnership_id", "id"):
            agencies.setdefault(pid, []).append(aid)
        password = make_password(PASSWORD)  # hashed once: the same fictional password for everyone
        users = []
        for p in partnerships:
            for role in (Role.BUSINESS_MANAGER, Role.PARTNER_LEAD, Role.SCRUTINEER, Role.LEAD_REVIEWER):
                users.append(
                    User(
                        email=f"{role.value}.{p.short_code}@{DOMAIN}",
                        full_name=f"Scale {role.label} {p.short_code}",
                        role=role,
                        partnership=p,
                        password=password,
                    )
                )
        load_users = [
            User(
                email=f"load{i:02d}@{DOMAIN}",
                full_name=f"Scale Load User {i:02d}",
                role=Role.BUSINESS_MANAGER if i % 2 else Role.CSPR_GROUP_MEMBER,
                partnership=partnerships[0],
                password=password,
            )
            for i in range(1, LOAD_USERS + 1)
        ]
        User.objects.bulk_create(users + load_users)
        reviewers = dict(
            User.objects.filter(email__endswith=DOMAIN, role=Role.LEAD_REVIEWER).values_list("partnership_id", "id")
        )
        secrets = []
        for i, user in enumerate(
            User.objects.filter(email__startswith="load", email__endswith=DOMAIN).order_by("email")
        ):
            secret = _totp_secret(seed, i)
            TOTP.activate(user, secret)
            secrets.append(LoadUser(user.email, PASSWORD, secret))
    return partnerships, agencies, reviewers, secrets, len(users) + len(load_users)


def already_there() -> bool:
    return Partnership.objects.filter(short_code="s001").exists()


def generate(*, scale: float = 1.0, seed: int = 15, users_file: Path | None = None, log: Any = print) -> dict[str, Any]:
    """Generate the data set into the current (empty or demo) database; returns counts and seconds."""
    if already_there():
        raise RuntimeError("The scale data set is already in this database.")
    rng = random.Random(seed)
    counts = {k: max(1, round(v * scale)) for k, v in FULL.items()}
    counts["partnerships"] = FULL["partnerships"]
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(name: str, t0: float) -> None:
        timings[name] = round(time.perf_counter() - t0, 1)
        log(f"{name}: {timings[name]} s")

    t0 = time.perf_counter()
    partnerships, agencies, reviewers, secrets, n_users = _organisations(counts, seed)
    lap("partnerships, agencies, users", t0)

    # Cases: 20,000 spread over the partnerships and ten years, plus the five bench cases (S001).
    t0 = time.perf_counter()
    case_ids = _Ids(Case)
    cases: list[Case] = []
    referrals: list[Referral] = []
    now = timezone.now()
    start = TODAY - dt.timedelta(days=3650)
    for n in range(counts["cases"] + BENCH_CASES):
        bench = n >= counts["cases"]
        p = partnerships[0] if bench else partnerships[n % len(partnerships)]
        aware = (
            TODAY - dt.timedelta(days=rng.randint(20, 60)) if bench else start + dt.timedelta(days=rng.randint(0, 3640))
        )
        dates = _milestones(rng, aware)
        case = Case(
            id=case_ids.take(),
            reference=f"SCALE-BENCH-{n - counts['cases'] + 1}"
            if bench
            else f"{p.short_code.upper()}-{aware.year}-{n:05d}",
            lead_partnership_id=p.pk,
            origin=Origin.NOTIFICATION,
            is_demo=False,
            created_at=dt.datetime.combine(aware, dt.time(9), tzinfo=dt.UTC),
            updated_at=now,
            version=1,
            sin_reference="",
            notification_decision={},
            stage=milestones.derive_stage(Case(**dates)),
            **dates,
        )
        cases.append(case)
        referrals.append(Referral(case_id=case.pk))
    with transaction.atomic():
        _insert(Case, cases)
        Referral.objects.bulk_create(referrals, batch_size=5000)
        collab = [
            CaseCollaborator(
                case_id=c.pk,
                partnership_id=partnerships[(i * 7 + 1) % len(partnerships)].pk,
                reason="Scale: child lived across the border",
            )
            for i, c in enumerate(cases)
            if i % 20 == 0 and partnerships[(i * 7 + 1) % len(partnerships)].pk != c.lead_partnership_id
        ]
        CaseCollaborator.objects.bulk_create(collab, batch_size=5000)
        CaseMembership.objects.bulk_create(
            (
                CaseMembership(
                    case_id=c.pk, user_id=reviewers[c.lead_partnership_id], role=MembershipRole.LEAD_REVIEWER
                )
                for c in cases
                if c.lcspr_commissioned_date is not None
            ),
            batch_size=5000,
        )
    lap("cases", t0)

    t0 = time.perf_counter()
    person_ids = _Ids(Person)
    people = []
    per_case = counts["people"] / len(cases)
    for i, c in enumerate(cases):
        k = int((i + 1) * per_case) - int(i * per_case)
        for j in range(max(1, k)):
            people.append(
                Person(
                    id=person_ids.take(),
                    case_id=c.pk,
                    role=PersonRole.SUBJECT_CHILD if j == 0 else PersonRole.FAMILY_MEMBER,
                    first_name=f"Scale{j}",
                    last_name=f"Child{c.pk}" if j == 0 else f"Relative{c.pk}",
                    address="1 Scale Street, ZZ1 1ZZ",
                    version=1,
                )
            )
    with transaction.atomic():
        _insert(Person, _defaults(people))
    lap("people", t0)

    t0 = time.perf_counter()
    request_ids = _Ids(InformationRequest)
    requests = []
    per_case = counts["requests"] / len(cases)
    for i, c in enumerate(cases):
        k = int((i + 1) * per_case) - int(i * per_case)
        if c.scoping_sent_date is None:
            continue
        for j, agency_id in enumerate(agencies[c.lead_partnership_id][:k]):
            closed = c.meeting_date is not None
            requests.append(
                InformationRequest(
                    id=request_ids.take(),
                    case_id=c.pk,
                    agency_id=agency_id,
                    request_type=RequestType.SCOPING,
                    state=RequestState.ACCEPTED if closed else (RequestState.OPENED if j % 2 else RequestState.SENT),
                    due_date=c.scoping_sent_date + dt.timedelta(days=7),
                    sent_at=dt.datetime.combine(c.scoping_sent_date, dt.time(10), tzinfo=dt.UTC),
                    answers={"involvement": "Scale: the agency knew the family."} if closed else {},
                    created_at=dt.datetime.combine(c.scoping_sent_date, dt.time(10), tzinfo=dt.UTC),
                    version=1,
                )
            )
    with transaction.atomic():
        _insert(InformationRequest, _defaults(requests))
    lap("agency requests", t0)

    t0 = time.perf_counter()
    written = _entries(cases, counts["cases"], counts["entries"], agencies, rng)
    lap("chronology entries", t0)

    _reset_sequences(Case, Person, InformationRequest, ChronologyEntry)
    t0 = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    lap("analyze", t0)
    if users_file is not None:
        users_file.parent.mkdir(parents=True, exist_ok=True)
        users_file.write_text(json.dumps([u.__dict__ for u in secrets], indent=1) + "\n", encoding="utf-8")
    return {
        "scale": scale,
        "seed": seed,
        "partnerships": len(partnerships),
        "cases": len(cases),
        "open_cases": sum(1 for c in cases if c.action_plan_closed_date is None),
        "people": len(people),
        "agency_requests": len(requests),
        "chronology_entries": written,
        "users": n_users,
        "seconds": round(time.perf_counter() - started, 1),
        "steps": timings,
    }


def _defaults(objs: Iterable[models.Model]) -> list[Any]:
    """COPY bypasses Django's pre_save: give auto_now(_add) fields a value (created_at, updated_at)."""
    out = list(objs)
    if not out:
        return out
    now = timezone.now()
    for f in out[0]._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in out:
                if getattr(obj, f.attname) is None:
                    setattr(obj, f.attname, now)
    return out
