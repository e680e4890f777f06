"""Manifest text can never start a GitHub workflow command: the neutraliser and the pause."""

from __future__ import annotations

import io
import re

import pytest

from iho_ready.ci_safety import NEUTRALISER, CommandSafeStream, StopCommands, neutralise, would_be_command

HOSTILE = [
    "::error file=manifest.yaml,line=1::forged finding",
    "::add-mask::hunter2",
    "::stop-commands::abc",
    "::set-output name=x::y",
    "##[error]old-style command",
    "  \t::warning::after white space",
    "\u00a0\u2003::notice::after Unicode spaces",
]


def _runner_commands(log: str) -> list[str]:
    """The lines the GitHub runner would run: split on CR, LF and CRLF, leading white space trimmed."""
    return [line.lstrip() for line in re.split(r"\r\n|\r|\n", log) if line.lstrip().startswith(("::", "##["))]


@pytest.mark.parametrize("line", HOSTILE)
def test_every_command_form_is_neutralised(line: str) -> None:
    assert would_be_command(line)
    safe = neutralise(line)
    assert _runner_commands(safe) == []
    assert safe.replace(NEUTRALISER, "") == line  # nothing else changes


@pytest.mark.parametrize("joiner", ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\n   "])
def test_a_line_break_of_any_kind_inside_text_cannot_start_a_command(joiner: str) -> None:
    text = f"Readiness{joiner}::error file=x::forged"
    assert _runner_commands(neutralise(text)) == []
    assert [line for line in neutralise(text).splitlines() if would_be_command(line)] == []


def test_text_that_is_not_a_command_is_unchanged() -> None:
    text = "Readiness: ok\nratio 1::2\n  # heading\n:colon\n#[x]\n"
    assert neutralise(text) == text


def test_percent_encoded_newlines_are_not_line_breaks() -> None:
    # %0A is only decoded inside a command's data, and no command starts here.
    assert neutralise("title%0A::error::x") == "title%0A::error::x"


def test_stream_neutralises_lines_split_across_writes() -> None:
    out = io.StringIO()
    stream = CommandSafeStream(out)
    for piece in ["ok\n:", ":error::split\n", "  ", "::add-mask::x\n", "#", "#[y]\n", "fine"]:
        stream.write(piece)
    stream.flush()
    assert _runner_commands(out.getvalue()) == []
    assert out.getvalue().replace(NEUTRALISER, "") == "ok\n::error::split\n  ::add-mask::x\n##[y]\nfine"


def test_stream_flush_of_an_ambiguous_start_is_safe_whatever_follows() -> None:
    out = io.StringIO()
    stream = CommandSafeStream(out)
    stream.write(":")
    stream.flush()
    stream.write(":error::late\n")
    assert _runner_commands(out.getvalue()) == []


def test_stream_lets_its_own_commands_through_on_their_own_lines() -> None:
    out = io.StringIO()
    stream = CommandSafeStream(out)
    stream.write("terminal view without newline")
    stream.write_command("::error file=manifest.yaml,line=3::real finding\n")
    stream.write("::error::forged\n")
    assert _runner_commands(out.getvalue()) == ["::error file=manifest.yaml,line=3::real finding"]


def test_stream_passes_other_attributes_through() -> None:
    out = io.StringIO()
    stream = CommandSafeStream(out)
    assert stream.isatty() is False and stream.getvalue() == ""


def test_stop_commands_pause_and_resume_with_a_secret_token() -> None:
    first, second = StopCommands(), StopCommands()
    assert re.fullmatch(r"[0-9a-f]{32}", first.token) and first.token != second.token
    assert first.pause() == f"::stop-commands::{first.token}\n" and first.pause() == ""
    assert first.resume() == f"::{first.token}::\n" and first.resume() == ""


def test_a_manifest_cannot_end_the_pause() -> None:
    """While paused, only the secret token resumes; text written in a manifest cannot know it."""
    guard = StopCommands()
    log = guard.pause() + neutralise("::stop-commands::x\n::x::\n::" + "0" * 32 + "::\n") + guard.resume()
    assert _runner_commands(log) == [f"::stop-commands::{guard.token}", f"::{guard.token}::"]
