"""Only regular files are read, paths no file system can hold are [io] errors, and config and
lock files cannot lead outside the repository. FIFOs, devices, sockets and symlinks are made
here at run time."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from iho_ready import safe_files
from iho_ready.diagnostics import InputError
from tests.helpers import EXAMPLE, base_manifest, run_cli, write_manifest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")

NOT_REGULAR = "not a regular file: it is a named pipe (FIFO); iho-ready reads only regular files [io]"


def _exit_2(run) -> list[str]:
    assert run.code == 2, (run.out, run.err)
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    return run.err.splitlines()


def _run_with_timeout(*args, cwd=None, seconds: float = 10):
    """Run the CLI in a thread so that a hang fails the test instead of blocking the suite."""
    box: dict[str, object] = {}
    thread = threading.Thread(target=lambda: box.setdefault("run", run_cli(*args, cwd=cwd)), daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():  # unblock the reader so the thread can end, then fail
        for arg in args:
            if isinstance(arg, Path) and arg.exists() and arg.is_fifo():
                with open(arg, "w"):
                    pass
        pytest.fail(f"iho-ready {' '.join(map(str, args))} hung")
    return box["run"]


def test_fifo_as_the_manifest_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "manifest.yaml"
    os.mkfifo(fifo)
    assert _exit_2(_run_with_timeout("check", fifo)) == [f"{fifo}: error: {NOT_REGULAR}"]


def test_fifo_as_the_lock_is_refused(repo: Path) -> None:
    fifo = repo / "other.lock"
    os.mkfifo(fifo)
    lines = _exit_2(_run_with_timeout("check", repo / "manifest.yaml", "--lock", fifo))
    assert lines == [f"{fifo}: error: {NOT_REGULAR}"]


def test_fifo_as_the_default_lock_is_not_read(repo: Path) -> None:
    os.mkfifo(repo / "iho-ready.lock")
    run = _run_with_timeout("check", repo / "manifest.yaml")
    assert run.code in (0, 1) and "Traceback" not in run.err


def test_fifo_as_previous_is_refused(repo: Path) -> None:
    fifo = repo / "previous.yaml"
    os.mkfifo(fifo)
    lines = _exit_2(_run_with_timeout("report", repo / "manifest.yaml", "--previous", fifo, "-o",
                                      repo / "report.md"))
    assert lines == [f"{fifo}: error: {NOT_REGULAR}"]
    assert not (repo / "report.md").exists()


def test_fifo_in_a_rubrics_folder_is_refused(tmp_path: Path, repo: Path) -> None:
    folder = tmp_path / "rubrics" / "my-rubric"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "1.0.yaml")
    data = base_manifest(rubrics=["my-rubric@1.0"])
    manifest = write_manifest(repo, data)
    lines = _exit_2(_run_with_timeout("check", manifest, "--rubrics", tmp_path / "rubrics"))
    assert lines and all(NOT_REGULAR in line for line in lines), lines


def test_fifo_as_the_config_file_is_refused(repo: Path) -> None:
    os.mkfifo(repo / ".iho-ready.yaml")
    lines = _exit_2(_run_with_timeout("check", repo / "manifest.yaml"))
    assert lines == [f"{repo / '.iho-ready.yaml'}: error: {NOT_REGULAR}"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_as_the_manifest_are_refused(device: str) -> None:
    lines = _exit_2(_run_with_timeout("check", device))
    assert lines == [f"{device}: error: not a regular file: it is a device; iho-ready reads only regular files [io]"]


def test_a_directory_as_the_manifest(tmp_path: Path) -> None:
    assert _exit_2(run_cli("check", tmp_path)) == [f"{tmp_path}: error: is a directory, not a file [io]"]


def test_a_socket_as_the_manifest(tmp_path: Path) -> None:
    path = tmp_path / "m.sock"
    if len(str(path)) > 100:
        pytest.skip("socket path too long for this platform")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        lines = _exit_2(run_cli("check", path))
    assert lines == [f"{path}: error: not a regular file: it is a socket; iho-ready reads only regular files [io]"]


def test_a_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "manifest.yaml").symlink_to(tmp_path / "pipe")
    assert _exit_2(_run_with_timeout("check", tmp_path / "manifest.yaml"))[0].endswith(NOT_REGULAR)


def test_a_file_swapped_for_a_fifo_after_the_check_is_still_refused(tmp_path: Path, monkeypatch) -> None:
    """Examined before opening and again once open: a swap in between is caught by fstat."""
    path = tmp_path / "m.yaml"
    path.write_text("a: 1\n")
    real_open = os.open

    def swapping_open(name, flags, *args):
        if str(name) == str(path):
            path.unlink()
            os.mkfifo(path)
            assert flags & os.O_NONBLOCK  # so opening the FIFO does not wait for a writer
        return real_open(name, flags, *args)

    monkeypatch.setattr(os, "open", swapping_open)
    with pytest.raises(InputError) as info:
        safe_files.read_bytes(path)
    assert "named pipe" in info.value.diagnostics[0].message


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: str(d / ("x" * 300 + ".yaml")), "a file or folder name in the path is longer than 255 bytes"),
    (lambda d: str(d) + "/" + "/".join(["abcdefgh"] * 600), "the path is longer than 4096 bytes"),
])
def test_impossible_paths_are_io_errors(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path)
    for args in (["check", path], ["lock", path], ["report", path], ["rubrics", "validate", path]):
        lines = _exit_2(run_cli(*args))
        assert len(lines) == 1 and lines[0].endswith(f": error: {message} [io]"), (args, lines)
        assert "\x00" not in lines[0]


def test_nul_in_a_path_is_an_io_error_shown_visibly() -> None:
    """A command-line argument cannot hold a NUL, but a path read from a file can."""
    from iho_ready.config import load_config

    for call in (safe_files.read_bytes, load_config):
        with pytest.raises(InputError) as info:
            call("a\x00\x1b[2Jb.yaml")
        (d,) = info.value.diagnostics
        assert (d.file, d.message, d.code) == (
            "a\\x00\\x1b[2Jb.yaml", "the path contains a NUL character; no file can have that name", "io")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read anything")
def test_an_unreadable_manifest(tmp_path: Path) -> None:
    path = write_manifest(tmp_path, base_manifest())
    path.chmod(0)
    assert _exit_2(run_cli("check", path)) == [f"{path}: error: cannot read: Permission denied [io]"]


# --------------------------------------------------------------------------- config and lock: stay in the repository


def test_config_symlink_outside_the_repository_is_refused_without_showing_it(repo: Path, outside: Path) -> None:
    (repo / ".iho-ready.yaml").symlink_to(outside / "secret.yaml")
    run = run_cli("check", repo / "manifest.yaml")
    lines = _exit_2(run)
    assert lines == [f"{repo / '.iho-ready.yaml'}: error: the config file is a symbolic link to a file outside the "
                     "repository; iho-ready does not read it (replace the link with the file itself) [io]"]
    assert "hunter2" not in run.out + run.err and "SECRET" not in run.out + run.err
    assert str(outside) not in run.err


def test_config_symlink_inside_the_repository_is_read(repo: Path) -> None:
    (repo / "policy").mkdir()
    (repo / "policy" / "ci.yaml").write_text("fail-on: never\n")
    (repo / ".iho-ready.yaml").symlink_to(repo / "policy" / "ci.yaml")
    assert run_cli("check", repo / "manifest.yaml").code == 0


def test_config_in_a_symlinked_folder_that_leaves_the_repository_is_refused(repo: Path, outside: Path) -> None:
    (outside / ".iho-ready.yaml").write_text("fail-on: never\nSECRET_TOKEN: hunter2-do-not-print\n")
    (repo / "trust").symlink_to(outside)
    write_manifest(outside, base_manifest())
    run = run_cli("check", repo / "trust" / "manifest.yaml")
    assert _exit_2(run)[0].endswith("[io]") and "hunter2" not in run.err


def test_pyproject_above_a_folder_without_a_repository_is_ignored(tmp_path: Path) -> None:
    """A shared /tmp/pyproject.toml must not silence the checks of a manifest below it."""
    (tmp_path / "pyproject.toml").write_text('[tool.iho-ready]\nfail-on = "never"\n')
    data = base_manifest(criteria={"SV1": {"rating": "not-confirmed"}})
    manifest = write_manifest(tmp_path / "trust", data)
    assert run_cli("check", manifest).code == 1
    (tmp_path / "trust" / "pyproject.toml").write_text('[tool.iho-ready]\nfail-on = "never"\n')
    assert run_cli("check", manifest).code == 0  # the manifest's own folder is still looked at


def test_pyproject_is_looked_for_up_to_the_repository_root_only(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.iho-ready]\nfail-on = "never"\n')  # above the repository
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    manifest = write_manifest(root / "trust", base_manifest(criteria={"SV1": {"rating": "not-confirmed"}}))
    assert run_cli("check", manifest).code == 1
    (root / "pyproject.toml").write_text('[tool.iho-ready]\nfail-on = "never"\n')  # at the root
    assert run_cli("check", manifest).code == 0


def test_pyproject_symlink_outside_the_repository_is_refused(repo: Path, outside: Path) -> None:
    (repo / "pyproject.toml").symlink_to(outside / "pyproject.toml")
    run = run_cli("check", repo / "manifest.yaml")
    assert _exit_2(run)[0].endswith("[io]") and "hunter2" not in run.err


def test_lock_symlink_outside_the_repository_is_refused_without_showing_it(repo: Path, outside: Path) -> None:
    (repo / "iho-ready.lock").symlink_to(outside / "secret.yaml")
    run = run_cli("check", repo / "manifest.yaml")
    assert _exit_2(run) == [f"{repo / 'iho-ready.lock'}: error: the lock file is a symbolic link to a file outside "
                            "the repository; iho-ready does not read it (replace the link with the file itself) [io]"]
    assert "hunter2" not in run.out + run.err and "SECRET" not in run.err
    explicit = run_cli("check", repo / "manifest.yaml", "--lock", repo / "iho-ready.lock")
    assert _exit_2(explicit)[0].endswith("[io]") and "hunter2" not in explicit.err


def test_a_lock_file_elsewhere_given_by_name_is_read(repo: Path, tmp_path: Path) -> None:
    """--lock naming a real file outside the repository is the user's choice; only symlinks are refused."""
    assert run_cli("lock", repo / "manifest.yaml", "-o", tmp_path / "elsewhere.lock").code == 0
    run = run_cli("check", repo / "manifest.yaml", "--lock", tmp_path / "elsewhere.lock")
    assert run.code == 1 and "[io]" not in run.err and "Traceback" not in run.err


def test_repository_root_and_is_inside(tmp_path: Path) -> None:
    (tmp_path / "r" / ".git").mkdir(parents=True)
    (tmp_path / "r" / "a" / "b").mkdir(parents=True)
    assert safe_files.repository_root(tmp_path / "r" / "a" / "b") == (tmp_path / "r").resolve()
    (tmp_path / "plain").mkdir()
    assert safe_files.repository_root(tmp_path / "plain") == (tmp_path / "plain").resolve()
    (tmp_path / "r" / "a" / "link").symlink_to(tmp_path / "plain")
    assert safe_files.repository_root(tmp_path / "r" / "a" / "link") == (tmp_path / "r").resolve()
    assert safe_files.is_inside(tmp_path / "r" / "a", tmp_path / "r")
    assert not safe_files.is_inside(tmp_path / "r" / "a" / "link" / "x", tmp_path / "r")


# --------------------------------------------------------------------------- TOML


def test_deeply_nested_toml_is_a_located_error(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.iho-ready]\nfail-on = ' + "[" * 5_000 + "\n")
    lines = _exit_2(run_cli("check", repo / "manifest.yaml"))
    from iho_ready.words import display_path

    assert lines == [f"{display_path(repo / 'pyproject.toml')}:5:75: error: arrays and inline tables are nested more "
                     "than 64 levels deep; iho-ready reads at most 64 [limit]"]


@pytest.mark.parametrize(("text", "where"), [
    ("a = " + "[" * 65, (1, 69)),
    ("a = " + "{b = " * 65, (1, 4 + 5 * 64 + 1)),
    ('a = "[[[[[[" # ' + "[" * 100 + "\nb = 1\n", None),
    ("[[tool.x]]\n[[tool.y]]\na = [[1], [2], {b = [3]}]\n", None),
    ("a = '''\n" + "[" * 100 + "\n'''\nb = " + "[" * 65, (4, 69)),
    ('a = """\\"""' + "[" * 100 + '"""\n', None),
])
def test_toml_depth_scan(text: str, where) -> None:
    from iho_ready.config import toml_too_deep

    assert toml_too_deep(text) == where


def test_toml_reader_survives_a_low_recursion_limit(repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool.iho-ready]\nfail-on = " + "[" * 60 + "]" * 60 + "\n")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(150)
    try:
        run = run_cli("check", repo / "manifest.yaml")
    finally:
        sys.setrecursionlimit(limit)
    assert run.code == 2 and "Traceback" not in run.err and "internal error" not in run.err, run.err


def test_example_still_checks() -> None:
    assert run_cli("check", EXAMPLE).code == 1


def test_reads_do_not_wait_on_a_fifo_even_with_a_writer_that_never_writes(tmp_path: Path) -> None:
    fifo = tmp_path / "m.yaml"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    writer = os.open(fifo, os.O_WRONLY)
    try:
        started = time.monotonic()
        with pytest.raises(InputError):
            safe_files.read_bytes(fifo)
        assert time.monotonic() - started < 2
    finally:
        os.close(writer)
        os.close(fd)
