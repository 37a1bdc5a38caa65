"""Small pieces of English the pages and messages share: counts with the right noun, and the
statutory partners as the subject of a sentence ("Police have", "The local authority has")."""

from __future__ import annotations

# Irregular plurals of the nouns the pages count; the rest take "s".
_PLURALS = {
    "agency": "agencies",
    "entry": "entries",
    "person": "people",
    "day": "days",
    "working day": "working days",
    "child": "children",
}


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 agency', '2 agencies', '0 agencies'."""
    if count == 1:
        return f"{count} {singular}"
    return f"{count} {plural_form or _PLURALS.get(singular, singular + 's')}"


def partner_subject(label: str) -> str:
    """A statutory partner as the subject of a sentence, before its verb.

    "Police" is plural in British usage and takes no article; the local authority and the
    Integrated Care Board are singular with "the" (lower case for the generic "local authority").
    """
    if label.lower() == "police":
        return "Police"
    if label.lower() == "local authority":
        return "The local authority"
    return f"The {label}"


def partner_has(label: str) -> str:
    """'Police have', 'The local authority has', 'The Integrated Care Board has'."""
    subject = partner_subject(label)
    return f"{subject} {'have' if subject == 'Police' else 'has'}"
