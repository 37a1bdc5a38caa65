"""Changes to the themes taxonomy, the national reviews library, a case's references to it and the
thematic reviews that link cases (toolkit §1.4.6, §11.5; rules 74–75). Each is one transaction with
its audit row; those about a case run through ``case_action``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cspr.accounts.roles import Role
from cspr.audit import log as audit
from cspr.cases.models import Case
from cspr.cases.transitions import case_action, not_closed, register_action
from cspr.library.models import LibraryReference, NationalReview, ThematicReview, Theme, national_reviews_for
from cspr.organisations.models import Partnership

if TYPE_CHECKING:
    from cspr.accounts.models import User

for _name in ("library.reference_review", "library.record_considered", "library.link_thematic_review"):
    register_action(_name, allowed=not_closed)


def _require_manager(user: User, partnership: Partnership) -> None:
    """The partnership's administrator or business manager maintains its taxonomy and library."""
    if Role(user.role) not in {Role.PARTNERSHIP_ADMIN, Role.BUSINESS_MANAGER} or user.partnership_id != partnership.pk:
        raise PermissionDenied("Only the partnership's administrator or business manager maintains this.")


# -- themes -----------------------------------------------------------------------------------------


def add_theme(partnership: Partnership, *, name: str, description: str = "", acting_user: User) -> Theme:
    """A partnership's own theme; refused if the name is already a common theme or one of its own."""
    _require_manager(acting_user, partnership)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the theme's name"})
    with transaction.atomic():
        clash = Theme.objects.filter(Q(partnership__isnull=True) | Q(partnership=partnership), name__iexact=name)
        if clash.exists():
            raise ValidationError({"name": "There is already a theme with this name"})
        theme = Theme.objects.create(partnership=partnership, name=name, description=description.strip())
        audit.record(
            actor=acting_user,
            action="library.add_theme",
            obj=theme,
            partnership_id=partnership.pk,
            after={"name": theme.name, "description": theme.description},
        )
    return theme


def set_theme_active(theme: Theme, *, active: bool, acting_user: User) -> Theme:
    """Retire (or restore) one of the partnership's own themes; common themes are not theirs to retire.
    A retired theme stays on what it already tags and is no longer offered."""
    if theme.partnership is None:
        raise ValidationError("The common themes are shared by every partnership and cannot be retired.")
    _require_manager(acting_user, theme.partnership)
    with transaction.atomic():
        locked = Theme.objects.select_for_update().get(pk=theme.pk)
        before = {"active": locked.active}
        locked.active = active
        locked.save(update_fields=["active"])
        audit.record(
            actor=acting_user,
            action="library.retire_theme" if not active else "library.restore_theme",
            obj=locked,
            partnership_id=locked.partnership_id,
            before=before,
            after={"active": active, "name": locked.name},
        )
    return locked


# -- the national reviews library ------------------------------------------------------------------


def add_national_review(
    partnership: Partnership,
    *,
    title: str,
    year: int,
    key_findings: str = "",
    link: str = "",
    publisher: str = "",
    acting_user: User,
) -> NationalReview:
    _require_manager(acting_user, partnership)
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "Enter the title"})
    if not 1990 <= year <= timezone.localdate().year:
        raise ValidationError({"year": "Enter the year it was published, this year or earlier"})
    with transaction.atomic():
        if national_reviews_for(partnership.pk).filter(title__iexact=title).exists():
            raise ValidationError({"title": "This review is already in the library"})
        review = NationalReview.objects.create(
            partnership=partnership,
            title=title,
            year=year,
            key_findings=key_findings.strip(),
            link=link.strip(),
            publisher=publisher.strip() or "Child Safeguarding Practice Review Panel",
        )
        audit.record(
            actor=acting_user,
            action="library.add_national_review",
            obj=review,
            partnership_id=partnership.pk,
            after={"title": review.title, "year": review.year, "link": review.link},
        )
    return review


def reference_review(case: Case, *, review: NationalReview, relevance: str, acting_user: User) -> LibraryReference:
    """The case (Rapid Review or LCSPR) refers to a national review of the library."""
    if review.partnership_id not in (None, case.lead_partnership_id):
        raise ValidationError({"review": "Select a review from the partnership's library"})
    if not relevance.strip():
        raise ValidationError({"relevance": "Enter why this national review is relevant to the case"})
    with case_action(case, "library.reference_review", acting_user=acting_user) as ctx:
        if LibraryReference.objects.filter(case=ctx.case, review=review).exists():
            raise ValidationError({"review": "The case already refers to this review"})
        ref = LibraryReference.objects.create(
            case=ctx.case, review=review, relevance=relevance.strip(), added_by=acting_user
        )
        ctx.audit(obj=ref, after={"review": review.pk, "title": review.title, "relevance": ref.relevance})
    return ref


def record_considered(
    ref: LibraryReference, *, considered_on: dt.date, considered_by: str, conclusion: str, acting_user: User
) -> LibraryReference:
    """The CSPR group's record that it considered the national review's learning (rule 74): who, when,
    what it concluded."""
    errors = {}
    if considered_on > timezone.localdate():
        errors["considered_on"] = "The date must be today or in the past"
    if not considered_by.strip():
        errors["considered_by"] = "Enter who considered it, for example the CSPR group"
    if not conclusion.strip():
        errors["conclusion"] = "Enter what they concluded"
    if errors:
        raise ValidationError(errors)
    with case_action(ref.case, "library.record_considered", acting_user=acting_user) as ctx:
        locked = LibraryReference.objects.select_for_update().get(pk=ref.pk, case=ctx.case)
        before = {"considered_on": locked.considered_on.isoformat() if locked.considered_on else None}
        locked.considered_on = considered_on
        locked.considered_by = considered_by.strip()
        locked.conclusion = conclusion.strip()
        locked.considered_recorded_by = acting_user
        locked.save()
        ctx.audit(
            obj=locked,
            before=before,
            after={
                "review": locked.review_id,
                "considered_on": considered_on.isoformat(),
                "considered_by": locked.considered_by,
                "conclusion": locked.conclusion,
            },
        )
    return locked


def link_thematic_review(
    case: Case,
    *,
    thematic: ThematicReview | None,
    title: str = "",
    rationale: str = "",
    acting_user: User,
) -> ThematicReview:
    """Put the case into a thematic review of its lead partnership (§1.4.6, rule 75): an existing one, or
    a new one with its title and the rationale for reviewing the cases together."""
    if thematic is not None and thematic.partnership_id != case.lead_partnership_id:
        raise ValidationError({"thematic": "Select one of the partnership's thematic reviews"})
    if thematic is None:
        errors = {}
        if not title.strip():
            errors["title"] = "Enter the thematic review's title"
        if not rationale.strip():
            errors["rationale"] = "Enter why these cases are reviewed together"
        if errors:
            raise ValidationError(errors)
    with case_action(case, "library.link_thematic_review", acting_user=acting_user) as ctx:
        if thematic is None:
            if ThematicReview.objects.filter(partnership_id=ctx.case.lead_partnership_id, title=title.strip()).exists():
                raise ValidationError({"title": "There is already a thematic review with this title"})
            thematic = ThematicReview.objects.create(
                partnership_id=ctx.case.lead_partnership_id,
                title=title.strip(),
                rationale=rationale.strip(),
                created_by=acting_user,
            )
        elif thematic.cases.filter(pk=ctx.case.pk).exists():
            raise ValidationError({"thematic": "The case is already part of this thematic review"})
        thematic.cases.add(ctx.case)
        ctx.audit(
            obj=thematic,
            after={"thematic_review": thematic.pk, "title": thematic.title, "rationale": thematic.rationale},
        )
    return thematic
