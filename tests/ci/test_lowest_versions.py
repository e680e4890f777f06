"""The lowest versions CI tests with are the lower bounds pyproject.toml declares (issue 17)."""

from __future__ import annotations

import re
import tomllib

from packaging.version import Version  # pytest depends on packaging

from tests.helpers import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_constraints_pin_every_runtime_dependency_at_its_lower_bound() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lower = {}
    for requirement in project["dependencies"]:
        found = re.search(r">=\s*([0-9][^,;\s]*)", requirement)
        assert found, f"{requirement} has no lower bound; give it one so the lowest versions can be tested"
        lower[_name(requirement)] = Version(found.group(1))
    pins = {}
    for line in (ROOT / "ci" / "constraints-lowest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[_name(name)] = Version(version)
    # Every runtime dependency is pinned at its lower bound; the file may also pin test tools that
    # would not install beside those lowest versions.
    assert {name: pins.get(name) for name in lower} == lower
