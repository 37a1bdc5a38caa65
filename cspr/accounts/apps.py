from django.apps import AppConfig


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
            }
        )
        register_navigation("accounts:users", "Users", "manage", order=70)
        mfa_signals.authenticator_removed.connect(forget_mfa_check, dispatch_uid="cspr_forget_mfa_check")
