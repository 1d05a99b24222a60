"""One repository address (``_config.yml``) and the places that follow it; the GitHub Actions
workflow that tests and publishes the book."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import address  # noqa: E402

WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"


def test_every_place_follows_the_address():
    url = address.address()
    assert url == yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    assert address.problems() == []
    # every notebook that students open installs nnbook from it
    assert len([p for p in address.places() if p.suffix == ".ipynb"]) == 21


def _copy(tmp_path: Path) -> Path:
    for rel in ("_config.yml", "README.md", "book/instructors.md", "book/how_to_run.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    for folder in address.NOTEBOOK_DIRS:
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def test_a_fork_changes_the_address_with_one_command(tmp_path):
    root = _copy(tmp_path)
    old, new = address.address(root), "https://github.com/a-teacher/nn-course-2027"
    before = {p: p.read_text() for p in address.places(root)}
    changed = address.set_address(new, root)
    assert address.address(root) == new and address.problems(root) == []
    assert set(changed) == {root / "_config.yml", *before}  # every place, nothing else
    for path, text in before.items():  # only the address changed: outputs, cells untouched
        assert path.read_text().replace(new, old).replace(
            address.site(new), address.site(old)) == text, path.name
    assert "https://a-teacher.github.io/nn-course-2027/" in (root / "README.md").read_text()
    # A place that falls out of step is named.
    nb = root / "notebooks" / "03_costs.ipynb"
    nb.write_text(nb.read_text().replace(new, old))
    assert address.problems(root) == [
        f"notebooks/03_costs.ipynb: lacks 'nnbook @ git+{new}'",
        f"notebooks/03_costs.ipynb: names {old}, not {new}"]


@pytest.mark.parametrize("bad", ["https://gitlab.com/a/b", "github.com/a/b", "https://github.com/a",
                                 None])
def test_the_address_must_be_a_github_repository(tmp_path, bad):
    root = _copy(tmp_path)
    with pytest.raises(ValueError, match="url must be a GitHub repository address"):
        address.set_address(bad, root)
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "address.py"), "--set",
                          str(bad)], capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode == 2 and "error: url must be" in res.stderr
    assert address.problems() == []  # the checkout itself is untouched


def test_the_workflow_tests_and_publishes_the_book():
    flow = yaml.safe_load(WORKFLOW.read_text())
    test, publish = flow["jobs"]["test"], flow["jobs"]["publish"]
    runs = [s.get("run", "") for s in test["steps"]]
    readme = (ROOT / "README.md").read_text()
    assert "make test" in runs and "make test   # " in readme  # the README's test command
    assert "python:3.11" in test["container"]  # the Python of runtime.txt and the lock
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    upload = next(s for s in test["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "_build/html"
    assert publish["needs"] == "test" and "refs/heads/main" in publish["if"]
    assert any("deploy-pages" in s.get("uses", "") for s in publish["steps"])
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_workflow_check_fails_on_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    no_runner = WORKFLOW.read_text().replace("runs-on: ubuntu-latest\n    timeout", "timeout")
    broken.write_text(no_runner)
    check = [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
             "vendor.github-workflows"]
    assert subprocess.run([*check, str(WORKFLOW)], capture_output=True).returncode == 0
    res = subprocess.run([*check, str(broken)], capture_output=True, text=True)
    assert res.returncode == 1 and "runs-on" in res.stdout
