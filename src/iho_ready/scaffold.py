"""The starter manifest that ``iho-ready init`` writes: every criterion and evidence slot, commented."""

from __future__ import annotations

from datetime import date

from .models.rubric import Rubric
from .words import clip, one_line

SCHEMA_FILE = "manifest.schema.json"
"""The schema the starter manifest's editor modeline names, relative to the manifest (no network)."""

CORE_RUBRICS = ("nhse-iho-designation", "nhsconfed-host-provider")
"""The rubrics ``init`` selects when none is named: NHS England's designation criteria first,
then the NHS Confederation's host-provider competencies. The others (``rubrics list``) are
added with ``--rubric``, so a first check is about the criteria that decide designation."""

TRUST_NAME = "Your trust name"
ODS_CODE = "XXX"
ICB_NAME = "Your integrated care board"
PARTNER_NAME = "Your organisation's name"
FILL_IN = "..."
DATE_TO_TYPE = "YYYY-MM-DD"
"""Where ``init`` shows a date to type; such a value fails as a date, so loading says what to type."""
PLACEHOLDERS: dict[str, str] = {
    TRUST_NAME: "type your trust's name as it appears on board papers",
    ODS_CODE: 'type your trust\'s ODS code in quotes (for example "RX9"), or delete the line',
    ICB_NAME: "type the name of your integrated care board, or delete the line",
    PARTNER_NAME: "type your organisation's name as it appears on its letters",
    FILL_IN: "write it in your own words, or delete the line",
}
"""Every value ``init`` writes for the user to replace, and what to type instead. ``check``
flags any still there (``placeholder``, :mod:`iho_ready.rules.placeholders`), so none
reaches a board paper."""


def scaffold(rubrics: list[Rubric], as_of: date) -> str:
    """A starter manifest with every criterion and key-evidence slot present, commented.

    The result is valid input: ``check`` accepts it and reports every criterion as not
    assessed until the trust fills it in.
    """
    lines = [
        # Editors with the YAML language server (VS Code, JetBrains, Neovim) read this line; the
        # file is written by `iho-ready schema --for manifest.yaml -o manifest.schema.json`.
        f"# yaml-language-server: $schema={SCHEMA_FILE}",
        "# iho-ready evidence manifest (format 1). Fill in the organisation and assessment,",
        "# list your evidence documents, and rate each criterion. Run: iho-ready check manifest.yaml",
        "manifest: 1",
        "organisation:",
        f'  name: "{TRUST_NAME}"',
        f'  ods_code: "{ODS_CODE}"             # keep it in quotes',
        "  type: other                 # acute | community | mental-health | combined | ambulance | other",
        f'  icb: "{ICB_NAME}"',
        "assessment:",
        "  title: IHO designation readiness self-assessment",
        f"  as_of: {as_of.isoformat()}           # the date expiry and overdue are judged against",
        "  purpose: assurance          # approval | assurance | discussion | information",
        "  # The board paper's cover sheet (all optional; README, 'Board report'):",
        f"  # meeting: {{name: Trust Board, date: {DATE_TO_TYPE}, agenda_item: \"PUB/..\", "
        'private_agenda_item: "PRIV/..", minute_reference: ...}',
        "  # author: Head of Corporate Governance",
        "  # executive_lead: Director of Strategy",
        "  # presented_by: Director of Strategy",
        "  # approved_by: Chief Executive           # executive sign-off",
        "  # key_issues: {alert: ..., advise: ..., assure: ...}",
        "  # eqia: not-applicable        # yes | no | not-applicable",
        "  # conflicts_of_interest: None declared",
        "  # signatories: {chair: ..., chief_executive: ...}   # sign the memorandum's declaration",
        "  # session: public             # public | private: the default for report --audience",
        "  # assurance_level: limited    # substantial | reasonable | limited | no-assurance",
        "  # implications: {risk: ..., financial: None identified, quality: ..., equality: ...}",
        "  # foi_status: Disclosable: published with the public board papers",
        "  # classification: OFFICIAL",
        "rubrics:",
    ]
    lines += [f"  - {r.key}" for r in rubrics]
    lines += [
        "evidence: []",
        "# evidence:",
        "#   - id: MTP",
        "#     title: Medium-term plan",
        "#     path: evidence/strategy/medium-term-plan.md   # or url: https://..., or paper: ...",
        "#     owner: Director of Strategy",
        f"#     approved: {{by: Trust Board, date: {DATE_TO_TYPE}}}",
        f"#     review_by: {DATE_TO_TYPE}",
        "#     supports: [SV1.E1]      # key-evidence item ids below, or criterion ids",
        "criteria:",
    ]
    for rubric in rubrics:
        lines.append(f"  # ---- {rubric.key}: {one_line(rubric.title)}")  # one line: a newline would end the comment
        lead_in: str | None = None
        for placed in rubric.walk():
            c = placed.criterion
            levels = " | ".join(lv.id for lv in placed.scale if not lv.not_applicable or c.allow_not_applicable)
            if placed.lead_in != lead_in:
                lead_in = placed.lead_in
                if lead_in:  # the words each statement below completes
                    lines.append(f"  # {clip(lead_in, 88)}")
            lines.append(f"  # {'… ' if placed.lead_in else ''}{clip(c.statement, 88)}")
            for item in c.evidence:
                lines.append(f"  #   evidence {item.id}: {clip(item.text, 70)}")
            lines.append(f"  {c.id}:")
            lines.append(f"    rating: null              # {levels}")
            lines.append(f"    # commentary: {FILL_IN}")
            lines.append(f"    # explanation: {FILL_IN}        # needed when not confirmed or not met")
            lines.append("    # actions:")
            lines.append(f"    #   - {{id: A1, action: {FILL_IN}, owner: {FILL_IN}, due: {DATE_TO_TYPE}, "
                         "status: not-started}")
    return "\n".join(lines) + "\n"


def scaffold_partner(kind: str, review_by: date) -> str:
    """A starter partner statement for a partner of *kind*; valid input as written (undecided, unsigned)."""
    return "\n".join([
        "# Partner statement (format 1) for iho-ready: this organisation's position on the trust's",
        "# application to hold an integrated health organisation (IHO) contract. The partner owns this",
        "# file; the trust lists it in its manifest under partners:. See docs/partners.md.",
        "partner_statement: 1",
        "partner:",
        f'  name: "{PARTNER_NAME}"',
        f"  kind: {kind:<20}# icb | trust | primary-care | local-authority | vcse | other",
        f"signed: null                # once signed: {{by: Chief Executive, date: {DATE_TO_TYPE}}}",
        f"review_by: {review_by.isoformat()}       # when the partner will look at this statement again",
        "position: undecided         # supports | supports-with-conditions | undecided | does-not-support",
        "conditions: []              # needed with supports-with-conditions:",
        "#   - {id: C1, text: ...}   # the trust's actions answer them as FILE-NAME.C1",
        "# letter: ../evidence/partnerships/letter-of-support.pdf   # the signed letter, relative to this file",
        "views: {}                   # your view of named criteria or prompt questions, for example:",
        "#   SV4: {agrees: false, comment: ..., private: true}   # private: left out of public papers",
        "",
    ])
