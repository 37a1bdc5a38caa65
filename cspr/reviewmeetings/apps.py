from django.apps import AppConfig


class ReviewmeetingsConfig(AppConfig):
    name = "cspr.reviewmeetings"
    label = "reviewmeetings"
    verbose_name = "Review team meetings"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.lcspr import tasklist
        from cspr.reviewmeetings import views

        tasklist.register(views.task_section)
        english.register(
            {
                "reviewmeetings.schedule_meeting": "scheduled a review team meeting",
                "reviewmeetings.save_attendee": "recorded attendance at a review team meeting",
                "reviewmeetings.invite_review_team": "invited the review team to a meeting",
                "reviewmeetings.add_item": "added an agenda item to a review team meeting",
                "reviewmeetings.minute_item": "minuted an item of a review team meeting",
                "reviewmeetings.save_action": "recorded an action from a review team meeting",
                "reviewmeetings.record_held": "recorded a review team meeting as held",
            }
        )
