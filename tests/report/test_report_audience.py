"""A public-session report never names evidence marked ``sensitivity: private``."""

from __future__ import annotations

from pathlib import Path

import pytest

from iho_ready.app import assess
from iho_ready.report import build_report
from iho_ready.report.view import CONFIDENTIAL_MARK, PRIVATE_DOCUMENT
from iho_ready.rubrics import Registry
from tests.report.report_helpers import EXAMPLE, replace_in, run_cli

MANIFEST = EXAMPLE / "manifest.yaml"
# The example's one private document: the Board Assurance Framework.
PRIVATE_TITLE = "Board Assurance Framework, IHO risks"
PRIVATE_PATH = "board-assurance-framework.md"


def _report(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "report.md"
    done = run_cli("report", str(MANIFEST), "-o", str(out), *args)
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


def test_public_is_the_default_and_leaves_private_evidence_out(tmp_path):
    text = _report(tmp_path)
    assert PRIVATE_TITLE not in text
    assert PRIVATE_PATH not in text
    assert "| BAF | Board Assurance Framework, IHO risks |" not in text and "BAF:" not in text
    # ...but says that private evidence exists, where it counts and in the register.
    assert PRIVATE_DOCUMENT in text
    assert "One document is marked private and not listed" in text
    assert _report(tmp_path, "--audience", "public") == text


def test_private_audience_lists_everything(tmp_path):
    text = _report(tmp_path, "--audience", "private")
    assert f"| BAF | {PRIVATE_TITLE} |" in text
    assert f"BAF: {PRIVATE_TITLE}" in text
    assert PRIVATE_DOCUMENT not in text
    assert "marked private" not in text


def test_filter_is_in_the_data_so_a_user_template_cannot_leak(tmp_path):
    # A template that prints every document it is given, and every item's documents.
    template = tmp_path / "leaky.md.j2"
    template.write_text(
        "{% for d in report.register %}{{ d.id }} {{ d.title }}\n{% endfor %}"
        "{% for r in report.rubrics %}{% for a in r.areas %}{% for v in a.criteria %}{% for i in v.items %}"
        "{{ i.documents|md_join('; ') }}\n{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
        encoding="utf-8")
    text = _report(tmp_path, "--template", str(template))
    assert "Medium-term plan" in text  # the template did print the register
    assert PRIVATE_TITLE not in text and "BAF" not in text


@pytest.mark.parametrize("audience", ["public", "private"])
def test_private_evidence_still_counts_towards_the_rating(audience):
    outcome = assess(Path(MANIFEST), Registry([]))
    report = build_report(outcome, audience=audience)
    grm2 = next(v for r in report.rubrics for a in r.areas for v in a.criteria if v.id == "GRM2")
    assert grm2.status == "met"
    assert grm2.items[0].status == "Evidenced"
    assert report.private_withheld == (1 if audience == "public" else 0)


def test_bad_audience_is_a_usage_error():
    done = run_cli("report", str(MANIFEST), "--audience", "board")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "board" in done.stderr


def test_each_version_says_which_session_it_is_for(tmp_path):
    public = _report(tmp_path)
    assert "| Session | Public |" in public and "| Agenda item | PUB/26/11/8 |" in public
    assert "| Security classification | OFFICIAL |" in public
    assert "This version is for the public session. One document is marked private and not listed" in public
    assert CONFIDENTIAL_MARK not in public and "Private" not in public.split("## 1\\.")[0]
    private = _report(tmp_path, "--audience", "private")
    top = private.split("## Cover sheet", 1)[0]
    assert f"**{CONFIDENTIAL_MARK} The public version of this paper leaves out:**" in top
    assert f"- BAF: {PRIVATE_TITLE}" in top
    assert "| Session | Private (confidential) |" in private and "| Agenda item | PRIV/26/11/4 |" in private
    assert "| Security classification | OFFICIAL-SENSITIVE |" in private
    assert "Public" not in private.split("## 1\\.")[0]


def test_the_manifest_session_is_the_default_audience(example, tmp_path):
    replace_in(example, "  session: public\n", "  session: private\n")
    out = tmp_path / "r.md"
    assert run_cli("report", str(example), "-o", str(out)).returncode == 0
    assert CONFIDENTIAL_MARK in out.read_text(encoding="utf-8")
    assert run_cli("report", str(example), "--audience", "public", "-o", str(out)).returncode == 0
    assert CONFIDENTIAL_MARK not in out.read_text(encoding="utf-8")
