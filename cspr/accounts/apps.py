from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cspr.accounts"
    label = "accounts"

    def ready(self) -> None:
        from cspr.audit.english import register

        register({"user.disabled": "disabled a user account", "user.created": "created a user account"})
