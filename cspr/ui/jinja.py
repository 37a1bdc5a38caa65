"""The Jinja2 environment: GOV.UK Frontend macros, Django's url/static, and the forms adapter."""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from jinja2 import Environment

from cspr.access import Access, case_access
from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.ui import govuk_forms
from cspr.ui.formatting import format_date, format_datetime
from cspr.ui.wording import partner_has, plural


def url(name: str, *args: Any, **kwargs: Any) -> str:
    # A case page asks for about 70 URLs, and reverse() costs about 0.1 ms each: the answer only
    # depends on the URLconf, the prefix and the arguments, so plain arguments are remembered.
    if all(type(a) in _PLAIN for a in args) and all(type(v) in _PLAIN for v in kwargs.values()):
        return _reverse(
            settings.ROOT_URLCONF, get_urlconf(), get_script_prefix(), name, args, tuple(sorted(kwargs.items()))
        )
    return reverse(name, args=args or None, kwargs=kwargs or None)


# Not model instances: reverse() uses their str(), which can change while they hash the same.
_PLAIN = frozenset({int, str})


@functools.lru_cache(maxsize=8192)
def _reverse(
    root: str, urlconf: str | None, prefix: str, name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]
) -> str:
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


@jinja2.pass_context
def can_change(context: Any, case: Case) -> bool:
    """Whether the signed-in user may change this case: links to write pages show only then."""
    user = getattr(context.get("request"), "user", None)
    return isinstance(user, User) and case_access(user, case) >= Access.WRITE


def environment(**options: Any) -> Environment:
    options["undefined"] = jinja2.ChainableUndefined
    options.setdefault("autoescape", True)
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do"]
    # GOV.UK Frontend's macros import each other as "govuk_frontend_jinja/...": serve that prefix
    # from the package, after the project's own templates.
    options["loader"] = jinja2.ChoiceLoader(
        [options["loader"], jinja2.PrefixLoader({"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")})]
    )
    env = Environment(**options)  # noqa: S701 - autoescape is set above
    env.globals.update(
        {
            "url": url,
            "static": static,
            "get_messages": get_messages,
            "govuk_field": govuk_forms.field_params,
            "govuk_error_summary": govuk_forms.error_summary_params,
            "field_macro": govuk_forms.macro_for,
            "can_change": can_change,
        }
    )
    env.filters.update({"date": format_date, "datetime": format_datetime, "plural": plural, "partner_has": partner_has})
    return env
