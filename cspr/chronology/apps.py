from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "cspr.chronology"
    label = "chronology"
    verbose_name = "Chronology and genogram"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.cases import sections
        from cspr.chronology import integration
        from cspr.documents.context import register_provider

        sections.register(integration.case_section)
        register_provider(integration.document_context)
        english.register(
            {
                "chronology.entry_added": "added a chronology entry",
                "chronology.entry_changed": "changed a chronology entry",
                "chronology.key_event_flagged": "flagged a key practice learning event",
                "chronology.key_event_unflagged": "removed a key practice learning event flag",
                "chronology.duplicate_merged": "merged duplicate chronology entries",
                "chronology.duplicate_dismissed": "marked a chronology entry as not a duplicate",
                "chronology.review_period_set": "set the review period",
                "chronology.import_checked": "uploaded a chronology for checking",
                "chronology.import_committed": "added an uploaded chronology",
                "chronology.import_discarded": "discarded an uploaded chronology",
                "read.chronology": "viewed the integrated chronology",
                "read.chronology_timeline": "viewed the chronology timeline",
                "read.chronology_duplicates": "viewed possible duplicate chronology entries",
                "read.chronology_import": "viewed an uploaded chronology",
                "read.genogram": "viewed the genogram",
            }
        )
