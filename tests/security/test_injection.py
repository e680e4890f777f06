"""Manifest text never acts: not as rich markup, not as terminal control codes, not as a second
finding line, not as ill-formed XML, and not as a GitHub workflow command, in any output."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from iho_ready.findings import EXAMPLE_FILES, EXAMPLE_MANIFEST, EXAMPLE_RUBRIC
from tests.helpers import run_cli

HOSTILE = {
    "esc": "Ready\x1b[2J\x1b[31mness\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "newline": "Plan\nmanifest.yaml:1:1: error: forged finding [schema]",
    "markup": "Readiness [/bold] [draft] [link=https://evil.example]click[/link] [bold red]loud",
    "github": "x\n::error file=manifest.yaml,line=1::forged\n::add-mask::secret\r::stop-commands::abc\n::set-output name=a::b",
    "percent": "%0A::error::encoded",
    "controls": "a\x01\x02\x0b\x0c\x7f\x85\u2028\u202eb",
}
FORMATS = [("json", "r.json"), ("junit", "r.xml"), ("sarif", "r.sarif"), ("markdown-summary", "r.md"),
           ("github", "r.gh")]


def _repo(tmp_path: Path, text: str) -> Path:
    """The catalogue's example, its every free-text field set to *text*, and two gaps so text is shown."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "rubrics" / "example").mkdir(parents=True)
    (tmp_path / "rubrics" / "example" / "1.yaml").write_text(EXAMPLE_RUBRIC)
    for name, content in EXAMPLE_FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    data = yaml.safe_load(EXAMPLE_MANIFEST)
    data["organisation"]["name"] = text
    data["organisation"]["note"] = text
    data["assessment"]["title"] = text
    doc = data["evidence"][0]
    doc.update(title=text, owner=text, approved={"by": text, "date": "2026-09-04"})
    data["evidence"].append({"id": "BROKEN", "title": text, "path": text, "supports": ["T1.E1"]})
    data["criteria"]["T2"] = {"rating": "not-met", "explanation": text, "commentary": text,
                              "actions": [{"id": "A1", "action": text, "owner": text, "due": "2026-01-31"}]}
    (tmp_path / "manifest.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return tmp_path


def _check(repo: Path, env: dict[str, str] | None = None):
    args = ["check", "manifest.yaml", "--rubrics", "rubrics"]
    for fmt, name in FORMATS:
        args += ["-f", fmt, "-o", name]
    return run_cli(*args, "-f", "terminal", cwd=repo, env={"NO_COLOR": "1", **(env or {})})


def _no_raw_controls(text: str) -> None:
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u202e]", text), repr(text[:200])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_output_shows_hostile_text_inertly(tmp_path: Path, name: str) -> None:
    repo = _repo(tmp_path, HOSTILE[name])
    run = _check(repo)
    assert run.code == 1, run.err
    assert "internal error" not in run.err and "Traceback" not in run.err
    for stream in (run.out, run.err):
        _no_raw_controls(stream)
    # One finding, one line: every line in the findings block is a located finding.
    block = run.out.split("Findings:", 1)[1].splitlines()[1:]
    assert block and all(re.match(r"^[\w./-]+\.yaml:\d+:\d+: (error|warning|info): .* \[[a-z-]+\]$", line)
                         for line in block), block
    assert not any(line.startswith("manifest.yaml:1:1: error: forged") for line in run.out.splitlines())
    ET.parse(repo / "r.xml")  # well-formed XML 1.0 whatever the text
    json.loads((repo / "r.json").read_text())
    json.loads((repo / "r.sarif").read_text())
    for produced in ("r.md", "r.gh"):
        _no_raw_controls((repo / produced).read_text())
    # github: exactly one command per finding, none forged
    gh = (repo / "r.gh").read_text().splitlines()
    assert len(gh) == len(json.loads((repo / "r.json").read_text())["findings"])
    assert all(re.match(r"^::(error|warning|notice) file=[\w./-]+\.yaml,line=\d+,col=\d+,title=iho-ready%3A ", g)
               for g in gh)


def test_rich_markup_is_printed_as_written(tmp_path: Path) -> None:
    run = _check(_repo(tmp_path, HOSTILE["markup"]))
    assert "Readiness [/bold] [draft] [link=https://evil.example]click[/link] [bold red]loud" in run.out


def test_colour_output_carries_no_manifest_escape_codes(tmp_path: Path) -> None:
    repo = _repo(tmp_path, HOSTILE["esc"])
    run = run_cli("check", "manifest.yaml", "--rubrics", "rubrics", cwd=repo, env={"FORCE_COLOR": "1"})
    assert "\x1b[2J" not in run.out and "\x1b]8;" not in run.out and "\\x1b[2J" in run.out
    assert "\x1b[" in run.out  # our own colour is still there


def _runner_commands(text: str) -> list[str]:
    return [line.lstrip() for line in re.split(r"\r\n|\r|\n", text) if line.lstrip().startswith(("::", "##["))]


@pytest.mark.parametrize("name", ["github", "newline", "percent"])
def test_under_github_actions_only_our_commands_reach_the_runner(tmp_path: Path, name: str) -> None:
    repo = _repo(tmp_path, HOSTILE[name])
    run = run_cli("check", "manifest.yaml", "--rubrics", "rubrics", cwd=repo,
                  env={"GITHUB_ACTIONS": "true", "NO_COLOR": "1"})
    assert run.code == 1
    err, out = _runner_commands(run.err), _runner_commands(run.out)
    assert len(err) == 2 and err[0].startswith("::stop-commands::")
    token = err[0].removeprefix("::stop-commands::")
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    # stdout: resume, our annotations (one per finding), pause again with a new token
    assert out[0] == f"::{token}::" and out[-1].startswith("::stop-commands::")
    assert err[1] == f"::{out[-1].removeprefix('::stop-commands::')}::"
    annotations = out[1:-1]
    assert annotations and all(re.match(r"^::(error|warning|notice) file=[\w./-]+\.yaml,line=\d+,col=\d+,", a)
                               for a in annotations)
    assert not any("forged" in a and "%0A" not in a for a in annotations)


def test_under_github_actions_a_broken_manifest_gets_annotations(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text("manifest: 1\norganisation: {name: '::error::x', type: acute}\n")
    run = run_cli("check", "manifest.yaml", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert run.code == 2
    commands = _runner_commands(run.out)
    assert any(c.startswith("::error file=manifest.yaml,line=1,col=1,title=iho-ready%3A schema::the file has no")
               for c in commands)
    assert _runner_commands(run.err)[0].startswith("::stop-commands::")


def test_the_report_and_diff_show_hostile_text_inertly(tmp_path: Path) -> None:
    repo = _repo(tmp_path, HOSTILE["esc"] + HOSTILE["newline"])
    run = run_cli("report", "manifest.yaml", "--rubrics", "rubrics", "-o", "report.md", cwd=repo)
    assert run.code == 0, run.err
    _no_raw_controls((repo / "report.md").read_text())
    diff = run_cli("diff", "manifest.yaml", "manifest.yaml", "--rubrics", "rubrics", cwd=repo)
    _no_raw_controls(diff.out)


def test_yaml_keys_with_newlines_and_escapes_stay_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text(
        'manifest: 1\n"bad\\nmanifest.yaml:9:9: error: forged [schema]\\x1b[2J": 1\n')
    run = run_cli("check", "manifest.yaml", cwd=tmp_path)
    assert run.code == 2
    _no_raw_controls(run.err)
    assert all(line.startswith("manifest.yaml:") and line.endswith("]") for line in run.err.splitlines())
    assert not any(line.startswith("manifest.yaml:9:9") for line in run.err.splitlines())


def test_init_with_a_rubric_title_holding_a_newline_writes_a_manifest_that_parses(tmp_path: Path) -> None:
    rubric = EXAMPLE_RUBRIC.replace("title: Example rubric (fictional, for the finding catalogue)",
                                    'title: "Example\\nrubrics: [injected]\\n\\x1b[2J"')
    (tmp_path / "rubrics" / "example").mkdir(parents=True)
    (tmp_path / "rubrics" / "example" / "1.yaml").write_text(rubric)
    run = run_cli("init", "--rubric", "example@1", "--rubrics", tmp_path / "rubrics", "-o", tmp_path / "m.yaml")
    assert run.code == 0, run.err
    text = (tmp_path / "m.yaml").read_text()
    _no_raw_controls(text)
    assert yaml.safe_load(text)["rubrics"] == ["example@1"]
    checked = run_cli("check", tmp_path / "m.yaml", "--rubrics", tmp_path / "rubrics")
    assert checked.code in (0, 1), checked.err
