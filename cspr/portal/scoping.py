"""Document 2 (Initial Scoping and Information Sharing) and Document 2a (the letter): the wording
agencies see, and the keys under which a return's answers are kept. The online form, the Word
template and its reader all take their labels from here, so the three never drift apart.

Wording from the West Midlands regional CSPR toolkit, Documents 2 and 2a.
"""

from __future__ import annotations

from dataclasses import dataclass

INTRO = [
    "Chapter 4 of Working Together 2023 provides clear criteria about when Child Safeguarding Practice "
    "Reviews should be conducted. We have received notification of a serious incident which may meet the "
    "criteria for a Child Safeguarding Practice Review and will, therefore, be holding a Rapid Review to "
    "consider the case.",
    "To inform the Rapid Review meeting, we need to gather the basic facts about the case and determine the "
    "extent of agency involvement with the child and family. This will help the Safeguarding Partners decide "
    "whether to progress a formal Child Safeguarding Practice Review and to determine the most appropriate "
    "method to identify and cascade learning from this case.",
    "We are required to hold the Rapid Review meeting and agree the way forward within timescales outlined in "
    "national guidance (currently within 15 working days). This initial scoping and information sharing form "
    "should, therefore, be returned to us within 5 working days.",
]

FAMILY_CHECK = (
    "All agencies are asked to check whether the details below match information held on their systems. "
    "Please advise of any anomalies."
)

LETTER_ASKS = [
    "Clarify whether your organisation had any involvement with the subject child and/or named individuals "
    "within the family composition outlined in Section 1 of the attached form.",
    "Complete the attached Initial Scoping and Information Sharing form if you have had any involvement with "
    "the subject child or a member of their family.",
    "Secure all records/files in relation to this case, ensuring that they are removed to a secure place where "
    "they are not accessible to agency personnel other than through you or your nominated representatives.",
    "Keep your agency's submission in relation to this case separate from the case records/files.",
]
LETTER_OPENING = [
    "We have received notification of a serious incident which may meet the criteria for a Child Safeguarding "
    "Practice Review. We will, therefore, be holding a Rapid Review to consider the case.",
    "To inform the Rapid Review meeting, we need to gather the basic facts about the case and determine the "
    "extent of agency involvement with the child and/or any family members. This will help the Safeguarding "
    "Partners decide whether to undertake a formal Child Safeguarding Practice Review and to determine the most "
    "appropriate method to identify and cascade learning from this case.",
    "We are initially asking agencies to:",
]
LETTER_NO_INVOLVEMENT = "If the child or family is not known to your organisation, please confirm this in writing."
LETTER_DEADLINE = (
    "We are required to hold the Rapid Review meeting and agree the way forward within timescales outlined in "
    "national guidance (currently within 15 working days). This Initial Scoping and Information Sharing Form "
    "should, therefore, be returned to us within 5 working days. In this case this will be {due}."
)


@dataclass(frozen=True)
class Question:
    key: str
    label: str  # stable: the Word template's row label and the reader's key
    text: str
    required: bool = False


CONTACT = [
    Question("contact_name", "Name", "Name of the person completing this form", required=True),
    Question("contact_designation", "Agency and designation", "Agency and designation or title", required=True),
    Question(
        "contact_details", "Contact details", "Contact details: address, telephone number and email address", True
    ),
    Question("date_completed", "Date completed", "Date completed"),
]

QUESTIONS = [
    Question(
        "summary_of_involvement",
        "1. Summary of involvement",
        "Provide a brief summary of your agency's involvement with the subject child and the individuals listed "
        "in the family composition. (Please focus on the key significant events in chronological order and, "
        "where appropriate, include the date of commencement and completion of service.)",
        required=True,
    ),
    Question(
        "analysis_of_practice",
        "3. Analysis of practice",
        "Brief analysis of individual and multi-agency practice. (Please identify any outstanding practice or "
        "potential learning.)",
    ),
    Question(
        "working_together_concerns",
        "4. Concerns about working together",
        "Please identify any areas for concern as to the way in which partners have worked together to safeguard "
        "the subject child.",
    ),
    Question(
        "learning",
        "5. Learning and action taken",
        "Have you identified any learning and what action have you taken to implement this learning? "
        "Complete the action tracker for each learning point.",
    ),
    Question(
        "other_agencies",
        "6. Other agencies",
        "Are you aware of the involvement of any other agencies? If yes, please give details.",
    ),
    Question(
        "further_information",
        "7. Further information",
        "Please include any further relevant information that you wish to bring to the attention of the Rapid "
        "Review meeting.",
    ),
]

FAMILY_QUESTION = (
    "2. From your agency's records are you able to confirm the following information for the individuals listed "
    "below? Change any detail that differs from your records: the review coordinator will check each change."
)

TRACKER_HEADERS = [
    "No.",
    "Learning point",
    "Action required",
    "Lead",
    "Target date for completion",
    "Evidence of progress of implementation",
    "RAG",
]

RECORDS_LABELS = {
    "records_secured_on": "Date records were secured",
    "records_secured_by": "Records secured by",
    "kept_separate": "Submission kept separate from the case files (Yes or No)",
}

TEXT_KEYS = [q.key for q in (*CONTACT, *QUESTIONS)]
