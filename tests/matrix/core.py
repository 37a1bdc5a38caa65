"""The foundation's pages."""

from tests.matrix import Audience, Spec, case_ref

SPECS = {
    "ui:dashboard": Spec(Audience.SIGNED_IN),
    "ui:accessibility": Spec(Audience.PUBLIC),
    "ui:privacy": Spec(Audience.PUBLIC),
    "cases:list": Spec(Audience.CASES),
    "cases:detail": Spec(Audience.CASE_READ, case_ref),
    "audit:case": Spec(Audience.AUDIT, case_ref),
    "audit:partnership": Spec(Audience.AUDIT_PARTNERSHIP),
    "organisations:settings": Spec(Audience.MANAGE),
}
