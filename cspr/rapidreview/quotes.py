"""The toolkit's own words, quoted by the "Should we notify?" helper (Document 1, the care-leaver
factsheet and section 4.1 of the West Midlands regional toolkit). Copied here so the application
never reads the seed at run time; keep them verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quote:
    text: str
    source: str


NOTIFY_CRITERIA = Quote(
    "A formal notification should be made to the National Panel within 5 working days if a child dies or is "
    "seriously harmed in the local authority area (or outside of England while they are normally resident in "
    "the local authority area) and abuse or neglect is known or suspected.",
    "Toolkit §4.1.1",
)
NOTIFY_WHO = Quote(
    "The duty to notify serious incidents to the National Panel sits with local authorities.",
    "Document 1: Deciding whether to notify",
)
NOTIFY_OTHER_AGENCY = Quote(
    "Where an agency other than the local authority becomes aware of an incident that appears to meet the "
    "criteria for notification, they should discuss this with their local authority counterparts to reach an "
    "agreement on whether or not to notify.",
    "Toolkit §4.1.3",
)
THRESHOLD = Quote(
    "The National Panel interpret this as meaning there was sufficient reason to suspect that abuse or neglect "
    "was present and, at least in some way, caused or contributed to the death or serious harm.",
    "Document 1: What constitutes abuse and neglect?",
)
THRESHOLD_ABUSIVE_EVENT = Quote(
    "If the event is in itself abusive, for example the child was murdered by a parent or carer, the Panel "
    "believes the criteria would have been met, regardless of whether or not there was pre-existing evidence of "
    "abuse or neglect.",
    "Document 1: What constitutes abuse and neglect?",
)
THRESHOLD_PROCESSES = Quote(
    "Alternatively, the criteria would be met, if there is sufficient concern to trigger a strategy discussion, "
    "section 47 investigation, or care proceedings, or evidence to initiate a criminal investigation for possible "
    "abuse or neglect. The local authority does not need to wait until abuse or neglect is proven to make a "
    "notification and for a Rapid Review to commence.",
    "Document 1: What constitutes abuse and neglect?",
)
RAPID_REVIEW_ON_NOTIFICATION = Quote(
    "Safeguarding Partners are required to promptly undertake a Rapid Review on all notified serious incidents. "
    "Where an incident has not been notified and does not meet the criteria for notification, there is no "
    "requirement to undertake a Rapid Review.",
    "Toolkit §4.1.4",
)
LAC_NOTIFY = Quote(
    "Local authorities are required to notify the Secretary of State and Ofsted when any looked after child died. "
    "While all such cases, including deaths by suicide, accidents and medical causes must be notified, unless "
    "abuse or neglect was known or suspected to have contributed directly to the death, these cases do not need "
    "a Rapid Review.",
    "Document 1: Looked After Children",
)
LAC_RECENT_HARM = Quote(
    "Where a looked after child has experienced recent abuse or neglect, or criminal or sexual exploitation, that "
    "is linked to the death or serious harm, then a Rapid Review should be undertaken.",
    "Document 1: Looked After Children",
)
CARE_LEAVER_UNDER_18 = Quote(
    "under 18 years of age, notifications should be made by selecting death of ‘Looked after child / Care leaver "
    "child (under 18 years old)’. Please continue to select ‘abuse’ and/or ‘neglect’ or ‘no abuse or neglect’.",
    "Factsheet: Death of a Care Leaver",
)
CARE_LEAVER_NOTIFY = Quote(
    "Local authorities should notify the death of a care leaver for those aged up to their 25th birthday, where "
    "it is aware of their care leaver status, regardless of abuse or neglect being present.",
    "Factsheet: Death of a Care Leaver",
)
CARE_LEAVER_18_25 = Quote(
    "18 years old up to their 25th birthday, notifications should be made by selecting death of ‘Care Leaver 18 "
    "years old up to 25th birthday’.",
    "Factsheet: Death of a Care Leaver",
)
CARE_LEAVER_NO_RAPID_REVIEW = Quote(
    "The Child Safeguarding Practice Review Panel will receive the notification but will not review as their "
    "remit is children’s serious incidents up to and including children age 17. The notification of the death "
    "of a care leaver will not itself necessitate a rapid review or local child safeguarding practice review.",
    "Factsheet: Death of a Care Leaver",
)
CARE_LEAVER_NOT_MANDATORY = Quote(
    "If a young person chooses not to take up support between 21-24 years of age, we understand that the local "
    "authority might no longer be aware of a care leaver’s whereabouts or circumstances (and therefore their "
    "death). This is why the requirement for a notification is not mandatory.",
    "Factsheet: Death of a Care Leaver",
)
CHILD_DEFINITION = Quote("A ‘child’ is anyone aged under 18.", "Factsheet: Definitions")
SUDI = Quote(
    "Most SUDI cases are appropriately reviewed through the child death review process and do not require a "
    "Rapid Review or LCSPR. Where abuse or neglect is considered to have directly contributed to the death (for "
    "example in cases of severe and persistent neglect with evidence of dangerous sleeping environments) then a "
    "Rapid Review should be undertaken.",
    "Document 1: Sudden Unexpected Death in Infancy (SUDI)",
)
OUT_OF_ROUTINE = Quote(
    "Where an individual SUDI case reflects issues already explored in that national review – Out of Routine – "
    "the National Panel advises Safeguarding Partners carefully consider what additional local learning is likely "
    "to be achieved through an LCSPR.",
    "Document 1: Sudden Unexpected Death in Infancy (SUDI)",
)
SUICIDE = Quote(
    "Most suicides in young people are appropriately reviewed through the child death review process and do not "
    "require a Rapid Review or LCSPR. Where abuse or neglect is considered to have directly contributed to the "
    "death, then a Rapid Review should be undertaken.",
    "Document 1: Suicides",
)
EXTRAFAMILIAL_CLASSIFICATION = Quote(
    "If the harm has been caused by an adult without caring responsibilities or in a position of "
    "power/control/trust, then that would typically constitute extra-familial violence rather than abuse or "
    "neglect. If the harm has been caused by another child, without any evidence of adult involvement or "
    "coercion, that would typically constitute child-on-child violence rather than being considered abuse or "
    "neglect.",
    "Document 1: Extrafamilial Harm",
)
EXTRAFAMILIAL_CONCERNS = Quote(
    "In cases of extra-familial or child-on-child violence without any evidence or suspicion of exploitation or "
    "of coercion by adults, decisions on whether to notify and carry out a Rapid Review should be based on whether "
    "there are safeguarding concerns associated with the case.",
    "Document 1: Extrafamilial Harm",
)
INSTITUTIONAL = Quote(
    "One further consideration in cases of extra-familial harm is whether the death/serious harm was caused by or "
    "directly related to actions or omissions of an adult with caring responsibilities for the child, or in a "
    "position of power/control/trust in relation to the child within the context of a particular institution. In "
    "such cases, the safeguarding partners may wish to consider whether this constitutes institutional abuse or "
    "neglect",
    "Document 1: Extrafamilial Harm",
)
QUALITY_OF_CARE = Quote(
    "However, where the harm suffered was related to the quality of care provided in the institution, rather than "
    "being caused by or directly related to specific actions or omissions of an adult with caring "
    "responsibilities for the child, or in a position of power/control/trust in relation to the child within the "
    "institution, this may be a quality-of-care issue rather than institutional abuse or neglect.",
    "Document 1: Extrafamilial Harm",
)
HARD_TO_ESCAPE = Quote(
    "The National Panel published their national thematic review of child criminal exploitation, It was hard to "
    "escape, in 2020. Safeguarding Partners should consider the learning from that review in their consideration "
    "of any cases of possible criminal exploitation.",
    "Document 1",
)
CUMULATIVE_NEGLECT = Quote(
    "In such situations, the case should be notified as soon as the local authority or Safeguarding Partners "
    "become aware of the serious harm.",
    "Document 1: Neglect",
)
