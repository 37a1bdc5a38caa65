"""Accepting the shapes other apps' context providers actually send.

The Rapid Review app (``cspr.rapidreview.context``) and the chronology app send richer structures
than the flat keys the documents read (lists of ``{code, text}``, nested dicts). This turns them into
the documented keys, leaving anything already flat untouched, so neither side imports the other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def _d(value: Any) -> str:
    return f"{value:%-d %B %Y}" if isinstance(value, dt.date) else str(value or "")


def _codes(value: Any) -> Any:
    if isinstance(value, list) and value and all(isinstance(v, dict) and "code" in v for v in value):
        return [v["code"] for v in value]
    return value


def adapt(ctx: dict[str, Any]) -> None:
    ctx["decision"] = _codes(ctx.get("decision"))
    ctx["criteria"] = _codes(ctx.get("criteria"))
    if ctx.get("decision_other_review") and not ctx.get("decision_other"):
        ctx["decision_other"] = ctx["decision_other_review"]
    _people(ctx)
    _record(ctx)


def _people(ctx: dict[str, Any]) -> None:
    for person in ctx.get("family") or []:
        if isinstance(person, dict):
            person.setdefault(
                "name_address", "\n".join(str(p) for p in (person.get("name"), person.get("address")) if p)
            )
            person.setdefault("dob", _d(person.get("date_of_birth")))
            person.setdefault("aka", person.get("also_known_as", ""))
    participants = [p for p in ctx.get("participants") or [] if isinstance(p, dict)]
    if participants and any("organisation" in p or "observer" in p for p in participants):
        for p in participants:
            p.setdefault("agency", p.get("organisation", ""))
        ctx["participants"] = [p for p in participants if not p.get("observer") and p.get("present", True)]
        ctx.setdefault("observers", [p for p in participants if p.get("observer")])
    absent = ctx.get("absent_agencies") or []
    if absent and not ctx.get("omissions"):
        ctx["omissions"] = "\n".join(f"{a.get('organisation', '')}: {a.get('explanation', '')}" for a in absent)


def _record(ctx: dict[str, Any]) -> None:
    safeguarding = ctx.get("immediate_safeguarding")
    if isinstance(safeguarding, dict):
        if safeguarding.get("all_action_taken") is not None:
            ctx.setdefault("immediate_actions_taken", bool(safeguarding["all_action_taken"]))
        details = [safeguarding.get("actions"), safeguarding.get("who"), safeguarding.get("when")]
        if any(details) and not ctx.get("immediate_actions"):
            ctx["immediate_actions"] = "\n".join(str(x) for x in details if x)
    if ctx.get("documentation_available") and not ctx.get("documentation"):
        ctx["documentation"] = ctx["documentation_available"]
    if ctx.get("meeting_location") and not ctx.get("meeting_venue"):
        ctx["meeting_venue"] = ctx["meeting_location"]
    learning = ctx.get("learning")
    if isinstance(learning, dict) and not ctx.get("immediate_learning"):
        ctx["immediate_learning"] = "\n".join(
            str(x) for x in (learning.get("immediate"), learning.get("how_shared")) if x
        )
    legal = ctx.get("legal_advice")
    if isinstance(legal, dict):
        ctx["legal_advice"] = (
            ("Yes. " + str(legal.get("details") or "")).strip()
            if legal.get("sought")
            else ("No" if legal.get("sought") is False else "")
        )
    endorsement = ctx.get("scrutineer_endorsement")
    if isinstance(endorsement, dict):
        ctx["scrutineer_endorsement"] = ", ".join(
            x
            for x in (
                str(endorsement.get("name") or ""),
                str(endorsement.get("role") or ""),
                _d(endorsement.get("date")),
            )
            if x
        )
    submission = ctx.get("submission")
    if isinstance(submission, dict) and submission.get("date") and not ctx.get("submitted_date"):
        ctx["submitted_date"] = submission["date"]
