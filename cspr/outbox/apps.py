from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "cspr.outbox"
    label = "outbox"
    verbose_name = "Outbox"

    def ready(self) -> None:
        from cspr.audit import english

        english.register(
            {
                "outbox.sent": "sent an email (the mail server accepted it)",
                "outbox.retry": "asked for a failed email to be sent again",
            }
        )
