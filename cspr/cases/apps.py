from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cspr.cases"
    label = "cases"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from cspr.audit import english
        from cspr.cases import record_sections, sections

        sections.register(record_sections.people_section, record_sections.record_section, related=("referral",))
        english.register(
            {
                "cases.open": "opened the case",
                "cases.update_dates": "changed the anchor dates",
                "cases.update_referral": "changed the referral",
                "cases.add_person": "added a person",
                "cases.update_person": "changed a person's details",
                "cases.save_relationship": "recorded a relationship",
                "cases.save_household": "recorded a household",
                "cases.save_agency_involvement": "recorded an agency's involvement",
                "cases.save_parallel_process": "recorded a parallel process",
                "cases.add_referral_event": "added a key event",
                "cases.add_collaborator": "added a collaborating partnership",
                "cases.link_case": "linked another case",
            }
        )
        # Each app registers its case actions (cspr.cases.transitions.register_action) in its
        # ``actions`` module: import them all, so the registry is whole before the first request.
        autodiscover_modules("actions")
