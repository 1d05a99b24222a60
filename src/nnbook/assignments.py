"""One source for every exercise: nbgrader's markers in ``solutions/NN_topic.ipynb``.

An author writes only the markers (``### BEGIN SOLUTION`` ... ``### END SOLUTION`` around an
answer, ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` around the autograder's asserts)
and a question heading ``## Qk. Title (N points)``. From them this module derives

* the student's stub for each answer (:func:`strip_source`), used by ``make exercises`` and by
  the nbgrader release (:mod:`nnbook.grading`), so both give students the same code;
* the nbgrader cell metadata of the solutions notebook (:func:`nbgrader_metadata`): answer
  cells are solution cells, check cells are autograded test cells worth the heading's points,
  instructions and given code are read-only, and the hint cells stay free to edit.

It needs only the standard library, so ``make exercises`` does not need nbgrader.
"""

from __future__ import annotations

import ast
import re
import textwrap

MARKER = re.compile(r"^\s*#+\s*(BEGIN|END)\s+(SOLUTION|HIDDEN\s+TESTS)\s*$", re.IGNORECASE)
# nbgrader's markers (solution, hidden tests, mark scheme) and otter-grader's block markers
# (question, tests, prompt, "# SOLUTION NO PROMPT"), in any case, with spaces, tabs, underscores
# or hyphens: what must never reach a student notebook or the web site.
ANY_MARKER = re.compile(r"(?i)(?<![\w-])(begin|end)[\s_-]*(hidden[\s_-]*)?"
                        r"(solution|tests?|question|prompt|mark[\s_-]*scheme)\b"
                        r"|#\s*solution[\s_-]+no[\s_-]+prompt")
QUESTION = re.compile(r"^##\s+Q(\d+)\.\s+(.*?)\s+\((\d+) points?\)\s*$")
HINT_CELL = "# Stuck? Uncomment a line and run the cell."
NBGRADER_SCHEMA = 3


class MarkerError(ValueError):
    pass


def _stub(region: list[str], indent: str) -> list[str]:
    if indent:  # inside a function body
        return [f"{indent}# YOUR CODE HERE",
                f'{indent}raise NotImplementedError("Write this part, then run the check below")']
    try:
        tree = ast.parse(textwrap.dedent("\n".join(region)))
    except SyntaxError as exc:
        raise MarkerError(f"the solution region does not parse: {exc}") from None
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id not in names:
                    names.append(n.id)
    return ["# YOUR CODE HERE"] + [f"{n} = ...  # replace ... with your answer" for n in names]


def strip_source(source: str, where: str, hidden_tests: bool = True) -> str:
    """Replace solution regions by stubs in one cell's source, and drop hidden tests.

    With ``hidden_tests=False`` hidden-test regions are kept as they are (nbgrader stores them
    for autograding and removes them itself, after the solutions).
    """
    out, region, kind, indent = [], None, None, ""
    for line in source.splitlines():
        m = MARKER.match(line)
        if m:
            edge, what = m.group(1).upper(), m.group(2).upper().split()[0]
            if edge == "BEGIN":
                if region is not None:
                    raise MarkerError(f"{where}: BEGIN {what} inside an open {kind} region")
                region, kind, indent = [], what, line[: len(line) - len(line.lstrip())]
                if what == "HIDDEN" and not hidden_tests:
                    out.append(line)
            else:
                if kind != what:
                    raise MarkerError(f"{where}: END {what} without a matching BEGIN")
                if kind == "SOLUTION":
                    out.extend(_stub(region, indent))
                elif not hidden_tests:
                    out.extend(region + [line])
                region, kind = None, None
        elif ANY_MARKER.search(line) and line.lstrip().startswith("#"):
            raise MarkerError(f"{where}: unrecognised marker line {line.strip()!r}")
        elif region is not None:
            region.append(line)
        else:
            out.append(line)
    if region is not None:
        raise MarkerError(f"{where}: {kind} region is never closed")
    return "\n".join(out).rstrip("\n")


def _kinds(source: str) -> set[str]:
    return {m.group(2).upper().split()[0] for line in source.splitlines()
            if (m := MARKER.match(line))}


def nbgrader_metadata(nb, where: str) -> list[dict | None]:
    """The nbgrader metadata each cell of a solutions notebook must carry (None: no metadata).

    Raises :class:`MarkerError` when the notebook does not have the course's shape: every
    question is a heading ``## Qk. Title (N points)``, numbered 1, 2, ... in order, with one answer
    cell (solution markers) and, after it, one check cell (hidden tests). Other cells of a
    question (given code, the hint cell) may come anywhere in it.
    """
    metas, question, seen = [], None, {}
    for i, cell in enumerate(nb.cells):
        here = f"{where} cell {i}"
        if cell.cell_type != "code":
            if _kinds(cell.source):
                raise MarkerError(f"{here}: solution markers are only allowed in code cells")
            heading = cell.source.splitlines()[0] if cell.source else ""
            if re.match(r"##\s+Q\d", heading):
                m = QUESTION.match(heading)
                if not m:
                    raise MarkerError(f"{here}: a question heading must read "
                                      f"'## Qk. Title (N points)'; got {heading!r}")
                question = int(m.group(1))
                if question in seen:
                    raise MarkerError(f"{here}: Q{question} appears twice")
                seen[question] = {"points": int(m.group(3)), "answer": 0, "check": 0}
            metas.append(_meta(f"{_qid(question)}text-{i}", locked=True))
            continue
        kinds = _kinds(cell.source)
        if kinds and question is None:
            raise MarkerError(f"{here}: a marked cell before the first question heading")
        if kinds == {"SOLUTION"}:
            seen[question]["answer"] += 1
            metas.append(_meta(f"q{question}-answer", solution=True))
        elif kinds == {"HIDDEN"}:
            if seen[question]["answer"] == 0:
                raise MarkerError(f"{here}: Q{question}'s check cell comes before its answer")
            seen[question]["check"] += 1
            metas.append(_meta(f"q{question}-check", grade=True, locked=True,
                               points=seen[question]["points"]))
        elif kinds:
            raise MarkerError(f"{here}: an answer and its hidden tests share a cell")
        elif cell.source.startswith(HINT_CELL):
            metas.append(None)  # students uncomment hint lines: left editable
        else:
            metas.append(_meta(f"{_qid(question)}given-{i}", locked=True))
    for q, counts in seen.items():
        if counts["answer"] != 1 or counts["check"] != 1:
            raise MarkerError(f"{where}: Q{q} needs one answer cell and one check cell; it has "
                              f"{counts['answer']} and {counts['check']}")
    if list(seen) != list(range(1, len(seen) + 1)):
        raise MarkerError(f"{where}: questions must be numbered Q1, Q2, ... in order")
    return metas


def _qid(question) -> str:
    return "intro-" if question is None else f"q{question}-"


def _meta(grade_id, *, solution=False, grade=False, locked=False, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked,
            "schema_version": NBGRADER_SCHEMA, "solution": solution}
    if points is not None:
        meta["points"] = points
    return meta


def points(nb, where: str = "notebook") -> dict[str, int]:
    """Points per question, ``{"Q1": 1, ...}``, read from the headings."""
    out = {}
    for cell in nb.cells:
        heading = cell.source.splitlines()[0] if cell.cell_type == "markdown" and cell.source \
            else ""
        if (m := QUESTION.match(heading)):
            out[f"Q{m.group(1)}"] = int(m.group(3))
    if not out:
        raise MarkerError(f"{where}: no question headings '## Qk. Title (N points)'")
    return out


def with_nbgrader_metadata(nb, where: str):
    """Set each cell's ``metadata.nbgrader`` from the markers (in place); return ``nb``."""
    for cell, meta in zip(nb.cells, nbgrader_metadata(nb, where), strict=True):
        if meta is None:
            cell.metadata.pop("nbgrader", None)
        else:
            cell.metadata["nbgrader"] = meta
    return nb
