"""The board paper's fixed words: what each status, colour, readiness and code means, the
glossary, the cover sheet's fixed labels. Data only; :mod:`iho_ready.report.view` re-exports it.
"""

from __future__ import annotations

from typing import Literal

from ..findings import EXPIRY_WARNING_DAYS
from ..models.rubric import RELATIONSHIP_WORDS
from ..words import NO_COUNTERPART

Audience = Literal["public", "private"]

READINESS_MEANING: dict[str, str] = {
    "ready": "No criterion has a problem.",
    "plan-agreed": "Not ready, but every criterion with a problem has an open action with an owner and a "
                   "due date, and no action is overdue: a plan is agreed for every gap.",
    "not-ready": "At least one criterion has a problem without such an action, or an action is overdue.",
}
"""What each readiness level means (the DSPT pattern), for the key."""

RAG_MEANING: dict[str, str] = {
    "green": "Met or confirmed, with valid evidence for every required item.",
    "amber": "A shortfall with a plan in place: an open action with an owner and a due date, not overdue.",
    "red": "A shortfall without such a plan, or a mandatory criterion not yet assessed.",
    "grey": "Not yet assessed (where that is allowed) or not applicable.",
}
"""What each colour means for a criterion; a domain takes the worst colour of its criteria."""

STATUS_MEANING: dict[str, str] = {
    "met": "Rated as meeting the criterion, and every required evidence item has valid evidence.",
    "action-planned": "Not met, or met without complete evidence, with an open action that has an owner and a "
                      "due date and is not overdue.",
    "gap": "Not met, or met without complete evidence, and no such action is in place.",
    "not-assessed": "No rating has been recorded.",
    "not-applicable": "Rated not applicable, with a justification.",
}
"""What each criterion status means, for the key."""

RELATIONSHIP_LABEL: dict[str, str] = {name: words[0] for name, words in RELATIONSHIP_WORDS.items()}
"""Crosswalk relationships in words (source criterion ... target criterion)."""

RELATIONSHIP_MEANING: dict[str, str] = {
    "equal": "The two criteria ask for the same thing.",
    "superset": "The related criterion asks for everything this one does, and more.",
    "subset": "The related criterion asks for part of what this one does.",
    "intersect": "The two criteria share some requirements; neither contains the other.",
}
"""What each crosswalk relationship means, for the key."""

EVIDENCE_STATUS_MEANING: dict[str, str] = {
    "Evidenced": "At least one current document in the evidence register supports the item.",
    "Not evidenced": "No current document supports a required item.",
    "Suggested, not supplied": "No document supports an item the rubric suggests but does not require.",
}
"""Words used for a key-evidence item's status, for the key."""

DOCUMENT_STATUS: dict[str, tuple[str, str]] = {
    "evidence-expired": ("Past its review date",
                         "The review date is before the assessment date, so the document cannot count."),
    "evidence-file-missing": ("File missing", "The file is not in the evidence repository, so it cannot count."),
    "evidence-outside-repo": ("Held outside the evidence repository",
                              "The file is stored outside the evidence repository, so it cannot count."),
    "evidence-changed": ("Changed since approval", "The file differs from the version recorded as approved."),
    "evidence-expiring": ("Review due soon",
                          f"The review date is within {EXPIRY_WARNING_DAYS} days after the assessment date."),
    "evidence-unapproved": ("Not approved", "No approval by the board or a committee is recorded."),
    "evidence-unlocked": ("Not recorded as approved",
                          "The file is not in the lock file that records each document as approved."),
    "evidence-unused": ("Not linked", "The document supports no criterion or key-evidence item."),
}
"""Each problem a document in the evidence register can have: finding code -> (words, meaning)."""

SAID_BY: dict[str, str] = {"evidence-unlocked": "evidence-unapproved"}
"""A document problem whose words add nothing beside another's -> that other problem: a document
with no approval is never in the lock file of approved documents, so its status says "Not approved"
once, not "Not approved; Not recorded as approved"."""

STATUS_PHRASE: dict[str, str] = {
    "met": "met or confirmed",
    "action-planned": "a shortfall with a plan in place",
    "gap": "a shortfall without an adequate plan",
    "not-assessed": "not yet assessed",
    "not-applicable": "not applicable",
}
"""A criterion's status as a phrase in a sentence, for criteria of either kind."""

CHANGE_PHRASE: dict[bool, dict[str, str]] = {
    True: STATUS_PHRASE | {"met": "confirmed with current evidence"},
    False: STATUS_PHRASE | {"met": "met with current evidence"},
}
"""A status in a sentence about one criterion, by whether it is a board statement
(``SV2 was confirmed with current evidence and is now ...``; ``TA2 was met ...``)."""

NOT_COVERED = "Not covered yet"
"""Coverage of a criterion by another set of criteria when no related criterion is met."""

CURRENT = "Current"
"""Status of a document with no problems."""

PRIVATE_DOCUMENT = "A private document (not listed in a public-session paper)"
"""What a public-session paper shows in place of a private document's reference and title."""

PARTNER_PROBLEM_LABEL: dict[str, str] = {
    "missing": "Not received", "outside": "Held outside the evidence repository", "unsigned": "Not signed",
    "expired": "Past its review date", "not-supporting": "Not supporting the application",
    "condition-unanswered": "A condition of its support has no action answering it",
    "letter-missing": "Its signed letter is missing", "letter-outside": "Its signed letter is outside the repository",
}
"""Why a partner statement does not count as evidence (``PartnerResult.problems``), or what of its own
makes the criteria relying on it shortfalls (``PartnerResult.flaws``)."""

COVERAGE_WORDS: dict[str, str] = {
    "full": "Full, through {through}", "partial": "Partial, through {through}",
    "none": f"{NOT_COVERED}: no related criterion is met",
    "no-counterpart": NO_COUNTERPART + ", a gap: {note}",
}
"""A crosswalk coverage row in words, by ``CoverageRow.coverage`` (``{through}``: the criteria)."""

DATED_DOCUMENT_STATUS = frozenset({"evidence-expired", "evidence-expiring"})
"""Document problems the paper shows with the document's review date."""

POSITION_REASONS = frozenset({"not-confirmed"})
"""Reasons that only restate the board's position: not repeated among a statement's concerns."""

BOARD_ASKED_TO = "The Board is asked to:"
"""What leads the recommendation's list of asks (one list, each ask a bullet)."""

NOT_CONFIRMED_WITH: dict[tuple[bool, bool], str] = {
    (True, True): "with an explanation and a plan",
    (True, False): "with an explanation but no plan recorded",
    (False, True): "with a plan but no explanation recorded",
    (False, False): "with no explanation and no plan recorded",
}
"""A statement not confirmed, by (explanation recorded, open action recorded)."""


DEFAULT_CLASSIFICATION: dict[str, str] = {"public": "OFFICIAL", "private": "OFFICIAL-SENSITIVE"}
"""The security classification printed when the manifest gives none, by audience."""

NOT_STATED = "Not stated"
"""A cover-sheet entry the manifest does not give (``None identified`` only where it says so)."""

ASSURANCE_NOT_OFFERED = "None offered by the author"
"""The cover sheet's "Assurance offered" when the manifest gives no ``assurance_level``."""

ASSURANCE_BELOW_OFFERED = "; less than the level offered"
"""Added to the level the evidence supports when the author offers more (``assurance-overstated``)."""

SESSION_LABEL: dict[str, str] = {"public": "Public", "private": "Private (confidential)"}
"""The session as the cover sheet names it."""

CONFIDENTIAL_MARK = "CONFIDENTIAL: private session of the board. Not for publication."
"""Printed at the top of a private paper and on every page of its Word and PDF versions."""

IMPLICATIONS: list[tuple[str, str]] = [
    ("risk", "Risk"),
    ("financial", "Financial"),
    ("quality", "Quality"),
    ("equality", "Equality and health inequalities"),
    ("legal", "Legal and regulatory"),
    ("patient_public", "Patient and public involvement"),
    ("workforce", "Workforce"),
    ("sustainability", "Sustainability"),
    ("communications", "Communications"),
]
"""The implications a cover sheet states: manifest field -> label, in cover-sheet order."""

DECLARATION = ("On behalf of the board, we declare that the board has considered each statement above "
               "and the evidence recorded for it, and that the position shown against each is the board's.")
"""The declaration the chair and the chief executive sign at the end of the board statements memorandum."""

SIGNATORIES: list[tuple[str, str]] = [("chair", "Chair"), ("chief_executive", "Chief executive")]
"""Who signs the memorandum on behalf of the board: manifest field -> role, in signing order."""

KEY_ISSUES: list[tuple[str, str]] = [
    ("alert", "Alert"),
    ("advise", "Advise"),
    ("assure", "Assure"),
]
"""The key-issues box of a cover sheet ("Alert, Advise, Assure"): manifest field -> label."""

BOARD_POSITION_LABEL: dict[str, str] = {"meets": "Confirmed", "below": "Not confirmed",
                                         "not-rated": "Not yet considered", "not-applicable": "Not applicable"}
"""The board's position on a board statement, by the criterion's ``position``."""

GLOSSARY: list[tuple[str, str]] = [
    ("AFT", "Advanced foundation trust: a high-performing NHS foundation trust with earned freedoms, "
            "under NHS England's Advanced Foundation Trust Programme."),
    ("Annex 1", "An annex to NHS England's Advanced Foundation Trust Programme: guide for applicants, on the "
                "board statements an applicant's board makes: their wording must not be altered, and a statement "
                "the board cannot confirm needs an explanation and a plan. This paper's memorandum of the evidence "
                "for each board statement follows its form. Annex 1's own text is not among the sources this "
                "paper cites, so its title is not quoted."),
    ("Annex 2", "\u201cAdvanced Foundation Trust Programme \u2013 guide for applicants: Annex 2 \u2013 advanced "
                "foundation trust status and applicants seeking integrated health organisation contracts\u201d "
                "(NHS England), which \u201cforms part of the Advanced Foundation Trust Programme: guide for "
                "applicants\u201d: the criteria for IHO designation, including the board statements."),
    ("BAF", "Board Assurance Framework: the board's record of the principal risks to its strategic "
            "objectives, their controls and the assurance it has on them."),
    ("Board statement", "A statement the board confirms, or does not, after assuring itself of the "
                        "evidence; its wording must not be altered."),
    ("Capitated budget", "A budget for the health care of a defined population, fixed per person rather "
                         "than paid per activity."),
    ("CQC", "Care Quality Commission, which assesses whether trusts are well-led."),
    ("FOI", "Freedom of information: the Freedom of Information Act 2000, under which the public may ask "
            "for the trust's information."),
    ("ICB", "Integrated care board: the NHS body that plans and commissions health services for its area."),
    ("IHO", "Integrated health organisation: a trust holding a contract, commissioned by the ICB, to "
            "improve the health of a defined population within a capitated budget."),
    ("Key evidence", "The documents the source asks for in support of a criterion."),
    ("NHS Confederation", "The membership body for NHS organisations; its November 2025 report sets out "
                          "the competencies expected of an IHO host provider."),
    ("ODS code", "Organisation Data Service code: the trust's identifier in NHS data."),
    ("PHM", "Population health management: using data on a population's health and its drivers to plan "
            "and target care."),
    ("Short title", "The few words in brackets after a criterion's id, e.g. \"SV1 (strategy for the IHO)\": "
                    "written by iho-ready to help the reader, never the source's words."),
    ("RAG", "Red, amber, green: the colours used to rate status, always written as words here."),
    ("VCSE", "Voluntary, community and social enterprise organisations."),
]
"""Terms the sources and the paper use, for the glossary appendix."""
