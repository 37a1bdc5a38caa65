"""The four worksheets of Document 18a (Example Worksheets for a Reflective Learning Workshop), in the
toolkit's words, and when each may be written.

Worksheet 1 is written *before* the workshop, "to capture your thinking before you are influenced by
the Panel's thinking or by hearing from others". Decision (docs/apps/workshops.md): it can be drafted
and submitted until the workshop starts (its date and start time); a draft may still be submitted
afterwards, but it is then marked "written after the workshop began" for the review team, so its
value as pre-workshop thinking is not overstated. A submitted worksheet of any number is locked.
Worksheets 2 and 3 are used during the workshop and Worksheet 4 is the feedback afterwards: they open
when the workshop starts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    rows: int = 5


@dataclass(frozen=True)
class Sheet:
    number: int
    title: str
    when: str  # "before", "during", "after"
    intro: tuple[str, ...]
    questions: tuple[Question, ...]

    @property
    def heading(self) -> str:
        return f"Worksheet {self.number}: {self.title}"


CONFIDENTIALITY = (
    "I understand that the information about this case and in the meeting in which I shall take part remains "
    "highly confidential. I will not store it, or share it, in any form, except for conversation with those in "
    "my agency or the Partnership who have a right to know."
)

PRIVACY = (
    "Only the review team will see these private responses. The team will not see who has shared what "
    "responses: your worksheets are shown to them under a pseudonym, without your name or agency. The lessons "
    "from them will be shared anonymously and summarised into the final report. If a court of law asks for "
    "access to them, they may be disclosable."
)

SHEETS: dict[int, Sheet] = {
    1: Sheet(
        1,
        "To be completed before the meeting",
        "before",
        (
            "The reason for asking you to do this before the meeting is to capture your thinking before you are "
            "influenced by the Panel’s thinking or by hearing from others.",
        ),
        (
            Question("role", "1. What was your role in this case?", 3),
            Question(
                "key_issues",
                "2. Thinking back to your involvement at the time what did you think that the key issues were in "
                "supporting and safeguarding the child? Challenges and strengths? Systems issues?",
            ),
            Question("worked_well", "3. What worked well and why?"),
            Question(
                "problems",
                "4. Were there any problems in service delivery? If so, what were they? What caused them? About the "
                "family, about the agency or about the wider child welfare system. Have they now been resolved? If "
                "so, how?",
            ),
            Question(
                "reflections",
                "5. Have you reflected on the case and your involvement or the involvement of others since the "
                "tragic outcome? If so, what have you thought, learned or asked?",
            ),
        ),
    ),
    2: Sheet(
        2,
        "Responses to the summary timeline",
        "during",
        (
            "Please use this worksheet in the meeting itself to capture your thinking, or new questions in response "
            "to what is shared with you. If there are things you do not want to say in the group as a whole, you "
            "can include them here.",
            "The Lead Reviewer will share the timeline of key contacts from all agencies in summary. Please note any "
            "inaccuracies, any gaps or explanations if you have them, and your questions. The timeline will be "
            "shared in phases: please number your responses by phase (Phase 1, Phase 2 …).",
        ),
        (Question("timeline", "Responses to the summary timeline and learning or questions arising from it", 12),),
    ),
    3: Sheet(
        3,
        "Responses to the proposed lessons and findings",
        "during",
        (
            "The Lead Reviewer will share the possible emerging lessons that the review has identified. Do they match "
            "your own experience? Are they accurate and reasonable? Do they apply to just this case or wider across "
            "more cases? Have you identified any additional lessons?",
            "Please put your response to each lesson below, numbered as they are on the screen (Proposed lesson 1 …).",
        ),
        (
            Question("lessons", "Responses to the proposed lessons or findings", 10),
            Question("additional", "Suggestions for any additional lessons, or any other questions you may have", 5),
        ),
    ),
    4: Sheet(
        4,
        "Feedback on this learning process",
        "after",
        (
            "It would help us to plan similar events to get your feedback on this process. What worked? What could "
            "have been improved?",
        ),
        (
            Question(
                "information",
                "1. Did you have enough information in advance to explain the purpose and process of the meeting? "
                "(Too much?)",
                3,
            ),
            Question("prepare", "2. Could anything more have been done to help you prepare?", 3),
            Question("supported", "3. Were you supported? What helped that or what prevented that?", 3),
            Question("contribute", "4. Were you able to contribute to the meeting? What helped and what hindered?", 3),
            Question("improve", "5. Do you have any additional thoughts that could have improved this process?", 3),
            Question("speak_privately", "6. Would you like to speak privately with the Lead Reviewer?", 2),
        ),
    ),
}

NUMBERS = tuple(SHEETS)


def opens_before_workshop(number: int) -> bool:
    return SHEETS[number].when == "before"
