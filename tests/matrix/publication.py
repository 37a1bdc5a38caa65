"""Approval and publication pages (rules 63–70): case readers see the overview; the lead partnership's
writers record; each partner's lead approves for its own partner (as ratification)."""

from __future__ import annotations

from tests.matrix import Audience, Spec
from tests.matrix.lcspr import commissioned

R, W = Audience.CASE_READ, Audience.CASE_WRITE
SPECS = {
    "publication:overview": Spec(R, commissioned),
    "publication:upload": Spec(W, commissioned, post=True),
    "publication:approve": Spec(Audience.CASE_RATIFY, commissioned, post=True),
    "publication:approve_on_behalf": Spec(Audience.CASE_RATIFY_ON_BEHALF, commissioned, post=True),
    "publication:pre_reading": Spec(W, commissioned, post=True),
    "publication:briefing": Spec(W, commissioned, post=True),
    "publication:plan": Spec(W, commissioned, post=True),
    "publication:copies": Spec(W, commissioned, post=True),
    "publication:published": Spec(W, commissioned, post=True),
    "publication:nspcc": Spec(W, commissioned, post=True),
    "publication:archive": Spec(W, commissioned, post=True),
    "publication:not_publishing": Spec(W, commissioned, post=True),
}
