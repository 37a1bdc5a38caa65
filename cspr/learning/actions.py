"""Every change to learning points, recommendations and their endorsement: named, run through
``case_action`` and audited in its transaction (toolkit §8–§9.2.6, rules 61–62).

- Learning points are numbered "Learning Point N" in the order they are added; edits use optimistic
  concurrency (``cspr.cases.concurrency``).
- Recommendations: addressee, scope, the change expected, how its effect is measured and by when are
  all required (rule 62). Above the partnership's number a page warns (``over_limit_warning``), it
  never refuses.
- Endorsement (§9.2.6) works as ratification does (rule 37, ``cspr.rapidreview.ratification``): each
  partner's own lead endorses for that partner; the lead or the business manager may record it on a
  partner's behalf only with a reason and the delegation, where the partnership allows on-behalf
  ratification; only the lead partnership endorses (C12); one person records at most one of a
  recommendation's endorsements, so the same person can never stand for all three partners.
- Changing a recommendation's substance withdraws its endorsements (each withdrawal audited); the rows
  stay, marked withdrawn, and the partners endorse the new text again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cspr.accounts.roles import Role
from cspr.audit import log as audit
from cspr.cases import partner_acts
from cspr.cases.concurrency import lock_and_check, snapshot
from cspr.cases.models import Case
from cspr.cases.transitions import all_of, case_action, not_closed, reached, register_action
from cspr.chronology.models import ChronologyEntry
from cspr.learning.models import (
    Endorsement,
    LearningPoint,
    LearningSettings,
    Recommendation,
    Scope,
    recommendation_limit,
)
from cspr.library.models import Theme, themes_for
from cspr.organisations.models import PartnerKind, Partnership
from cspr.ui.wording import partner_has
from cspr.workshops.models import KeyTheme

if TYPE_CHECKING:
    from cspr.accounts.models import User

IN_LCSPR = all_of(not_closed, reached("lcspr_commissioned_date"))
REFUSAL = "Learning points and recommendations are recorded once an LCSPR is commissioned, and not after it closes."
for _name in (
    "learning.add_learning_point",
    "learning.edit_learning_point",
    "learning.add_recommendation",
    "learning.edit_recommendation",
    "learning.endorse",
):
    register_action(_name, allowed=IN_LCSPR, refusal=REFUSAL)

# What a recommendation says: changing any of these withdraws its endorsements. Its links (learning
# points, themes) are tags, not substance.
SUBSTANCE = ["addressee", "scope", "expected_change", "measure", "due_by", "national_policy"]
POINT_FIELDS = ["title", "text"]


def _ids(objs: Iterable[Any]) -> list[int]:
    return sorted(o.pk for o in objs)


def _check_links(
    case: Case,
    *,
    themes: Iterable[Theme] = (),
    key_themes: Iterable[KeyTheme] = (),
    entries: Iterable[ChronologyEntry] = (),
    points: Iterable[LearningPoint] = (),
) -> None:
    """Every linked record belongs to this case (themes: to its partnership's taxonomy): a forged id is refused."""
    allowed_themes = set(themes_for(case.lead_partnership).values_list("pk", flat=True))
    if any(t.pk not in allowed_themes for t in themes):
        raise ValidationError({"themes": "Select themes from the partnership's list"})
    if any(k.case_id != case.pk for k in key_themes):
        raise ValidationError({"key_themes": "Select key themes of this review"})
    if any(e.case_id != case.pk for e in entries):
        raise ValidationError({"chronology_entries": "Select entries of this case's chronology"})
    if any(p.case_id != case.pk for p in points):
        raise ValidationError({"learning_points": "Select learning points of this review"})


def _required(values: dict[str, Any], labels: dict[str, str]) -> None:
    errors = {k: f"Enter {label}" for k, label in labels.items() if not str(values.get(k) or "").strip()}
    if errors:
        raise ValidationError(errors)


# -- learning points --------------------------------------------------------------------------------


def add_learning_point(
    case: Case,
    *,
    title: str,
    text: str,
    themes: Iterable[Theme] = (),
    key_themes: Iterable[KeyTheme] = (),
    chronology_entries: Iterable[ChronologyEntry] = (),
    acting_user: User,
) -> LearningPoint:
    """Add "Learning Point N" (the next number on the case)."""
    themes, key_themes, chronology_entries = list(themes), list(key_themes), list(chronology_entries)
    _required({"title": title, "text": text}, {"title": "a title", "text": "the learning"})
    _check_links(case, themes=themes, key_themes=key_themes, entries=chronology_entries)
    with case_action(case, "learning.add_learning_point", acting_user=acting_user) as ctx:
        last = LearningPoint.objects.filter(case=ctx.case).aggregate(n=Max("number"))["n"] or 0
        point = LearningPoint.objects.create(
            case=ctx.case, number=last + 1, title=title.strip(), text=text.strip(), created_by=acting_user
        )
        point.themes.set(themes)
        point.key_themes.set(key_themes)
        point.chronology_entries.set(chronology_entries)
        ctx.audit(obj=point, after=_point_after(point, themes, key_themes, chronology_entries))
    return point


def _point_after(
    point: LearningPoint, themes: list[Theme], key_themes: list[KeyTheme], entries: list[ChronologyEntry]
) -> dict[str, Any]:
    return snapshot(point, ["number", *POINT_FIELDS]) | {
        "themes": _ids(themes),
        "key_themes": _ids(key_themes),
        "chronology_entries": _ids(entries),
        "version": point.version,
    }


def edit_learning_point(
    point: LearningPoint,
    *,
    title: str,
    text: str,
    themes: Iterable[Theme] = (),
    key_themes: Iterable[KeyTheme] = (),
    chronology_entries: Iterable[ChronologyEntry] = (),
    expected_version: int | None,
    acting_user: User,
) -> LearningPoint:
    """Change a learning point; refused (``StaleEdit``) when someone saved it after the form was opened."""
    themes, key_themes, chronology_entries = list(themes), list(key_themes), list(chronology_entries)
    _required({"title": title, "text": text}, {"title": "a title", "text": "the learning"})
    _check_links(point.case, themes=themes, key_themes=key_themes, entries=chronology_entries)
    with case_action(point.case, "learning.edit_learning_point", acting_user=acting_user) as ctx:
        locked: LearningPoint = lock_and_check(LearningPoint, point.pk, expected_version)
        before = _point_after(
            locked, list(locked.themes.all()), list(locked.key_themes.all()), list(locked.chronology_entries.all())
        )
        locked.title, locked.text = title.strip(), text.strip()
        locked.version += 1
        locked.save()
        locked.themes.set(themes)
        locked.key_themes.set(key_themes)
        locked.chronology_entries.set(chronology_entries)
        ctx.audit(obj=locked, before=before, after=_point_after(locked, themes, key_themes, chronology_entries))
    return locked


# -- recommendations --------------------------------------------------------------------------------

REC_LABELS = {
    "addressee": "the organisation or person the recommendation is addressed to",
    "expected_change": "the change expected",
    "measure": "how its effect will be measured",
}


def _check_recommendation(values: dict[str, Any]) -> None:
    _required(values, REC_LABELS)
    if values.get("scope") not in Scope.values:
        raise ValidationError({"scope": "Select whether the recommendation is local or national"})
    if not isinstance(values.get("due_by"), dt.date):
        raise ValidationError({"due_by": "Enter the date by which the change is expected"})


def _rec_after(rec: Recommendation, points: list[LearningPoint], themes: list[Theme]) -> dict[str, Any]:
    return snapshot(rec, ["number", *SUBSTANCE]) | {
        "learning_points": _ids(points),
        "themes": _ids(themes),
        "version": rec.version,
    }


def add_recommendation(
    case: Case,
    *,
    addressee: str,
    scope: str,
    expected_change: str,
    measure: str,
    due_by: dt.date,
    national_policy: bool = False,
    learning_points: Iterable[LearningPoint] = (),
    themes: Iterable[Theme] = (),
    acting_user: User,
) -> Recommendation:
    values = {
        "addressee": addressee.strip(),
        "scope": scope,
        "expected_change": expected_change.strip(),
        "measure": measure.strip(),
        "due_by": due_by,
        "national_policy": bool(national_policy),
    }
    _check_recommendation(values)
    points, theme_list = list(learning_points), list(themes)
    _check_links(case, themes=theme_list, points=points)
    with case_action(case, "learning.add_recommendation", acting_user=acting_user) as ctx:
        last = Recommendation.objects.filter(case=ctx.case).aggregate(n=Max("number"))["n"] or 0
        rec = Recommendation.objects.create(case=ctx.case, number=last + 1, created_by=acting_user, **values)
        rec.learning_points.set(points)
        rec.themes.set(theme_list)
        ctx.audit(obj=rec, after=_rec_after(rec, points, theme_list))
    return rec


def over_limit_warning(case: Case) -> str:
    """A warning (never a refusal) when the review has more recommendations than the partnership's number."""
    limit = recommendation_limit(case.lead_partnership_id)
    count = Recommendation.objects.filter(case=case).count()
    if count <= limit:
        return ""
    return (
        f"This review now has {count} recommendations, more than the {limit} your partnership has set. "
        "The toolkit asks for few recommendations, each one specific and measurable (§9.2.3): consider "
        "combining or removing some."
    )


def edit_recommendation(
    rec: Recommendation,
    *,
    addressee: str,
    scope: str,
    expected_change: str,
    measure: str,
    due_by: dt.date,
    national_policy: bool = False,
    learning_points: Iterable[LearningPoint] = (),
    themes: Iterable[Theme] = (),
    expected_version: int | None,
    acting_user: User,
) -> Recommendation:
    """Change a recommendation. If what it says changes, every standing endorsement is withdrawn
    (audited one by one) and the partners endorse the new text."""
    values = {
        "addressee": addressee.strip(),
        "scope": scope,
        "expected_change": expected_change.strip(),
        "measure": measure.strip(),
        "due_by": due_by,
        "national_policy": bool(national_policy),
    }
    _check_recommendation(values)
    points, theme_list = list(learning_points), list(themes)
    _check_links(rec.case, themes=theme_list, points=points)
    with case_action(rec.case, "learning.edit_recommendation", acting_user=acting_user) as ctx:
        locked: Recommendation = lock_and_check(Recommendation, rec.pk, expected_version)
        before = _rec_after(locked, list(locked.learning_points.all()), list(locked.themes.all()))
        changed = [name for name in SUBSTANCE if getattr(locked, name) != values[name]]
        for name, value in values.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save()
        locked.learning_points.set(points)
        locked.themes.set(theme_list)
        ctx.audit(obj=locked, before=before, after=_rec_after(locked, points, theme_list))
        if changed:
            reason = "The recommendation was changed: " + ", ".join(n.replace("_", " ") for n in changed)
            now = timezone.now()
            for e in Endorsement.objects.select_for_update().filter(recommendation=locked, withdrawn_at__isnull=True):
                e.withdrawn_at, e.withdrawn_reason = now, reason[:300]
                e.save(update_fields=["withdrawn_at", "withdrawn_reason"])
                ctx.audit(
                    obj=e,
                    action="learning.endorsement_withdrawn",
                    after={"partner": e.partner, "recommendation": locked.number, "reason": reason},
                )
    return locked


# -- endorsement ------------------------------------------------------------------------------------


ENDORSE = partner_acts.Act(
    verb="endorse",
    third_person="endorses",
    gerund="Endorsing",
    noun="endorsement",
    # C12: like ratification, endorsement belongs to the lead partnership's safeguarding partners.
    outsiders="Only the lead partnership's safeguarding partners endorse its recommendations.",
    own_only="Only a statutory partner lead endorses for their partner. To record a partner's endorsement for "
    "them, use ‘Endorse on behalf of another partner’, giving the reason and the delegation.",
)


def _check_common(rec: Recommendation, partner: str, date: dt.date, acting_user: User) -> None:
    case = rec.case
    partner_acts.check_common(ENDORSE, case, partner, date, acting_user)
    if case.lcspr_commissioned_date and date < case.lcspr_commissioned_date:
        raise ValidationError({"date": "The date of endorsement must be on or after the LCSPR was commissioned"})


def check_own(rec: Recommendation, partner: str, date: dt.date, acting_user: User) -> str:
    """A partner lead endorsing for their own partner; returns that partner's kind."""
    _check_common(rec, partner, date, acting_user)
    return str(partner_acts.check_own(ENDORSE, rec.case, partner, acting_user).kind)


def check_on_behalf(
    rec: Recommendation, partner: str, date: dt.date, reason: str, delegation: str, acting_user: User
) -> str:
    """Returns the acting user's own partner kind ("" for a business manager)."""
    _check_common(rec, partner, date, acting_user)
    own = partner_acts.check_on_behalf(ENDORSE, rec.case, partner, reason, delegation, acting_user)
    return str(own.kind) if own else ""


def _create(
    rec: Recommendation,
    *,
    partner: str,
    executive_name: str,
    executive_role: str,
    date: dt.date,
    expected_version: int | None,
    acting_user: User,
    acting_partner: str,
    reason: str = "",
    delegation: str = "",
) -> Endorsement:
    _required(
        {"executive_name": executive_name, "executive_role": executive_role},
        {"executive_name": "the name of the executive endorsing", "executive_role": "the executive's role"},
    )
    with case_action(rec.case, "learning.endorse", acting_user=acting_user) as ctx:
        locked = lock_and_check(Recommendation, rec.pk, expected_version)
        standing = list(Endorsement.objects.filter(recommendation=locked, withdrawn_at__isnull=True))
        if any(e.partner == partner for e in standing):
            raise ValidationError({"partner": f"{partner_has(PartnerKind(partner).label)} already endorsed this"})
        if any(e.recorded_by_id == acting_user.pk for e in standing):
            raise ValidationError(
                "You have already recorded one partner's endorsement of this recommendation: each partner's "
                "endorsement is recorded by a different person."
            )
        on_behalf = acting_partner != partner
        endorsement = Endorsement.objects.create(
            recommendation=locked,
            partner=partner,
            executive_name=executive_name.strip(),
            executive_role=executive_role.strip(),
            date=date,
            recorded_by=acting_user,
            on_behalf=on_behalf,
            acting_partner=acting_partner,
            on_behalf_reason=reason.strip() if on_behalf else "",
            delegation=delegation.strip() if on_behalf else "",
        )
        after: dict[str, Any] = {
            "recommendation": locked.number,
            "version": locked.version,
            "partner": partner,
            "executive_name": endorsement.executive_name,
            "date": date.isoformat(),
            "on_behalf": on_behalf,
            "acting_partner": acting_partner,
            "all_endorsed": len(standing) + 1 == len(PartnerKind),
        }
        if on_behalf:
            after |= {"reason": endorsement.on_behalf_reason, "delegation": endorsement.delegation}
        ctx.audit(
            obj=endorsement, after=after, action="learning.endorse_on_behalf" if on_behalf else "learning.endorse"
        )
    return endorsement


def endorse(
    rec: Recommendation,
    *,
    partner: str,
    executive_name: str,
    executive_role: str,
    date: dt.date,
    expected_version: int | None = None,
    acting_user: User,
) -> Endorsement:
    """A statutory partner lead endorses a recommendation for their own partner only (§9.2.6)."""
    own = check_own(rec, partner, date, acting_user)
    return _create(
        rec,
        partner=partner,
        executive_name=executive_name,
        executive_role=executive_role,
        date=date,
        expected_version=expected_version,
        acting_user=acting_user,
        acting_partner=own,
    )


def endorse_on_behalf(
    rec: Recommendation,
    *,
    partner: str,
    executive_name: str,
    executive_role: str,
    date: dt.date,
    reason: str,
    delegation: str,
    expected_version: int | None = None,
    acting_user: User,
) -> Endorsement:
    """Record a partner's endorsement by someone who does not belong to it: why, and the delegation."""
    own = check_on_behalf(rec, partner, date, reason, delegation, acting_user)
    return _create(
        rec,
        partner=partner,
        executive_name=executive_name,
        executive_role=executive_role,
        date=date,
        expected_version=expected_version,
        acting_user=acting_user,
        acting_partner=own,
        reason=reason,
        delegation=delegation,
    )


# -- the partnership's number -----------------------------------------------------------------------


def set_recommendation_limit(
    partnership: Partnership, *, limit: int, expected_version: int | None, acting_user: User
) -> LearningSettings:
    """The partnership administrator or business manager sets above how many recommendations a review is
    warned; audited. Not a case action: one transaction with its audit row."""
    if Role(acting_user.role) not in {Role.PARTNERSHIP_ADMIN, Role.BUSINESS_MANAGER} or (
        acting_user.partnership_id != partnership.pk
    ):
        raise PermissionDenied("Only the partnership's administrator or business manager sets this.")
    if not 1 <= limit <= 50:
        raise ValidationError({"limit": "Enter a number between 1 and 50"})
    with transaction.atomic():
        LearningSettings.objects.get_or_create(partnership=partnership)
        row: LearningSettings = lock_and_check(
            LearningSettings, LearningSettings.objects.get(partnership=partnership).pk, expected_version
        )
        before = {"recommendation_limit": row.recommendation_limit}
        row.recommendation_limit = limit
        row.version += 1
        row.save()
        audit.record(
            actor=acting_user,
            action="learning.set_recommendation_limit",
            obj=row,
            partnership_id=partnership.pk,
            before=before,
            after={"recommendation_limit": limit, "version": row.version},
        )
    return row
