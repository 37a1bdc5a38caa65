"""Liveness and readiness (cspr/operations): public, no data, the same answer for everyone."""

from tests.matrix import Audience, Spec

SPECS = {
    "operations:healthz": Spec(Audience.PUBLIC),
    "operations:readyz": Spec(Audience.PUBLIC),
}
