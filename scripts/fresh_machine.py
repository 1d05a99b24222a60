"""Prove the README's two commands work from nothing: clone, `make book`, `make test`.

Usage: ``python3 scripts/fresh_machine.py [REPO] [--keep]``. It clones REPO (default: this
repository's committed HEAD, not the working tree) into a new temporary folder, so nothing
installed or built here is reused: no ``.venv``, no ``_build``, no ``_mathjax``. Then it runs
``make book`` and ``make test`` there, exactly as the README says, and prints each
command's result and wall time, and the stage times ``make test`` reports. The folder is
removed at the end unless ``--keep``. Exit status: 0 when both commands succeeded.

It needs what the README needs: Python 3.11, ``make``, ``git``, ``npm`` and the package
registries (and Debian's chromium for the browser test, which ``make test`` installs with
apt when run as root).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(command: list[str], cwd: Path, log: Path) -> tuple[int, float]:
    start = time.perf_counter()
    with log.open("w") as out:
        code = subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT).returncode
    return code, time.perf_counter() - start


def main(argv: list[str]) -> int:
    keep = "--keep" in argv
    repo = next((a for a in argv if not a.startswith("--")), str(ROOT))
    folder = Path(tempfile.mkdtemp(prefix="nnbook-fresh-"))
    clone = folder / "main"
    print(f"cloning {repo} into {clone}")
    subprocess.run(["git", "clone", "-q", repo, str(clone)], check=True)
    head = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=clone, check=True,
                          capture_output=True, text=True).stdout.strip()
    print(f"at {head}")
    ok = True
    for target in ("book", "test"):
        log = folder / f"make-{target}.log"
        code, seconds = run(["make", target], clone, log)
        ok &= code == 0
        print(f"make {target}: {'succeeded' if code == 0 else f'FAILED (exit {code})'} in "
              f"{seconds / 60:.1f} min ({seconds:.0f} s); log {log}")
        if code:
            print("".join(log.read_text().splitlines(keepends=True)[-30:]))
            break
    stages = clone / "_build" / "stage-times.txt"
    if stages.exists():
        print("make test stage times:\n" + stages.read_text().rstrip())
    if keep or not ok:
        print(f"kept {folder}")
    else:
        shutil.rmtree(folder)
    print("fresh machine check:", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
