from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """The database cache's table, made by every ``migrate`` (make run, CI, production) so that no
    extra step is needed; a no-op when it exists or when the cache is Redis."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "cspr.accounts"
    label = "accounts"

    def ready(self) -> None:
        from allauth.mfa import signals as mfa_signals

        from cspr.accounts.signals import forget_mfa_check
        from cspr.audit.english import register
        from cspr.ui.context_processors import register_navigation

        register(
            {
                "user.disabled": "disabled a user account",
                "user.created": "created a user account",
                "user.set_password_link_sent": "sent a link to set a password",
                "user.set_password_link_queued": "asked for a link to set a password to be emailed",
                "user.second_factor_reset": "reset a user's second factor",
            }
        )
        register_navigation("accounts:users", "Users", "manage", order=70)
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="cspr_create_cache_table")
        mfa_signals.authenticator_removed.connect(forget_mfa_check, dispatch_uid="cspr_forget_mfa_check")
