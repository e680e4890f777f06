"""Golden files: the report for the bundled example, byte for byte, one file per section.

The paper is split at its section headings (and Appendix A at each set of criteria), so that
a change shows up as a small diff in the section it touches. Regenerate them after an
intended change with::

    IHO_READY_REGEN=1 pytest tests/report/test_report_golden.py

then read the diff (``git diff tests/golden/report-northshire``) as a reviewer would read the
board paper.
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests.helpers import REGEN
from tests.report.report_helpers import EXAMPLE, GOLDEN, ROOT, run_cli

MANIFEST = str((EXAMPLE / "manifest.yaml").relative_to(ROOT))
FOLDER = GOLDEN / "report-northshire"


def split(text: str) -> dict[str, str]:
    """The paper as ``NN-slug.md`` -> its text: one part per ``##`` heading, and inside Appendix A
    (the detail) one per set of criteria (``###``) and domain (``####``). Joined in order, the
    parts are the paper."""
    parts: list[tuple[str, list[str]]] = [("title", [])]
    appendix_a = False
    for line in text.splitlines(keepends=True):
        if line.startswith("## "):
            appendix_a = line.startswith("## Appendix A")
            parts.append((line[3:], [line]))
        elif appendix_a and line.startswith(("### ", "#### ")):
            parts.append((f"Appendix A {line.lstrip('#').strip()}", [line]))
        else:
            parts[-1][1].append(line)
    named = {}
    for number, (heading, lines) in enumerate(parts):
        slug = re.sub(r"[^a-z0-9]+", "-", heading.replace("\\", "").lower()).strip("-")[:60].rstrip("-")
        named[f"{number:02d}-{slug}.md"] = "".join(lines)
    return named


def _report(tmp_path, audience: str) -> str:
    out = tmp_path / "report.md"
    done = run_cli("report", MANIFEST, "--audience", audience, "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("audience", ["public", "private"])
def test_example_report_matches_golden(tmp_path, audience):
    parts = split(_report(tmp_path, audience))
    folder = FOLDER / audience
    if REGEN:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, text in parts.items():
            (folder / name).write_text(text, encoding="utf-8", newline="")
        pytest.skip(f"regenerated {folder}")
    assert sorted(p.name for p in folder.iterdir()) == sorted(parts), \
        "sections differ from the golden files; regenerate and review"
    changed = [name for name, text in parts.items() if (folder / name).read_text(encoding="utf-8") != text]
    assert changed == [], f"output differs in {changed}; if the change is intended, regenerate and review"


def test_the_split_loses_nothing(tmp_path):
    text = _report(tmp_path, "public")
    parts = split(text)
    assert "".join(parts.values()) == text
    assert len(parts) >= 12 and max(len(p.splitlines()) for p in parts.values()) < 250


def test_same_input_gives_same_bytes(tmp_path):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    assert run_cli("report", MANIFEST, "-o", str(first)).returncode == 0
    # A different clock-derived setting must not leak into Markdown: no timestamps are printed.
    assert run_cli("report", MANIFEST, "-o", str(second), env={"SOURCE_DATE_EPOCH": "1"}).returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_report_to_stdout_is_the_same_report(tmp_path):
    out = tmp_path / "report.md"
    assert run_cli("report", MANIFEST, "-o", str(out)).returncode == 0
    done = run_cli("report", MANIFEST)
    assert done.returncode == 0
    assert done.stdout == out.read_text(encoding="utf-8")


def test_readme_excerpt_is_real_output():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = "<!-- excerpt of tests/golden/report-northshire/public"
    block = readme.split(marker, 1)[1].split("```markdown\n", 1)[1].split("\n```", 1)[0]
    golden = "".join(p.read_text(encoding="utf-8") for p in sorted((FOLDER / "public").iterdir())).splitlines()
    lines = [line for line in block.splitlines() if line]
    assert len(lines) > 10
    missing = [line for line in lines if line not in golden]
    assert missing == [], "README excerpt lines not in the golden report"


def test_tidying_piece_by_piece_equals_tidying_the_whole():
    """The report is tidied as jinja2 generates it; that must equal tidying the joined text."""
    import random

    from iho_ready.report.markdown import _tidy, _tidy_pieces

    rng = random.Random(13)
    for _ in range(500):
        text = "".join(rng.choice(["\n", "\n\n", "\n\n\n", "a", "b c", " ", "x\n\n\n\ny"]) for _ in range(12))
        cuts = sorted(rng.sample(range(len(text) + 1), min(4, len(text) + 1)))
        pieces = [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)])]
        assert _tidy_pieces(pieces) == _tidy(text), repr(pieces)
