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
    """The versions installed here are the lock's, so make test checks the stored outputs
    against the versions that made them. (In another environment: `make setup` installs the
    lock.)"""
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


# ---------------------------------------------------------------- nnbook's own dependencies
def _declared() -> dict[str, str]:
    """{distribution: where} for nnbook's dependencies and extras (pyproject.toml)."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    out = {Requirement(r).name.lower(): "dependencies" for r in project["dependencies"]}
    for extra, reqs in project["optional-dependencies"].items():
        for r in reqs:
            out.setdefault(Requirement(r).name.lower(), f"nnbook[{extra}]")
    return out


def test_every_import_of_nnbook_is_declared():
    """What nnbook imports comes with `pip install nnbook` or with one of its extras, and an
    extra's module is the one _optional.EXTRA names."""
    import ast

    from nnbook import _optional

    declared, dists = _declared(), metadata.packages_distributions()
    seen = {}
    for path in (ROOT / "src" / "nnbook").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "require"
                  and isinstance(node.args[0], ast.Constant)):
                names = [node.args[0].value]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "nnbook":
                    seen.setdefault(top, path.name)
    assert {"numpy", "matplotlib", "PIL", "keras", "sklearn", "ipywidgets"} <= set(seen)
    for top, where in seen.items():
        names = [d.lower() for d in dists.get(top, [top])]
        assert any(d in declared for d in names), f"{where} imports {top}, not declared"
        if top in _optional.EXTRA:
            assert declared[names[0]] == f"nnbook[{_optional.EXTRA[top]}]", top


@pytest.mark.parametrize("blocked, code, extra", [
    ("keras", "import nnbook.kerastools", "keras"),
    ("keras", "from nnbook.exercises import ch06", "keras"),
    ("keras", "from nnbook.exercises import ch07", "keras"),
    ("keras", "from nnbook.network import Network; Network([2, 1]).to_keras()", "keras"),
    ("sklearn", "from nnbook import datasets; datasets.load_digits()", "data"),
    ("sklearn", "from nnbook import datasets; datasets.moons(10)", "data"),
])
def test_a_missing_extra_is_named(blocked, code, extra):
    import subprocess

    res = subprocess.run([sys.executable, "-c", f"import sys; sys.modules[{blocked!r}] = None\n"
                          + code], capture_output=True, text=True)
    assert res.returncode == 1
    assert 'ImportError: ' in res.stderr and f'pip install "nnbook[{extra}]"' in res.stderr, \
        res.stderr[-800:]
