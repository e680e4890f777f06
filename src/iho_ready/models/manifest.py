"""The evidence manifest (format version 1): what a trust keeps in its evidence repository.

Field names are the contract in PRODUCT.md. Unknown fields are errors, so a typo such as
``reveiw_by`` is reported rather than silently ignored.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, WithJsonSchema, model_validator

from .designation import Benefits, Eligibility, Risk, Service
from .types import FormatVersion, Identifier, IsoDate, Slug, Text, Url, Version

OrganisationType = Literal["acute", "community", "mental-health", "combined", "ambulance", "other"]
Purpose = Literal["approval", "assurance", "discussion", "information"]
Session = Literal["public", "private"]
ActionStatus = Literal["not-started", "on-track", "at-risk", "off-track", "complete"]
AssuranceLevel = Literal["substantial", "reasonable", "limited", "no-assurance"]
"""The assurance scale NHS board cover sheets and internal audit opinions use, strongest first."""
ImpactAssessment = Literal["yes", "no", "not-applicable"]
"""Whether an equality and quality impact assessment was completed: yes, no or not-applicable."""


def _one_or_many(value: object) -> object:
    """A single text where a list is expected is a list of one."""
    return [value] if isinstance(value, str) else value


_TEXT_SCHEMA = {"minLength": 1, "type": "string"}
Lines = Annotated[list[Text], BeforeValidator(_one_or_many),
                  WithJsonSchema({"anyOf": [_TEXT_SCHEMA, {"items": _TEXT_SCHEMA, "type": "array"}]})]
"""One text, or a list of texts (``json_schema_input_type`` would say so, but is newer than our lowest pydantic)."""

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Population(_Strict):
    """The defined population the IHO contract would cover."""

    footprint: Text | None = None
    """The place or footprint, e.g. ``Northshire place``."""
    size: StrictInt | None = Field(default=None, ge=0)
    """Number of people."""


class Organisation(_Strict):
    """The trust making the self-assessment."""

    name: Text
    """The trust's name as it appears on board papers."""
    ods_code: Text | None = None
    """Organisation Data Service code. Write it in quotes: ``"RX9"``."""
    type: OrganisationType
    """acute, community, mental-health, combined, ambulance or other."""
    icb: Text | None = None
    """The integrated care board that would commission the IHO contract."""
    population: Population | None = None
    """The defined population the IHO contract would cover."""
    note: Text | None = None
    """Free text shown with the organisation, e.g. that an example trust is fictional."""


class Meeting(_Strict):
    """The meeting that will receive the readiness report."""

    name: Text
    """The meeting's name without the session, e.g. ``Trust Board``: the paper names the session
    (public or private) itself, from ``--audience``."""
    date: IsoDate
    """The date of the meeting (YYYY-MM-DD)."""
    agenda_item: Text | None = None
    """The agenda item reference in the public session, e.g. ``PUB/26/11/8``."""
    private_agenda_item: Text | None = None
    """The agenda item reference in the private session, e.g. ``PRIV/26/11/4``, used by
    ``--audience private``; without it the private paper shows ``agenda_item``."""
    minute_reference: Text | None = None
    """The reference of the minute that records the board's decision on the paper, e.g.
    ``TB/26/112``; printed in the declaration that ends the board statements memorandum, which
    leaves a line to write it on when it is not given."""


class Implications(_Strict):
    """The implications a board cover sheet asks the author to state.

    Write ``None identified`` where the author has considered an implication and found none;
    one left out is printed as ``Not stated``, so the board can see it was not considered.
    """

    risk: Text | None = None
    """Risks, including the Board Assurance Framework risks the paper affects."""
    financial: Text | None = None
    """Financial implications (costs, funding, value for money)."""
    quality: Text | None = None
    """Implications for quality and safety of care."""
    equality: Text | None = None
    """Equality, diversity and health inequalities implications (and any equality impact assessment)."""
    legal: Text | None = None
    """Legal and regulatory implications (licence, statutory duties, NHS England oversight)."""
    patient_public: Text | None = None
    """Patient and public involvement: who was involved, or why no one needed to be."""
    workforce: Text | None = None
    """Implications for staff, skills and capacity."""
    sustainability: Text | None = None
    """Environmental sustainability (Green Plan, net zero) implications."""
    communications: Text | None = None
    """Communications and engagement implications (partners, staff, the public)."""


class KeyIssues(_Strict):
    """The NHS "Alert, Advise, Assure" (AAA) key-issues box of a board cover sheet.

    Each entry is one text or a list of texts; one left out is printed as ``Not stated``.
    """

    alert: Lines = []
    """What the board must know about: risks, gaps or non-compliance needing its attention."""
    advise: Lines = []
    """What the board is advised of: matters under way that it should be aware of."""
    assure: Lines = []
    """What gives the board assurance: what is working and the evidence for it."""


class Signatories(_Strict):
    """Who signs the declaration at the end of the board statements memorandum, on behalf of
    the board. A name left out leaves a blank line to write it on; the paper never invents one."""

    chair: Text | None = None
    """The name of the chair of the board, e.g. ``Jane Doe``."""
    chief_executive: Text | None = None
    """The name of the chief executive."""


class Assessment(_Strict):
    """What this self-assessment is, when it is judged, and who owns it."""

    title: Text
    """The title of the self-assessment and of the board paper."""
    as_of: IsoDate
    """The date every *expired* or *overdue* is judged against (``--as-of`` overrides)."""
    meeting: Meeting | None = None
    """The meeting that receives the report; shown on the report's cover sheet."""
    author: Text | None = None
    """Who wrote the paper (a role is enough), for the cover sheet."""
    executive_lead: Text | None = None
    """The executive director who presents the paper and owns the readiness programme."""
    presented_by: Text | None = None
    """Who presents the paper at the meeting (a name or a role), for the cover sheet."""
    approved_by: Text | None = None
    """The executive who signed the paper off for the meeting (a name or a role), for the cover sheet."""
    purpose: Purpose | None = None
    """What the board is asked to do with the paper; drives the generated recommendation."""
    session: Session | None = None
    """Whether the paper goes to the public or the private session of the meeting; the default
    for ``report --audience``."""
    assurance_level: AssuranceLevel | None = None
    """The level of assurance the author offers the board: substantial, reasonable, limited or
    no-assurance. The paper prints it beside the level the evidence supports, and ``check``
    raises ``assurance-overstated`` when it claims more."""
    assurance: Text | None = None
    """Why the author offers that level, in a sentence (printed beside it on the cover sheet)."""
    previously_considered_by: list[Text] = []
    """Committees or meetings that saw the paper before, e.g. ``Executive Committee, 2026-10-20``."""
    strategic_objectives: list[Text] = []
    """The trust's strategic objectives the paper relates to."""
    baf_risks: list[Text] = []
    """Board Assurance Framework risks the paper relates to, e.g. ``BAF 4: ...``."""
    cqc_well_led: list[Text] = []
    """The CQC well-led key lines of enquiry or quality statements the paper relates to, e.g.
    ``Governance, management and sustainability``."""
    implications: Implications = Implications()
    """The implications the cover sheet states (risk, financial, quality and so on)."""
    key_issues: KeyIssues = KeyIssues()
    """The key issues the cover sheet states in the NHS "Alert, Advise, Assure" form."""
    eqia: ImpactAssessment | None = None
    """Whether an equality and quality impact assessment (EQIA) was completed for the paper:
    yes, no or not-applicable. Printed ``Not stated`` when left out."""
    conflicts_of_interest: Text | None = None
    """Conflicts of interest declared for the paper, e.g. ``None declared``. Printed ``Not
    stated`` when left out: the paper never claims there are none."""
    signatories: Signatories = Signatories()
    """Who signs the board statements memorandum's declaration (chair and chief executive)."""
    foi_status: Text | None = None
    """Freedom of information status of the public-session paper, e.g. ``Disclosable: published
    with the public board papers``; on the cover and in the footer of every page."""
    private_foi_status: Text | None = None
    """Freedom of information status of the private-session paper (``--audience private``), e.g.
    ``Not for publication: exemptions under sections 36 and 43 may apply``."""
    classification: Text | None = None
    """Security classification, e.g. ``OFFICIAL``. Without it a public paper is marked
    ``OFFICIAL`` and a private one ``OFFICIAL-SENSITIVE``; on the cover and in every footer."""
    recommendation: Text | None = None
    """The recommendation to the board, replacing the one the report generates from
    ``purpose`` and readiness. Start it ``The Board is asked to``."""


class Approval(_Strict):
    """Who approved a piece of evidence, and when."""

    by: Text
    """Who approved it: the board or a committee."""
    date: IsoDate
    """When it was approved (YYYY-MM-DD)."""


class Period(_Strict):
    """The period a document covers."""

    start: IsoDate
    """The first day it covers."""
    end: IsoDate
    """The last day it covers."""


class Evidence(_Strict):
    """One document in the evidence register, located by ``path``, ``url`` or ``paper``."""

    id: Identifier
    """Unique within the manifest."""
    title: Text
    """The document's title."""
    path: Text | None = None
    """Path relative to the manifest's directory; it must stay inside it."""
    url: Url | None = None
    """A web address. Checked for form only, never fetched."""
    paper: Text | None = None
    """A paper reference that is neither a file nor a web page (e.g. a board paper number)."""
    owner: Text | None = None
    """Who owns the document (a role is enough)."""
    approved: Approval | None = None
    """Who approved the document and when; evidence with no approval gets a warning."""
    review_by: IsoDate | None = None
    """The date by which the evidence must be reviewed; after it the evidence has expired."""
    sensitivity: Literal["public", "private"] = "public"
    """Private evidence is left out of public-session reports."""
    supports: list[Text] = []
    """Key-evidence items (``SV1.E1``) or criteria (``PHC1``) this document evidences;
    qualify as ``rubric-id:REF`` when a short id is in more than one rubric."""
    notes: Text | None = None
    """Anything a reader of the evidence register should know."""
    period: Period | None = None
    """The period the evidence covers (a plan's years, a report's quarter)."""
    planning_round: Text | None = None
    """The NHS planning round a plan belongs to, e.g. ``2026/27``."""

    @model_validator(mode="after")
    def _one_location(self) -> Evidence:
        given = [name for name in ("path", "url", "paper") if getattr(self, name) is not None]
        if len(given) != 1:
            shown = ", ".join(given) if given else "none of them"
            raise ValueError(f"give exactly one of path, url or paper (found {shown})")
        return self

    @property
    def location_kind(self) -> str:
        """``path``, ``url`` or ``paper``."""
        return "path" if self.path is not None else "url" if self.url is not None else "paper"


class Action(_Strict):
    """An action in the readiness action plan."""

    id: Identifier
    """Unique within the manifest."""
    action: Text
    """What will be done."""
    owner: Text | None = None
    """Who owns the action (a role is enough)."""
    due: IsoDate | None = None
    """When the action is due (YYYY-MM-DD); after it, an open action is overdue."""
    status: ActionStatus = "not-started"
    """not-started, on-track, at-risk, off-track or complete."""
    answers: list[Text] = []
    """Partner conditions this action answers, as ``PARTNER.CONDITION`` (``icb.C1``: condition C1 of
    the statement ``partners/icb.yaml``)."""
    risks: list[Identifier] = []
    """Ids from the manifest's ``risks`` register that the action mitigates."""

    @property
    def is_open(self) -> bool:
        """True unless the action is complete."""
        return self.status != "complete"


class Reconfirmation(_Strict):
    """The board re-confirmed a criterion in the words of a newer version of its rubric."""

    version: Version
    """The rubric version whose wording the board re-confirmed, e.g. ``"2026.04"``."""
    date: IsoDate
    """The date of the meeting that re-confirmed it (YYYY-MM-DD)."""
    meeting: Text
    """The meeting, e.g. ``Trust Board (public session)``."""
    agenda_item: Text | None = None
    """The agenda item or minute reference, e.g. ``PUB/27/05/6``."""


class CriterionEntry(_Strict):
    """The trust's assessment of one criterion."""

    rating: Text | None = None
    """A level id from the criterion's scale, e.g. ``confirmed`` or ``partially-met``."""
    commentary: Text | None = None
    """How the trust meets the criterion, in a sentence or two."""
    explanation: Text | None = None
    """Why the criterion is not confirmed or met, and the plan to get there."""
    justification: Text | None = None
    """Why the criterion is not applicable (only where the rubric allows it)."""
    actions: list[Action] = []
    """Actions that close the gap, each with an owner and a due date."""
    risks: list[Identifier] = []
    """Ids from the manifest's ``risks`` register that bear on the criterion."""
    reconfirmed: Reconfirmation | None = None
    """When the criterion's wording changed since the version in ``confirmed_against``: the
    board meeting that confirmed (or found met) the new words."""


class Manifest(_Strict):
    """An evidence manifest, format version 1."""

    manifest: FormatVersion
    """Manifest format version. Always 1 for now, written as the plain number 1."""
    organisation: Organisation
    """The trust making the self-assessment."""
    assessment: Assessment
    """What this self-assessment is, when it is judged, and who owns it."""
    rubrics: list[Text] = Field(min_length=1)
    """Rubrics to assess against, as ``id@version`` (or ``id`` for the newest, with a warning)."""
    confirmed_against: dict[Slug, Version] = {}
    """For a rubric the manifest has moved to a newer version of: the version whose words the
    board last confirmed, e.g. ``{nhse-iho-designation: "2025.11"}``. Every confirmed or met
    criterion whose wording changed since then is flagged (``wording-changed``) until its
    entry records ``reconfirmed``."""
    evidence: list[Evidence] = []
    """The evidence register: every document the assessment relies on."""
    partners: list[Text] = []
    """System partners' signed statements (``partners/icb.yaml``): paths relative to this file,
    inside the repository. Each file is a partner statement (``iho-ready init --partner KIND``)."""
    criteria: dict[Text, CriterionEntry] = {}
    """Keyed by criterion id (``SV1``) or ``rubric-id:SV1`` where a short id is ambiguous."""
    eligibility: Eligibility | None = None
    """The prerequisites for AFT status (and so IHO designation) as the trust records them."""
    stages: dict[Slug, IsoDate] = {}
    """The trust's target date for each stage the rubric names (``designation``, ``contract-award``)."""
    steps: dict[Slug, IsoDate] = {}
    """The date each step to a contract was agreed (``purpose``, ``functions``, ``success-measures``,
    ``contractual-form``, ``governance``)."""
    benefits: Benefits | None = None
    """The benefits register: outcomes, expected savings, gain and loss shares."""
    network: list[Service] = []
    """The provider network: each service, who delivers it and how it is procured."""
    risks: list[Risk] = []
    """A small risk register (or references to Board Assurance Framework risks)."""
