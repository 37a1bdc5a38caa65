"""The foundation's pages, and the case record's edit pages (issue 4)."""

from typing import Any

from django.core.files.base import ContentFile

from tests.matrix import Audience, Spec, case_ref
from tests.world import World


def person_ref(world: World, scope: str) -> dict[str, Any]:
    case = world.cases[scope]
    person = case.people.first()
    assert person is not None
    return {"reference": case.reference, "person_id": person.pk}


# The smallest valid PNG (1×1 transparent pixel).
# A valid 1x1 transparent PNG (logos are decoded: a bad checksum is refused).
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def with_logo(world: World, scope: str) -> dict[str, Any]:
    if not world.home.logo:
        world.home.logo.save("logo.png", ContentFile(TINY_PNG))
    return {}


SPECS = {
    "ui:dashboard": Spec(Audience.SIGNED_IN),
    "ui:accessibility": Spec(Audience.PUBLIC),
    "ui:privacy": Spec(Audience.PUBLIC),
    "cases:list": Spec(Audience.CASES),
    "cases:detail": Spec(Audience.CASE_READ, case_ref),
    "cases:new": Spec(Audience.CASE_CREATE, post=True),
    "cases:dates": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "cases:referral": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "cases:person_add": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "cases:person_edit": Spec(Audience.CASE_WRITE, person_ref, post=True),
    "cases:relationship_add": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "cases:household_add": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "cases:agency_add": Spec(Audience.CASE_CONTRIBUTE, case_ref, post=True),  # C12: its own agencies
    "cases:parallel_add": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "cases:event_add": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "cases:collaborator_add": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "cases:link_add": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "audit:case": Spec(Audience.AUDIT, case_ref),
    "audit:partnership": Spec(Audience.AUDIT_PARTNERSHIP),
    "organisations:settings": Spec(Audience.MANAGE),
}
SPECS.update(
    {
        "organisations:edit": Spec(Audience.MANAGE, post=True),
        "organisations:logo": Spec(Audience.MANAGE, with_logo),
    }
)
