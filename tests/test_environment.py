"""The locked test environment: `requirements-lock.txt` pins every range of the requirements
files, and the environment the tests run in is the locked one (`make setup` installs it)."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import status_page  # noqa: E402

LOCK = ROOT / "requirements-lock.txt"


def _requirements(path: Path) -> list[Requirement]:
    out = []
    for line in path.read_text().splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith(("#", "-")):
            out.append(Requirement(line))
    return out


def _all_pins() -> dict[str, set[str]]:
    """Every pin of the lock, whatever platform it is for: ``{name: {versions}}``."""
    pins: dict[str, set[str]] = {}
    for line in LOCK.read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split(";")[0].split("==")
            pins.setdefault(name.strip().lower(), set()).add(version.strip())
    return pins


@pytest.mark.parametrize("path", ["requirements.txt", "requirements-test.txt"])
def test_the_lock_pins_every_range(path):
    pins = _all_pins()
    for req in _requirements(ROOT / path):
        name = req.name.lower()
        assert name in pins, f"{path}: {req} is not in {LOCK.name}: run `make lock`"
        for version in pins[name]:
            assert req.specifier.contains(version, prereleases=True), \
                f"{LOCK.name} pins {name}=={version}, outside {path}'s {req}: run `make lock`"
    assert LOCK.read_text().splitlines()[2] == "-e ."  # the course's own package, editable


def test_the_lock_is_read_for_the_platform_of_the_tests():
    linux = status_page.locked_versions(LOCK)
    assert "tensorflow-cpu" in linux and "tensorflow" not in linux  # by requirements.txt's markers
    mac = status_page.locked_versions(LOCK, dict(status_page.PLATFORM, sys_platform="darwin",
                                                 platform_system="Darwin",
                                                 platform_machine="arm64"))
    assert "tensorflow" in mac and "tensorflow-cpu" not in mac
    assert "appnope" in mac and "appnope" not in linux


def test_the_environment_is_the_locked_one():
    """The versions installed here are the lock's, so nbval checks the stored outputs against
    the versions that made them. (In another environment: `make setup` installs the lock.)"""
    here = dict(default_environment())
    wrong = {}
    for name, version in status_page.locked_versions(LOCK, here).items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (version, installed)
    assert not wrong, f"installed versions differ from {LOCK.name} (locked, installed): {wrong}"
