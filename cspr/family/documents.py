"""Document 8's "please contact [name] on [telephone number]": the person named to contact this family member.

The ``coordinator`` context provider gives the partnership's own contact (its signature name and
telephone) for a letter with no addressee; ``fill_for_person`` replaces it, for the family member
a letter goes to, with the coordinator named on their invitation and the number recorded for the
family to call (the partnership's number when none is).
"""

from __future__ import annotations

from typing import Any, TypedDict

from cspr.cases.models import Case, Person
from cspr.family.models import Invitation


class CoordinatorContext(TypedDict):
    coordinator_name: str | None
    coordinator_phone: str | None


def coordinator_context(case: Case) -> CoordinatorContext:
    p = case.lead_partnership
    return {"coordinator_name": p.signature_name or None, "coordinator_phone": p.contact_phone or None}


def fill_for_person(ctx: dict[str, Any], case: Case, person: Person) -> None:
    if "coordinator_name" not in ctx:
        return  # a document that does not print the coordinator
    invitation = Invitation.objects.filter(case=case, person=person).select_related("coordinator").first()
    if invitation is None or invitation.coordinator is None:
        return
    ctx["coordinator_name"] = invitation.coordinator.full_name
    ctx["coordinator_phone"] = invitation.coordinator_phone or case.lead_partnership.contact_phone or None


def register_document_context() -> None:
    from cspr.documents import context

    context.register("coordinator", CoordinatorContext, coordinator_context)
    context.register_person_filler(fill_for_person)
