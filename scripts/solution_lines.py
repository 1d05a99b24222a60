"""Lines of `solutions/*.ipynb` inside and outside nbgrader's marked regions."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BEGIN = re.compile(r"^\s*#+\s*BEGIN\s+(SOLUTION|HIDDEN\s+TESTS)\s*$", re.IGNORECASE)
END = re.compile(r"^\s*#+\s*END\s+(SOLUTION|HIDDEN\s+TESTS)\s*$", re.IGNORECASE)


def _split(paths=None) -> tuple[set[str], set[str]]:
    paths = paths or sorted((ROOT / "solutions").glob("*.ipynb"))
    inside_lines, outside_lines = set(), set()
    for path in paths:
        for cell in nbformat.read(path, as_version=4).cells:
            inside = False
            for line in cell.source.splitlines():
                if BEGIN.match(line):
                    inside = True
                elif END.match(line):
                    inside = False
                elif line.strip():
                    (inside_lines if inside else outside_lines).add(line.strip())
    return inside_lines, outside_lines


def solution_lines(paths=None) -> set[str]:
    """Stripped, non-blank lines between BEGIN and END markers."""
    return _split(paths)[0]


def scaffold_lines(paths=None) -> set[str]:
    """Lines outside the markers: given to students on purpose (e.g. a `def` line)."""
    return _split(paths)[1]
