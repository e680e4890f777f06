"""The bundled rubrics encode every criterion of the sources, verbatim, and nothing else.

Counts are derived from the source documents in ``../shared/seeds`` where they are
available (as they are in CI), and also pinned, so a dropped criterion fails either way.
"""

from __future__ import annotations

import re
from pathlib import Path

from iho_ready.render.rubric_text import count
from tests.helpers import SEEDS, needs_seeds

ANNEX = SEEDS / "nhse-aft-guide-annex2-iho.txt"
CONFED = SEEDS / "nhsconfed-towards-iho-2025-11.md"
PROVIDERS = SEEDS / "nhsproviders-iho-emerging-insights-2026-03.txt"
ARTICLE = SEEDS / "iho-benefits-not-transparent-article.txt"


def _norm(text: str) -> str:
    """Whitespace normalised, and nothing else: quotes, dashes and hyphens must be the source's."""
    return " ".join(text.split())


def _texts(rubric) -> list[str]:
    out = []
    for placed in rubric.walk():
        c = placed.criterion
        out += [c.statement, *c.points] + ([c.closing] if c.closing else [])
        for item in c.evidence:
            out += [item.text, *item.considerations]
    return out


def test_nhse_rubric_counts(registry):
    rubric = registry.get("nhse-iho-designation", "2025.11")
    board = [p for p in rubric.walk() if p.scale_id == "board-statement"]
    assert len(board) == 9
    assert [p.criterion.id for p in board] == ["SV1", "SV2", "SV3", "SV4", "CG1", "CG2", "QG1", "CP1", "FG1"]
    assert count(rubric) == (19, 24)
    assert sorted(p.criterion.id for p in rubric.walk() if p.domain.id == "TA") == [f"TA{i}" for i in range(1, 6)]
    # paragraph 4: the three abilities of the IHO module, then the ICB's intentions and stakeholder support
    assert [p.criterion.id for p in rubric.walk() if p.domain.id in ("IM", "DC")] == ["IM1", "IM2", "IM3", "DC1", "DC2"]
    assert not any(p.criterion.mandatory for p in rubric.walk() if p.domain.id == "IM")
    assert "population-health-management" in {t for p in rubric.walk() for t in p.criterion.tags}


def test_confed_rubric_counts(registry):
    rubric = registry.get("nhsconfed-host-provider", "2025.11")
    assert count(rubric) == (11, 0)
    assert [d.title for d in rubric.domains] == [
        "Financial and organisational maturity", "Governance and risk management",
        "Understanding of commissioning", "Collaborative leadership", "Population health capability"]
    for placed in rubric.walk():
        assert placed.criterion.guidance is not None and placed.criterion.guidance.by == "iho-ready"


@needs_seeds
def test_nhse_text_is_verbatim_from_annex_2(registry):
    source = _norm(ANNEX.read_text(encoding="utf-8"))
    missing = [t for t in _texts(registry.get("nhse-iho-designation", "2025.11")) if _norm(t) not in source]
    assert missing == []


@needs_seeds
def test_nhse_counts_match_the_source(registry):
    text = ANNEX.read_text(encoding="utf-8")
    tables = text[text.index("Assessment criteria\n"):]
    statements = re.findall(r"^(\d+)\. (?:The|It) ", tables, flags=re.M)
    rubric = registry.get("nhse-iho-designation", "2025.11")
    assert len(statements) == sum(1 for p in rubric.walk() if p.scale_id == "board-statement")
    para6 = text[text.index("6. Advanced"):text.index("7. In order")]
    top_bullets = re.findall(r"^  • ", para6, flags=re.M)
    assert len(top_bullets) == sum(1 for p in rubric.walk() if p.domain.id == "TA")


@needs_seeds
def test_confed_text_is_verbatim_and_complete(registry):
    text = CONFED.read_text(encoding="utf-8")
    section = text[text.index("### Financial and organisational maturity"):text.index("However, the current National")]
    bullets = [_norm(b) for b in re.findall(r"^- (.+)$", section, flags=re.M)]
    rubric = registry.get("nhsconfed-host-provider", "2025.11")
    assert [_norm(p.criterion.statement) for p in rubric.walk()] == bullets


def test_every_criterion_has_a_section_reference(registry):
    for rubric_id in registry.ids():
        for placed in registry.get(rubric_id).walk():
            assert placed.criterion.ref.strip()


def test_bundled_crosswalks_refer_to_real_criteria(registry):
    rubrics = [registry.get(i) for i in registry.ids()]
    walks = registry.crosswalks(rubrics)
    assert len(walks) == 5
    for walk in walks:
        assert walk.mappings and "not from either source" in walk.author
        assert not any(m.relationship in ("equal", "superset") for m in walk.mappings)


@needs_seeds
def test_confed_governance_rubric_is_verbatim_and_complete(registry):
    text = CONFED.read_text(encoding="utf-8")
    capabilities = text[text.index("strategic commissioning requires five core capabilities"):
                        text.index("### Examples of similar models")]
    listed = [_norm(b) for b in re.findall(r"^- \d\. (.+)$", capabilities, flags=re.M)]
    hallmarks = text[text.index("### Hallmarks of good IHO governance"):text.index("### The sequencing challenge")]
    bullets = [_norm(b) for b in re.findall(r"^- (.+)$", hallmarks, flags=re.M)]
    rubric = registry.get("nhsconfed-iho-governance", "2025.11")
    by_domain = {d.id: [_norm(c.statement) for c in d.criteria] for d in rubric.domains}
    assert by_domain["SCC"][:5] == listed and len(listed) == 5
    assert by_domain["HGV"] == bullets and len(bullets) == 5
    assert by_domain["SCC"][5] in _norm(capabilities)  # the sixth, named after the list


@needs_seeds
def test_prompt_questions_are_all_ten_verbatim_in_the_source_groups(registry):
    text = CONFED.read_text(encoding="utf-8")
    annex = text[text.index("# Holding an IHO contract: prompt questions"):text.index("18 Smith Square")]
    questions = [_norm(q) for q in re.findall(r"^- \d+\. (.+)$", annex, flags=re.M)]
    rubric = registry.get("nhsconfed-prompt-questions", "2025.11")
    assert len(questions) == 10
    assert [_norm(p.criterion.statement) for p in rubric.walk()] == questions
    assert [p.criterion.id for p in rubric.walk()] == [f"PQ{i}" for i in range(1, 11)]
    headings = [_norm(h.strip("*")) for h in re.findall(r"^#### (.+)$", annex, flags=re.M)]
    # the source's groups, with its "Capabilities" sub-heading kept inside the first
    assert headings == ["Strategic alignment and capabilities", "Capabilities", "Partnership and structure",
                        "Contracting", "Governance and accountability"]
    assert [d.title for d in rubric.domains] == [h for h in headings if h != "Capabilities"]
    assert [len(d.criteria) for d in rubric.domains] == [4, 2, 2, 2]


def test_prompt_questions_scale_is_for_a_system_discussion_and_marked_ours(registry):
    rubric = registry.get("nhsconfed-prompt-questions")
    levels = rubric.scales[rubric.default_scale]
    assert [lv.id for lv in levels if lv.meets] == ["answered"]
    assert "partners-disagree" in {lv.id for lv in levels}
    assert all(lv.needs == "explanation" for lv in levels if not lv.meets)
    assert rubric.scale_provenance[rubric.default_scale].by == "iho-ready"


def _seed_for(rubric, source_id):
    title = rubric.sources()[source_id].title
    return {"IHO contracts: emerging insights for NHS providers": PROVIDERS,
            "Towards integrated health organisations: considerations for policy and NHS leaders": CONFED}.get(
        title, ARTICLE if title.startswith("IHO Benefits") else ANNEX)


@needs_seeds
def test_derived_criteria_quote_their_sources_verbatim(registry):
    checked = 0
    for rubric_id in registry.ids():
        rubric = registry.get(rubric_id)
        for placed in rubric.walk():
            for quote in placed.criterion.derived.quotes if placed.criterion.derived else []:
                seed = _norm(_seed_for(rubric, quote.source).read_text(encoding="utf-8"))
                assert _norm(quote.text) in seed, (placed.criterion.id, quote.text)
                checked += 1
    assert checked >= 14


def test_case_for_change_is_derived_by_us_throughout(registry):
    rubric = registry.get("iho-case-for-change", "2026.03")
    assert rubric.derived is not None and rubric.derived.by == "iho-ready"
    assert [p.criterion.id for p in rubric.walk()] == [f"CFC{i}" for i in range(1, 8)]
    for placed in rubric.walk():
        d = placed.criterion.derived
        assert d is not None and d.by == "iho-ready" and d.wording == "ours" and len(d.quotes) >= 2
    assert {q.source for p in rubric.walk() for q in p.criterion.derived.quotes} == {None, "distilled-post"}


def _additions(rubric):
    """Every piece of a rubric that needs a provenance marker, with its marker (None if unmarked)."""
    for name in rubric.scales:
        mark = rubric.scale_provenance.get(name)
        yield f"scale {name}", mark.by if mark else None
    for theme in rubric.themes:
        yield f"theme {theme.id}", theme.by
    if any(p.criterion.tags for p in rubric.walk()):
        yield "tags", rubric.tags_by
    for placed in rubric.walk():
        g = placed.criterion.guidance
        if g is not None:
            yield f"guidance {placed.criterion.id}", g.by if "by" in g.model_fields_set else None


def test_every_scale_theme_tag_and_guidance_says_who_made_it(registry):
    for rubric_id in registry.ids():
        rubric = registry.get(rubric_id)
        unmarked = [what for what, by in _additions(rubric) if by is None]
        assert unmarked == [], rubric_id
        marks = {by for _, by in _additions(rubric)}
        assert marks <= {"source", "iho-ready"}, rubric_id
        if "iho-ready" in marks or rubric.derived:
            assert rubric.additions_licence == "MIT"


def test_the_scales_are_the_projects_choice(registry):
    nhse = registry.get("nhse-iho-designation", "2025.11")
    triangulated = {p.criterion.id: p.scale_id for p in nhse.walk() if p.domain.id in ("TA", "DC", "IM")}
    assert set(triangulated.values()) == {"competency"} and len(triangulated) == 10
    assert nhse.scale_provenance["competency"].by == "iho-ready"
    assert nhse.scale_provenance["board-statement"].by == "iho-ready"
    for placed in nhse.walk():
        if placed.domain.id in ("TA", "DC", "IM"):
            assert placed.criterion.derived is not None and placed.criterion.derived.by == "iho-ready"


@needs_seeds
def test_licences_are_exactly_as_the_sources_state_them(registry):
    from iho_ready.models.rubric import NO_LICENCE

    for rubric_id in registry.ids():
        rubric = registry.get(rubric_id)
        for source_id, ref in rubric.sources().items():
            seed = _seed_for(rubric, source_id).read_text(encoding="utf-8")
            stated = [line.strip() for line in seed.splitlines() if "©" in line or ("licen" in line.lower()
                      and "provider licence" not in line)]
            if ref.licence == NO_LICENCE:
                assert stated == [], (rubric_id, stated)
                assert ref.licence_id == "LicenseRef-SourceStatesNoLicence"
            else:
                assert ref.licence in stated, rubric_id
                assert ref.licence_id == "LicenseRef-NHSConfederation-Terms"


@needs_seeds
def test_nhs_confederation_text_credits_publisher_partner_and_authors(registry):
    text = CONFED.read_text(encoding="utf-8")
    byline = text.splitlines()[12]
    for rubric_id in registry.ids():
        ref = registry.get(rubric_id).source
        if ref.publisher == "NHS Confederation":
            assert ref.partners == ["Browne Jacobson"] and "In partnership with\n\nBrowne Jacobson" in text
            assert ref.authors and " ".join(ref.authors) == byline
            assert ref.date == "November 2025" and ref.date in text


def test_reuse_toml_declares_each_rubric_folders_source_licence(registry):
    import tomllib

    root = Path(__file__).resolve().parents[2]
    annotations = tomllib.loads((root / "REUSE.toml").read_text(encoding="utf-8"))["annotations"]
    for rubric_id in registry.ids():
        rubric = registry.get(rubric_id)
        folder = f"rubrics/{rubric_id}/**"
        declared = [a["SPDX-License-Identifier"] for a in annotations
                    if folder == a["path"] or folder in (a["path"] if isinstance(a["path"], list) else [])]
        assert declared == [rubric.source.licence_id], rubric_id


@needs_seeds
def test_lead_ins_are_verbatim_and_every_board_statement_has_one(registry):
    source = _norm(ANNEX.read_text(encoding="utf-8"))
    rubric = registry.get("nhse-iho-designation", "2025.11")
    for placed in rubric.walk():
        assert placed.lead_in is not None and _norm(placed.lead_in) in source, placed.criterion.id
        if placed.scale_id == "board-statement":
            assert placed.lead_in == "The board has assured itself that\u2026"
    # paragraph 4 reads on from its lead-in as one sentence in the source
    for cid in ("IM1", "DC1"):
        placed = next(p for p in rubric.walk() if p.criterion.id == cid)
        assert _norm(f"{placed.lead_in} {placed.criterion.statement}") in source


def test_source_notes_are_data_not_comments(registry):
    nhse = registry.get("nhse-iho-designation", "2025.11")
    notes = {p.criterion.id: " ".join(p.criterion.source_notes) for p in nhse.walk()}
    assert "two sentences together" in notes["CP1"]
    assert "ungrammatical" in notes["CG2"]
    governance = registry.get("nhsconfed-iho-governance", "2025.11")
    notes = {p.criterion.id: " ".join(p.criterion.source_notes) for p in governance.walk()}
    assert "sentence after the list" in notes["SCC6"]
    assert "atscale" in notes["HGV1"] and "to protects" in notes["HGV3"]
    for rubric_id in registry.ids():
        raw = (Path(__file__).resolve().parents[2] / "rubrics" / rubric_id).glob("*.yaml")
        for path in raw:
            body = [line for line in path.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")]
            assert not any("as written" in line or "kept as" in line for line in body), path


@needs_seeds
def test_whatever_claims_to_be_source_text_is(registry):
    claimed = 0
    for rubric_id in registry.ids():
        rubric = registry.get(rubric_id)
        seed = _norm(_seed_for(rubric, None).read_text(encoding="utf-8"))
        texts = [t.text for t in rubric.themes if t.by == "source" and t.text]
        texts += [p.criterion.guidance.text for p in rubric.walk()
                  if p.criterion.guidance and p.criterion.guidance.by == "source"]
        texts += [d.lead_in for d in rubric.domains if d.lead_in] + [
            a.lead_in for d in rubric.domains for a in d.areas if a.lead_in]
        for text in texts:
            assert _norm(text) in seed, (rubric_id, text)
            claimed += 1
    assert claimed >= 15


def test_the_comparison_folds_nothing_but_whitespace():
    assert _norm(" well\u2011defined,\n  outcomes ") == "well\u2011defined, outcomes"
    assert _norm("well-defined") != _norm("well\u2011defined") and _norm("trust's") != _norm("trust\u2019s")


@needs_seeds
def test_quotes_keep_the_sources_own_hyphens(registry):
    seed = _norm(PROVIDERS.read_text(encoding="utf-8"))
    cfc1 = next(p.criterion for p in registry.get("iho-case-for-change").walk() if p.criterion.id == "CFC1")
    quote = next(q.text for q in cfc1.derived.quotes if "well" in q.text)
    assert "well\u2011defined, outcomes\u2011focused" in quote and _norm(quote) in seed
    assert _norm(quote.replace("\u2011", "-")) not in seed


def test_partner_statements_and_mandatory_decisions_are_marked_as_ours(registry):
    for rubric_id in registry.ids():
        rubric = registry.get(rubric_id)
        if rubric.partner_evidence():
            assert rubric.partner_statements_by == "iho-ready", rubric_id
        for placed in rubric.walk():
            if placed.criterion.derived is not None:  # the source does not present it as a criterion
                mark = placed.mandatory_provenance
                assert mark is not None and mark.by == "iho-ready" and mark.note, (rubric_id, placed.criterion.id)
    nhse = registry.get("nhse-iho-designation", "2025.11")
    mandatory, optional = nhse.mandatory_decisions()["iho-ready"]
    assert {"TA1", "TA2", "TA3", "TA4", "TA5", "DC1", "DC2"} <= set(mandatory)
    assert {"IM1", "IM2", "IM3"} <= set(optional) and not set(mandatory) & set(optional)
    assert {"SV4.E2", "DC1", "DC2"} <= set(nhse.partner_evidence())


def test_the_nhs_england_rubric_gives_the_annex_2_long_read_page():
    from iho_ready.rubrics import Registry

    url = Registry().get("nhse-iho-designation", "2025.11").source.url
    assert url == "https://www.england.nhs.uk/long-read/advanced-foundation-trust-programme-guide-for-applicants-annex-2"


@needs_seeds
def test_sv4_e2s_unclosed_parenthesis_is_the_sources_and_noted(registry):
    text = ANNEX.read_text(encoding="utf-8")
    rubric = registry.get("nhse-iho-designation", "2025.11")
    sv4 = next(p.criterion for p in rubric.walk() if p.criterion.id == "SV4")
    item = next(e.text for e in sv4.evidence if e.id == "SV4.E2")
    assert item in text and item.count("(") == item.count(")") + 1
    assert any("SV4.E2" in note and "never closed" in note for note in sv4.source_notes)


@needs_seeds
def test_the_source_documents_are_there_to_check_against() -> None:
    """Under CI=true a missing ``../shared/seeds`` fails here by name instead of skipping the fidelity tests."""
    missing = [p.name for p in (ANNEX, CONFED, PROVIDERS, ARTICLE) if not p.exists()]
    assert not missing, f"source documents missing from {SEEDS}: {missing}"
