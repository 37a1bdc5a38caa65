from django.apps import AppConfig


class ReportConfig(AppConfig):
    name = "cspr.report"
    label = "report"
    verbose_name = "The LCSPR report: drafts and checks"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.lcspr import tasklist as lcspr_tasklist
        from cspr.report import tasklist

        lcspr_tasklist.register(tasklist.section)
        english.register(
            {
                "report.upload_draft": "uploaded a draft of the report (checked on upload)",
                "report.accept_finding": "accepted an anonymisation finding of a report draft, with a reason",
                "report.save_glossary": "saved the report's pseudonym glossary",
                "report.make_publishable": "made the publishable version of a report draft",
                "report.save_quality_markers": "answered the report's quality markers",
                "read.report_draft": "downloaded a report draft (internal version)",
                "read.report_publishable": "downloaded the publishable version of a report draft",
            }
        )
