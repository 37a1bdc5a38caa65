"""Every table carries the change-stamp triggers, or is listed here with the reason it does not.

A new model without triggers would let a cached page part outlive a change to it. When this test
fails for a new table: add a migration in cspr/changes that calls ``triggers.install`` for it (a
path to its case, or its partnership column), or list it below and say why no page part shows it.
"""

from __future__ import annotations

import pytest
from django.db import connection

from cspr.changes import triggers

WITHOUT_TRIGGERS = {
    # Written on every read or sign-in, shown by no cached part (and raising a stamp on every read
    # would empty every cache).
    "audit_auditevent": "the audit chain and the access log: every read writes one",
    "audit_chainhead": "the audit chain's head, written with each audit row",
    "django_session": "sessions, rewritten by requests",
    "cspr_cache": "the shared cache's own table",
    "cspr_page_parts": "the stored page parts themselves (cspr/changes/fragments.py)",
    "django_tasks_database_dbtaskresult": "the task queue; what a task changes is tracked in its own tables",
    # Sign-in and its factors: no page part shows them.
    "account_emailaddress": "sign-in addresses (the user's own email is tracked on accounts_user)",
    "account_emailconfirmation": "email confirmation codes",
    "mfa_authenticator": "authenticator apps and recovery codes",
    "socialaccount_socialaccount": "single sign-on links",
    "socialaccount_socialapp": "single sign-on settings",
    "socialaccount_socialtoken": "single sign-on tokens",
    "accounts_user_groups": "Django groups: the project grants by role, not by group",
    "accounts_user_user_permissions": "Django permissions: the project grants by role",
    "auth_group": "Django groups: unused",
    "auth_group_permissions": "Django groups: unused",
    "auth_permission": "Django's permission catalogue, written by migrate",
    "django_content_type": "Django's model catalogue, written by migrate",
    "django_migrations": "migrate's own record",
    # The stamps themselves.
    "changes_casestamp": "the stamps",
    "changes_referencestamp": "the stamps",
}


@pytest.mark.django_db
def test_every_table_has_its_triggers_or_a_reason_to_go_without() -> None:
    tables = set(connection.introspection.table_names())
    tracked = triggers.installed(connection)
    missing = sorted(tables - tracked - set(WITHOUT_TRIGGERS))
    assert missing == [], f"tables with neither change-stamp triggers nor a reason to go without: {missing}"
    # A table listed as without triggers that has them (or no longer exists) is a stale entry.
    assert sorted(set(WITHOUT_TRIGGERS) & tracked) == []
    assert len(tracked) > 100
