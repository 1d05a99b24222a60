"""The course's one repository address, and everything derived from it.

``_config.yml``'s ``repository: url:`` is the address. Jupyter Book makes the launch buttons
(Colab, Binder, Live Code) and the repository button from it. The other places that name it are
checked here, and rewritten by ``--set``:

* the set-up cell of every notebook in ``notebooks/``, ``solutions/`` and ``exercises/``
  (``pip install "nnbook @ git+ADDRESS"`` when ``nnbook`` is missing, as in Colab);
* the instructors' page and "How to run" (``git clone ADDRESS nn-course``: a folder name that
  does not depend on the address);
* the README (the address and the published site, ``https://OWNER.github.io/NAME/``, where the
  GitHub Actions workflow publishes the book).

Usage:
  ``python scripts/address.py``            check: print the address, exit 1 on any disagreement
  ``python scripts/address.py --set URL``  a fork: rewrite every place to ``URL``
                                           (``https://github.com/OWNER/NAME``)

Only GitHub addresses: Colab and Binder open notebooks from GitHub by its address.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
URL = re.compile(r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)")
CONFIG_LINE = re.compile(r"^(\s+url:\s*)(\S+)\s*$", re.M)
NOTEBOOK_DIRS = ("notebooks", "solutions", "exercises")


def address(root: Path = ROOT) -> str:
    """The address in ``_config.yml`` (the first ``url:`` line, under ``repository:``)."""
    text = (root / "_config.yml").read_text()
    block = text.split("\nrepository:", 1)
    match = CONFIG_LINE.search(block[1]) if len(block) == 2 else None
    if match is None:
        raise ValueError("_config.yml has no `repository:` block with a `url:`")
    return match.group(2)


def site(url: str) -> str:
    """Where GitHub Pages publishes the book of the repository ``url``."""
    owner, name = _parse(url)
    return f"https://{owner.lower()}.github.io/{name}/"


def _parse(url: str) -> tuple[str, str]:
    match = URL.fullmatch(url) if isinstance(url, str) else None
    if match is None:
        raise ValueError(f"url must be a GitHub repository address, "
                         f"https://github.com/OWNER/NAME; got {url!r}")
    return match.group(1), match.group(2)


def places(root: Path = ROOT) -> dict[Path, list[str]]:
    """Each file that names the address, with the texts it must contain."""
    url = address(root)
    need = {root / "book" / "instructors.md": [f"git clone {url} nn-course"],
            root / "README.md": [url, site(url)],
            root / "book" / "how_to_run.md": [f"git clone {url} nn-course\ncd nn-course"]}
    for folder in NOTEBOOK_DIRS:
        for path in sorted((root / folder).glob("[0-9][0-9]_*.ipynb")):
            need[path] = [f"nnbook @ git+{url}"]
    return need


def problems(root: Path = ROOT) -> list[str]:
    """Every place that disagrees with ``_config.yml``'s address (empty: all agree)."""
    url = address(root)
    _parse(url)
    out = []
    for path, texts in places(root).items():
        text = path.read_text()
        for want in texts:
            if want not in text:
                out.append(f"{path.relative_to(root)}: lacks {want!r}")
        # Any other address installed or cloned from is a leftover (of a fork, say).
        for found in re.findall(r"(?:git\+|git clone )(" + URL.pattern + ")", text):
            if found[0] != url:
                out.append(f"{path.relative_to(root)}: names {found[0]}, not {url}")
    return sorted(set(out))


def set_address(new: str, root: Path = ROOT) -> list[Path]:
    """Rewrite every place to the address ``new``; returns the files changed."""
    _parse(new)
    old = address(root)
    changed = []
    config = root / "_config.yml"
    head, tail = config.read_text().split("\nrepository:", 1)
    config.write_text(head + "\nrepository:" + CONFIG_LINE.sub(
        lambda m: m.group(1) + new, tail, count=1))
    changed.append(config)
    for path in places(root):
        text = path.read_text()
        # The published site first: it contains neither address as a substring.
        # (not where the old address goes on: ".../course-2" or ".../course.v2")
        updated = re.sub(re.escape(old) + r"(?![A-Za-z0-9_/-]|\.[A-Za-z0-9])", new,
                         text.replace(site(old), site(new)))
        if updated != text:
            path.write_text(updated)
            changed.append(path)
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", metavar="URL", help="a new address, https://github.com/OWNER/NAME")
    args = parser.parse_args(argv)
    try:
        if args.set:
            changed = set_address(args.set)
            print(f"address {args.set}: rewrote {len(changed)} files")
        found = problems()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"address {address()}; published site {site(address())}")
    for line in found:
        print(f"  {line}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
