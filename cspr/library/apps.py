from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "cspr.library"
    label = "library"
    verbose_name = "Themes and national learning"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.cases import sections
        from cspr.library import views
        from cspr.ui.context_processors import register_navigation

        sections.register(views.case_section)
        register_navigation("library:reviews", "National reviews", "internal", order=35)
        register_navigation("library:themes", "Themes", "manage", order=85)
        english.register(
            {
                "library.add_theme": "added a theme to the partnership's taxonomy",
                "library.retire_theme": "retired one of the partnership's themes",
                "library.restore_theme": "restored one of the partnership's themes",
                "library.add_national_review": "added a national review to the library",
                "library.reference_review": "referred the case to a national review",
                "library.record_considered": "recorded that a national review was considered",
                "library.link_thematic_review": "linked the case to a thematic review",
            }
        )
