"""The information report (Document 14, with its letter Document 15 and guidance Document 15a;
toolkit §8.6, rules 53–56).

Every question of the template is a field, numbered as the template numbers them. Before the
report can be submitted the author (with their confirmation of no involvement in the case) and the
senior officer's quality-assurance sign-off must be given, and the check page asks when and by
whom the files were secured (question 2). A report submitted with any of questions 1–9 unanswered
comes straight back to the agency with those questions listed (rule 54, ``unanswered``). Staff
interviews are recorded beside the report, never in it (rule 55, ``cspr.portal.interviews``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.cases.models import Case
from cspr.portal.kinds.base import Missing, WordForm
from cspr.portal.kinds.lcspr import author_questions, build_catalogue_letter, default_due, letter, sign_off_questions
from cspr.portal.kinds.questions import LONG, YES_NO, Q, QuestionSection, QuestionsKind
from cspr.portal.models import InformationRequest, RequestType

BACKGROUND = "Background information"
SECTION_1 = "Section 1: Sources of Evidence and Agency Understanding of the Case"
SECTION_2 = "Section 2: Analysis of Involvement"
SECTION_3 = "Section 3: Potential Learning"
SECTION_4 = "Section 4: Other Relevant Information"

PARTS = (
    QuestionSection(
        "author", BACKGROUND, "Contact details of individual completing this form", author_questions("report")
    ),
    QuestionSection(
        "sign_off",
        BACKGROUND,
        "Contact details of senior officer endorsing this form",
        sign_off_questions("report"),
    ),
    QuestionSection(
        "parallel",
        SECTION_1,
        "1. Parallel Processes and Investigations",
        (
            Q(
                "q1_parallel",
                "1. Is your organisation undertaking an internal, multi-agency or parallel review process related to this case?",
                hint="Such as misconduct hearing, serious untoward incident, Independent Police Complaints Investigation",
                type=YES_NO,
                question=True,
            ),
            Q(
                "q1_details",
                "1. If yes, the type of investigation and the name and contact details of the individual leading or "
                "co-ordinating it",
            ),
        ),
    ),
    QuestionSection(
        "sources",
        SECTION_1,
        "2. Sources of Information",
        (
            Q(
                "q2_documents",
                "2. Documents reviewed in putting together this report",
                hint="Explain any documents not seen and the reason why",
                question=True,
            ),
            Q(
                "q2_interviews",
                "2. Details of interviews undertaken",
                hint="Say where the report draws on an interview. The interview records themselves are not part of "
                "the report: keep them on the request's interviews page",
                question=True,
            ),
        ),
    ),
    QuestionSection(
        "summary",
        SECTION_1,
        "3. Summary of Agency involvement with the child and family",
        (
            Q(
                "q31_reviewed",
                "3.1 You have reviewed the details of the victim, perpetrator, family and significant others in the "
                "Case Summary",
                type="confirm",
                question=True,
            ),
            Q(
                "q31_corrections",
                "3.1 Corrections and additional information your agency has on the victim, perpetrator, family or "
                "significant others",
                question=True,
            ),
            Q(
                "q32_context",
                "3.2 Contextual information relevant to this case that has not been captured elsewhere",
                hint="The agency's involvement with the victim, perpetrator, family or significant others, or "
                "organisational factors that may have influenced events",
                question=True,
            ),
        ),
    ),
    QuestionSection(
        "analysis",
        SECTION_2,
        "4. Analysis of Involvement",
        (
            Q(
                "q4_analysis",
                "4. Analysis of involvement",
                hint="Report why actions did or did not take place; assess practice against guidance and legislation; "
                "address the Key Lines of Enquiry and Agency Specific Issues in the Case Summary",
                question=True,
            ),
        ),
    ),
    QuestionSection(
        "good_practice",
        SECTION_3,
        "5. Good Practice identified in this case",
        (Q("q5_good_practice", "5. Good practice identified in this case", question=True),),
    ),
    QuestionSection(
        "learning",
        SECTION_3,
        "6. Key Learning Points",
        (
            Q(
                "q6_learning",
                "6. Key learning points",
                hint="Lessons for the way this agency safeguards children; where practice can be improved; implications "
                "for ways of working, training, management, supervision, partnership working and resources",
                question=True,
            ),
        ),
    ),
    QuestionSection(
        "single_agency",
        SECTION_3,
        "7. Single Agency Learning",
        (
            Q("q7_implemented", "7. Actions that have already been implemented", question=True),
            Q("q7_planned", "7. Actions planned", question=True),
        ),
    ),
    QuestionSection(
        "multi_agency",
        SECTION_3,
        "8. Multi-Agency Learning",
        (
            Q(
                "q8_multi_agency",
                "8. Actions to improve multi-agency working you wish the Review Team to consider",
                question=True,
            ),
        ),
    ),
    QuestionSection(
        "other",
        SECTION_4,
        "9. Other relevant information",
        (
            Q(
                "q9_other",
                "9. Other relevant information for the Independent Lead Reviewer and Review Team",
                hint="Write “None” if there is nothing to add",
                type=LONG,
                question=True,
            ),
        ),
    ),
)

LETTER_OPENING = [
    "We are undertaking a local Child Safeguarding Practice Review. To support this, we are asking agencies to "
    "examine their involvement with the child and their family in order to analyse individual and organisational "
    "practice, consider any single or multi-agency learning, and identify good practice.",
    "I would, therefore, be grateful if you could arrange for completion of the Information Report. To support "
    "completion, please read the Case Summary below and the Guidance on completing the Information Report.",
]
LETTER_ASKS = [
    "Complete every question of the Information Report: a report with unanswered questions is returned to you.",
    "The report is completed by a senior member of staff with no involvement in the case, and endorsed by a senior "
    "officer before it is submitted.",
    "Confirm the name and contact details of all relevant staff for the Reflective Learning Workshop.",
]


class InformationReportKind(QuestionsKind):
    key = RequestType.INFORMATION_REPORT
    title = "Information report"
    title_plural = "Information reports"
    word_heading = "Information Report"
    parts = PARTS
    lcspr = True
    letter_document = "INFORMATION_REPORT_REQUEST_LETTER"
    enclosures = ("INFORMATION_REPORT", "INFORMATION_REPORT_GUIDANCE")
    collated_title = "Information reports side by side"

    def __init__(self) -> None:
        self.word_form = WordForm(
            upload_label="The completed information report (Word)",
            filename=lambda r: f"{r.case.reference}-document-14-information-report-R{r.pk}.docx",
            build=self.build_word,
            read=self.read_word,
        )

    def unanswered(self, request: InformationRequest) -> list[Missing]:
        return self.unanswered_questions(request)

    def due_date(self, case: Case, sent_on: dt.date) -> dt.date:
        return default_due(case, sent_on)

    def letter(self, request: InformationRequest) -> dict[str, Any]:
        return letter(
            request, title="Request to Complete an Information Report", opening=LETTER_OPENING, asks=LETTER_ASKS
        )

    def build_letter(self, request: InformationRequest) -> bytes:
        return build_catalogue_letter(request, "INFORMATION_REPORT_REQUEST_LETTER")

    def letter_filename(self, request: InformationRequest) -> str:
        return f"{request.case.reference}-document-15-letter-R{request.pk}.docx"
