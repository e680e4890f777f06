"""Outputs: never replace a device, FIFO or symlink with a regular file; interrupted writes leave
nothing behind; every failure is one OSError line the CLI turns into exit 2."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from iho_ready.output import WriteError, write_output
from tests.helpers import base_manifest, run_cli, write_manifest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file types")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_new_file_and_a_replaced_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_output(str(target), "one\n")
    assert target.read_text() == "one\n"
    target.chmod(0o640)
    write_output(str(target), b"two\n")
    assert target.read_text() == "two\n" and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_dev_null_is_written_through_and_stays_a_device() -> None:
    write_output("/dev/null", "discarded\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_device_is_one_line_error() -> None:
    with pytest.raises(WriteError) as info:
        write_output("/dev/full", "x" * 10_000)
    assert info.value.reason == "No space left on device" and "\n" not in str(info.value)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_dev_stdout_goes_to_standard_output(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    write_output(name, "to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"


def test_dev_stderr_goes_to_standard_error(capsys: pytest.CaptureFixture[str]) -> None:
    write_output("/dev/stderr", "to stderr\n")
    assert capsys.readouterr().err == "to stderr\n"


def test_check_output_to_dev_stdout_through_the_cli(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, base_manifest())
    run = run_cli("check", manifest, "-f", "json", "-o", "/dev/stdout")
    assert run.code == 1 and run.out.startswith("{")


def test_a_fifo_with_a_reader_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    for _ in range(200):  # wait until the reader has the FIFO open
        try:
            write_output(str(fifo), "x" * 200_000)  # more than a pipe buffer: waits for the reader
            break
        except WriteError as e:
            assert "no program is reading" in e.reason
            threading.Event().wait(0.01)
    reader.join(5)
    assert received == [b"x" * 200_000]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and _leftovers(tmp_path) == []


def test_a_fifo_without_a_reader_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    with pytest.raises(WriteError) as info:
        write_output(str(fifo), "x")
    assert info.value.reason == "is a named pipe (FIFO) that no program is reading from"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_via_the_cli_is_exit_2_one_line(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, base_manifest())
    os.mkfifo(tmp_path / "out.json")
    run = run_cli("check", manifest, "-f", "json", "-o", tmp_path / "out.json")
    assert run.code == 2 and run.err.count("\n") == 1 and "no program is reading from" in run.err
    assert stat.S_ISFIFO(os.lstat(tmp_path / "out.json").st_mode)


def test_a_symlink_inside_the_repository_is_followed_and_kept(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "board.md").write_text("old\n")
    (tmp_path / "report.md").symlink_to("reports/board.md")
    write_output(str(tmp_path / "report.md"), "new\n")
    assert (tmp_path / "report.md").is_symlink()
    assert (tmp_path / "reports" / "board.md").read_text() == "new\n"
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "reports") == []


def test_a_dangling_symlink_inside_is_created_through(tmp_path: Path) -> None:
    (tmp_path / "report.md").symlink_to("made.md")
    write_output(str(tmp_path / "report.md"), "new\n")
    assert (tmp_path / "report.md").is_symlink() and (tmp_path / "made.md").read_text() == "new\n"


def test_a_symlink_leading_outside_the_repository_is_refused(tmp_path: Path) -> None:
    repo, outside = tmp_path / "repo", tmp_path / "home"
    (repo / ".git").mkdir(parents=True)
    outside.mkdir()
    (outside / ".bashrc").write_text("precious\n")
    (repo / "iho-ready.sarif").symlink_to(outside / ".bashrc")
    with pytest.raises(WriteError) as info:
        write_output(str(repo / "iho-ready.sarif"), "{}")
    assert "symbolic link to a file outside the repository" in info.value.reason
    assert (outside / ".bashrc").read_text() == "precious\n" and (repo / "iho-ready.sarif").is_symlink()


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_symlink_to_a_device_outside_is_refused_and_kept(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "out").symlink_to("/dev/null")
    with pytest.raises(WriteError):
        write_output(str(tmp_path / "out"), "x")
    assert os.readlink(tmp_path / "out") == "/dev/null"


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as info:
        write_output(str(tmp_path), "x")
    assert info.value.reason == "is a directory; give a file name"


def test_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(WriteError) as info:
            write_output(str(path), "x")
    assert "not a regular file" in info.value.reason and stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_missing_folder_and_a_nul_are_one_line_errors(tmp_path: Path) -> None:
    for target in (str(tmp_path / "no" / "such" / "r.md"), str(tmp_path / "a\x00b")):
        with pytest.raises(WriteError) as info:
            write_output(target, "x")
        assert "\n" not in str(info.value) and str(info.value).startswith("cannot write ")


def test_sigint_during_a_write_removes_the_temporary_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n")

    def interrupted_fsync(fd: int) -> None:
        signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    with pytest.raises(KeyboardInterrupt):
        write_output(str(target), "new\n")
    assert target.read_text() == "old\n" and _leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_sigterm_during_a_write_ends_the_process_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n")
    script = textwrap.dedent(f"""
        import os, signal
        from iho_ready import output
        os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGTERM)
        output.write_output({str(target)!r}, "new " * 100000)
        print("not reached")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == -signal.SIGTERM, done.stderr
    assert "not reached" not in done.stdout
    assert target.read_text() == "old\n" and _leftovers(tmp_path) == []


def test_a_handler_that_returns_abandons_the_write_cleanly(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.md"
    seen: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    try:
        monkeypatch.setattr(os, "fsync", lambda fd: signal.raise_signal(signal.SIGTERM))
        with pytest.raises(WriteError) as info:
            write_output(str(target), "new\n")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == [signal.SIGTERM] and "interrupted" in info.value.reason
    assert not target.exists() and _leftovers(tmp_path) == []


def test_ignored_signals_stay_ignored(tmp_path: Path) -> None:
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        write_output(str(tmp_path / "r.md"), "x")
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_the_cli_maps_write_failures_to_exit_2(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, base_manifest())
    run = run_cli("check", manifest, "-f", "json", "-o", tmp_path)
    assert run.code == 2 and run.err == f"iho-ready: error: cannot write {tmp_path}: is a directory; give a file name\n"
