"""Lines of `solutions/*.ipynb` inside and outside nbgrader's marked regions."""

from __future__ import annotations

from pathlib import Path

import nbformat

from nnbook.assignments import MARKER

ROOT = Path(__file__).resolve().parents[1]


def _split(paths=None) -> tuple[set[str], set[str]]:
    paths = paths or sorted((ROOT / "solutions").glob("*.ipynb"))
    inside_lines, outside_lines = set(), set()
    for path in paths:
        for cell in nbformat.read(path, as_version=4).cells:
            inside = False
            for line in cell.source.splitlines():
                if m := MARKER.match(line):
                    inside = m.group(1).upper() == "BEGIN"
                elif line.strip():
                    (inside_lines if inside else outside_lines).add(line.strip())
    return inside_lines, outside_lines


def solution_lines(paths=None) -> set[str]:
    """Stripped, non-blank lines between BEGIN and END markers."""
    return _split(paths)[0]


def scaffold_lines(paths=None) -> set[str]:
    """Lines outside the markers: given to students on purpose (e.g. a `def` line)."""
    return _split(paths)[1]
