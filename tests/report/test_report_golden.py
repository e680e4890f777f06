"""Golden files: the report for the bundled example, byte for byte.

Regenerate them after an intended change with::

    IHO_READY_REGEN=1 pytest

then read the diff (``git diff tests/golden``) as a reviewer would read the board paper.
"""

from __future__ import annotations

import pytest

from tests.helpers import assert_golden
from tests.report.report_helpers import EXAMPLE, GOLDEN, ROOT, run_cli

MANIFEST = str((EXAMPLE / "manifest.yaml").relative_to(ROOT))


@pytest.mark.parametrize(("audience", "golden"), [
    ("public", "report-northshire.md"),
    ("private", "report-northshire-private.md"),
])
def test_example_report_matches_golden(tmp_path, audience, golden):
    out = tmp_path / "report.md"
    done = run_cli("report", MANIFEST, "--audience", audience, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert_golden(golden, out.read_text(encoding="utf-8"))


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
    marker = "<!-- excerpt of tests/golden/report-northshire.md"
    block = readme.split(marker, 1)[1].split("```markdown\n", 1)[1].split("\n```", 1)[0]
    golden = (GOLDEN / "report-northshire.md").read_text(encoding="utf-8").splitlines()
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
