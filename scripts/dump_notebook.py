"""Print a notebook as plain text: each cell's 0-based index, type, tags, source and text outputs.

For reading a chapter against its outputs (reviews, claim checks) without Jupyter.
Images are shown as ``[image: alt text]``.

Usage: ``python scripts/dump_notebook.py notebooks/01_perceptrons.ipynb [--no-outputs]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def _output_text(out: dict) -> str:
    if out.get("output_type") == "stream":
        return _text(out.get("text", ""))
    if out.get("output_type") == "error":
        return f"{out.get('ename')}: {out.get('evalue')}"
    data = out.get("data", {})
    parts = []
    if "image/png" in data:
        parts.append("[image]")
    if "text/plain" in data and "image/png" not in data:
        parts.append(_text(data["text/plain"]))
    if "text/html" in data and "text/plain" not in data:
        parts.append("[html output]")
    return "\n".join(parts)


def dump(path: Path, outputs: bool = True) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    lines = [f"# {path}"]
    for i, cell in enumerate(nb["cells"]):
        meta = cell.get("metadata", {})
        tags = meta.get("tags", [])
        alt = meta.get("mystnb", {}).get("image", {}).get("alt")
        kind = cell["cell_type"]
        head = f"----- cell {i} [{kind}]"
        if tags:
            head += f" tags={','.join(tags)}"
        lines.append(head)
        lines.append(_text(cell.get("source", "")))
        if alt:
            lines.append(f"[alt text: {alt}]")
        if outputs and kind == "code":
            texts = [t for t in (_output_text(o) for o in cell.get("outputs", [])) if t]
            if texts:
                lines.append(">>> output:")
                lines.append("\n".join(t.rstrip("\n") for t in texts))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--no-outputs", action="store_true")
    args = parser.parse_args(argv)
    for path in args.paths:
        print(dump(path, outputs=not args.no_outputs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
