from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "cspr.retention"
    label = "retention"
    verbose_name = "Data lifecycle"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.ui.context_processors import register_navigation

        register_navigation("retention:schedules", "Records", "manage", order=95)
        english.register(
            {
                "retention.schedule_changed": "changed a retention period",
                "retention.contact_changed": "changed the data protection contact",
                "retention.hold_placed": "placed a legal hold",
                "retention.hold_released": "released a legal hold",
                "retention.decision_recorded": "recorded a retention decision",
                "retention.destroyed": "destroyed records past their retention period",
                "retention.subject_access_exported": "exported a person's records for a subject access request",
                "read.subject_access_export": "downloaded a subject access export",
                "read.subject_access_people": "viewed a case's people for a subject access request",
                "read.destruction_certificate": "downloaded a destruction certificate",
            }
        )
