"""The notebooks on other stacks: Colab's preinstalled versions, and the lowest versions our
requirements allow (``make compat``).

``python scripts/compat.py colab``
    A new virtual environment with Python 3.12 and exactly the versions of
    ``tests/envs/colab.txt``. ``nnbook`` is then installed the way every notebook's set-up cell
    installs it in Colab (``pip install "nnbook @ git+URL"``), with this checkout's committed
    ``HEAD`` as the URL (``git+file://...``). Every chapter and solutions notebook is executed,
    and its text outputs are compared with the stored ones (nbval's rules: the sanitising
    patterns of ``tests/nbval_sanitize.cfg``, images not compared). Any error fails the check;
    a difference in text fails it unless ``KNOWN`` explains it. The widgets' Python side
    (build each live explorer, move it, render its PNG) runs on Colab's ipywidgets too.
``python scripts/compat.py lowest``
    Python 3.11 and the lowest versions ``requirements.txt``, ``requirements-test.txt`` and
    ``pyproject.toml`` allow (``uv pip install --resolution lowest-direct``). The unit tests run
    and every notebook is executed; only errors fail the check (outputs may differ).

Environments live in ``_build/compat/<stack>/`` and are reused by a later run (delete the
folder to start again). The Python of each stack comes from ``$PYTHON312`` / ``$PYTHON311``,
else from ``python3.12`` / ``python3.11`` on ``PATH`` or pyenv's versions; a fresh machine gets
it from its system's packages or pyenv. The packages come from the package registry only.
"""

from __future__ import annotations

import argparse
import configparser
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "compat"
COLAB = ROOT / "tests" / "envs" / "colab.txt"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + \
    sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
SKIP = {"metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
        "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg"}

#: Differences on Colab's stack that are explained: {(notebook, a piece of the cell's source
#: found in that one cell only): reason}. (A piece of source, not a cell index, so that adding
#: cells above does not unexplain them; :func:`known_reason` refuses a piece that finds no cell
#: or several.) Every chapter's claim checks pass on both stacks; the text reads these digits at
#: most as an order of magnitude, chapter 3's "about 1e-7", or a ratio, chapter 7's "about 3".
KNOWN: dict[tuple[str, str], str] = {
    ("notebooks/02_activations.ipynb",
     '"identity": (act.identity(z), keras.activations.linear(z))'):
        "tanh against TensorFlow's: the largest difference is 1.1e-16 instead of 5.6e-16, one "
        "rounding step of float64 in another TensorFlow and NumPy; both rows say 'agree'",
    ("notebooks/03_costs.ipynb", "Y_reg, P_reg = gen.normal(size=(6, 3))"):
        "binary cross-entropy's gradient against TensorFlow 2.19's: 1e-07 instead of 9e-08, "
        "float32 rounding in another TensorFlow; the text says 'about 1e-7', checked on both",
    ("notebooks/06_keras.ipynb", "kt.playground_scrubber()"):
        "the playground scrubber's frame '2 x 8 tanh, adam lr 0.3' (a setting the text "
        "suggests trying) ends at training loss 0.248, test accuracy 0.900 after Keras 3.10's "
        "training (ours: 0.159, 0.960), and so the scrubber's id, a hash of its texts, "
        "differs; the text reads none of these numbers",
    ("notebooks/07_training_in_practice.ipynb",
     "# kt.regularization_run trains this same 64 + 64 network"):
        "the L1 row after Keras 3.10's training: 22% of the weights near 0, 4 dead units, 20 "
        "in live units (ours: 24%, 5, 21): another training outcome, with one unit dead here "
        "and alive there and weights on either side of |w| < 1e-3; the text reads only the "
        "ratio to L2's (about 3: 21/7 here, 20/7 there, checked on both)",
}


#: Lines taken out of stderr before comparing, with the reason. Colab's `tensorflow` (the CUDA
#: build; ours is `tensorflow-cpu`) logs these on import, whatever TF_CPP_MIN_LOG_LEVEL says:
#: harmless, and nothing nnbook can quiet short of redirecting the process's stderr.
TF_NOISE = re.compile(r"^(WARNING: All log messages before absl::InitializeLog\(\).*"
                      r"|[EW]\d{4} [\d:. ]+\d+ (cuda_\w+|computation_placer)\.cc:\d+\].*"
                      r"|\d{4}-\d\d-\d\d [\d:.]+: E \S+/cuda_\w+\.cc:\d+\].*)\n?", re.M)

# Runs inside the stack's environment: execute one notebook in a kernel of that environment.
RUNNER = r"""
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
               resources={"metadata": {"path": sys.argv[3]}}).execute()
nbformat.write(nb, sys.argv[2])
"""

# Runs inside the environment: every live explorer built, moved, and drawn.
WIDGETS = r"""
import ipywidgets, matplotlib
matplotlib.use("Agg")
from nnbook import kerastools, widgets
problems = []
for make in (widgets.gate_explorer, widgets.activation_explorer, widgets.cost_explorer,
             widgets.descent_explorer, widgets.backprop_explorer,
             kerastools.playground_explorer, kerastools.regularization_explorer):
    explorer = make()
    bundle = explorer._repr_mimebundle_()
    if "application/vnd.jupyter.widget-view+json" not in bundle:
        problems.append(f"{make.__name__}: no live widget in its display (only the static PNG)")
    controls, out = explorer.widget.children[0].children, explorer.widget.children[1]
    for n, control in enumerate(controls):  # every control moves without an error; the
        before = [dict(o) for o in out.outputs]  # first one must change the figure and text
        options = getattr(control, "options", None)
        if options:
            values = [o[1] if isinstance(o, tuple) else o for o in options]
            control.value = values[(values.index(control.value) + 1) % len(values)]
        else:
            control.value = control.max if control.value != control.max else control.min
        after = [dict(o) for o in out.outputs]
        png = [o["data"]["image/png"] for o in after if o["output_type"] == "display_data"]
        if not png or len(png[0]) < 1000 or (n == 0 and after == before):
            problems.append(f"{make.__name__}: moving {control.description!r} did not redraw")
    print(f"{make.__name__}: {len(controls)} controls moved")
print("ipywidgets", ipywidgets.__version__)
for p in problems:
    print("PROBLEM", p)
raise SystemExit(1 if problems else 0)
"""


def find_python(version: str) -> str:
    env = os.environ.get("PYTHON" + version.replace(".", ""))
    candidates = [env] if env else []
    pyenv = Path.home() / ".pyenv" / "versions"
    candidates += [str(p / "bin" / "python") for p in sorted(pyenv.glob(f"{version}.*"))]
    candidates.append(shutil.which(f"python{version}"))  # (a pyenv shim may not run)
    for c in candidates:
        if c and subprocess.run([c, "-c", "pass"], capture_output=True).returncode == 0:
            return c
    raise SystemExit(f"no Python {version}: install it (pyenv install {version}, or your "
                     f"system's python{version}), or set PYTHON{version.replace('.', '')}")


def run(args, **kwargs) -> subprocess.CompletedProcess:
    res = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    if res.returncode:
        raise SystemExit(f"`{' '.join(map(str, args))}` failed ({res.returncode}):\n"
                         f"{(res.stdout + res.stderr)[-3000:]}")
    return res


def uv() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if not found:
        raise SystemExit("no uv: `make setup` installs it (requirements-test.txt)")
    return found


def setup_cell_url(path: Path) -> str:
    """The URL the notebook's set-up cell installs nnbook from."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        match = re.search(r'"nnbook @ (git\+\S+?)"', cell.source)
        if match:
            return match.group(1)
    raise ValueError(f"{path.name}: no set-up cell installing nnbook")


def make_env(stack: str, venv: Path) -> Path:
    """Create the stack's environment (once); return its python."""
    python = venv / "bin" / "python"
    if (venv / ".ready").exists():
        return python
    shutil.rmtree(venv, ignore_errors=True)
    version = "3.12" if stack == "colab" else "3.11"
    run([uv(), "venv", "--seed", "-q", "--python", find_python(version), venv])
    base = [uv(), "pip", "install", "-q", "--python", python]
    if stack == "colab":
        run([*base, "-r", COLAB, "nbclient", "ipykernel"])
    else:
        run([*base, "--resolution", "lowest-direct", "-r", ROOT / "requirements.txt",
             "-r", ROOT / "requirements-test.txt"], cwd=ROOT)
    (venv / ".ready").write_text("")
    return python


def install_nnbook(python: Path) -> None:
    """On every run: nnbook as the set-up cell installs it in Colab (the same pip command and
    requirement), with this checkout's committed HEAD for the repository's URL."""
    url = setup_cell_url(NOTEBOOKS[0])
    local = f"git+file://{ROOT}"
    run([python, "-m", "pip", "uninstall", "-q", "-y", "nnbook"])
    run([python, "-m", "pip", "install", "-q", f"nnbook @ {local}"])
    head = run(["git", "-C", ROOT, "log", "-1", "--format=%h"]).stdout.strip()
    print(f"  nnbook installed as the set-up cell does ({url} -> {local}, commit {head})")


def versions(python: Path) -> str:
    code = ("import importlib.metadata as m, platform\n"
            "names = ['tensorflow', 'tensorflow-cpu', 'keras', 'numpy', 'scipy', 'scikit-learn',"
            " 'pandas', 'matplotlib', 'ipywidgets', 'ipykernel', 'nnbook']\n"
            "out = ['Python ' + platform.python_version()]\n"
            "for n in names:\n"
            "    try: out.append(n + ' ' + m.version(n))\n"
            "    except m.PackageNotFoundError: pass\n"
            "print(', '.join(out))")
    return run([python, "-c", code]).stdout.strip()


def sanitizers() -> list[tuple[re.Pattern, str]]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "tests" / "nbval_sanitize.cfg")
    return [(re.compile(cfg[s]["regex"]), cfg[s]["replace"]) for s in cfg.sections()]


def flatten(outputs, subs, noise=TF_NOISE) -> dict[str, list]:
    """nbval's view of a cell's outputs: {key: [sanitised values]}, with nbval's own merging
    of the streams (all of one name into one text, keyed by the stream's name); ``noise``:
    lines taken out of stderr first (None: none)."""
    from nbval.plugin import coalesce_streams, transform_streams_for_comparison

    def clean(value):
        if isinstance(value, list):
            value = "".join(value)
        if isinstance(value, str):
            for pattern, replace in subs:
                value = pattern.sub(replace, value)
        return value
    outputs = [copy.deepcopy(o) for o in outputs]
    for o in outputs:
        if noise is not None and o.get("output_type") == "stream" and o.get("name") == "stderr":
            o["text"] = noise.sub("", "".join(o["text"]))
    if noise is not None:  # a stream that held only noise is gone too
        outputs = [o for o in outputs if o.get("output_type") != "stream" or o["text"]]
    out = {}
    for o in transform_streams_for_comparison(coalesce_streams(outputs)):
        for key, value in o.items():
            if key in SKIP:
                continue
            if key == "data":
                for mime, v in value.items():
                    if mime not in SKIP:
                        out.setdefault(mime, []).append(clean(v))
            else:
                out.setdefault(key, []).append(clean(value))
    return out


def execute(python: Path, path: Path, out: Path) -> tuple[Path, float]:
    target = out / path.parent.name / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    env = dict(os.environ, PYTHONUNBUFFERED="1")  # the kernel's own (inline) Matplotlib
    for name in ("PYTHONPATH", "MPLBACKEND"):
        env.pop(name, None)
    run([python, "-c", RUNNER, path, target, path.parent], env=env)
    return target, time.perf_counter() - start


def known_reason(name: str, cells, index: int) -> str | None:
    """The reason ``KNOWN`` gives for a difference in cell ``index`` of notebook ``name`` (its
    stored ``cells``), or None. Each of the notebook's ``KNOWN`` pieces must find exactly one
    cell: a piece that finds none or several is an error, naming it."""
    for (notebook, piece), reason in KNOWN.items():
        if notebook != name:
            continue
        found = [i for i, c in enumerate(cells) if c.cell_type == "code" and piece in c.source]
        if len(found) != 1:
            raise ValueError(f"compat.KNOWN: the piece {piece!r} finds {len(found)} cells of "
                             f"{name}, not one")
        if found[0] == index:
            return reason
    return None


def compare(stored: Path, executed: Path, texts: bool,
            noise=TF_NOISE) -> tuple[list[str], list[str]]:
    """(errors, differences) of the executed notebook against the stored one (``noise``: see
    :func:`flatten`)."""
    subs = sanitizers()
    name = f"{stored.parent.name}/{stored.name}"
    a = nbformat.read(stored, as_version=4).cells
    b = nbformat.read(executed, as_version=4).cells
    errors, diffs = [], []
    for i, (old, new) in enumerate(zip(a, b, strict=True)):
        if new.cell_type != "code":
            continue
        for o in new.outputs:
            if o.output_type == "error":
                errors.append(f"{stored.parent.name}/{stored.name} cell {i}: {o.ename}: "
                              f"{o.evalue[:300]}")
        if texts:
            was, now = flatten(old.outputs, subs, noise), flatten(new.outputs, subs, noise)
            if was != now:
                why = known_reason(name, a, i)
                diffs.append(f"{name} cell {i}" + (f" (known: {why})" if why else "") +
                             f":\n    stored:   {json.dumps(was)[:600]}\n"
                             f"    executed: {json.dumps(now)[:600]}")
    return errors, diffs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stack", choices=["colab", "lowest"])
    parser.add_argument("--notebooks", nargs="*", type=Path, help="default: all 14")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    venv = OUT / args.stack / "venv"
    python = make_env(args.stack, venv)
    if args.stack == "colab":
        install_nnbook(python)
    print(f"{args.stack}: {versions(python)} ({time.perf_counter() - start:.0f} s to set up)")
    failed = False
    if args.stack == "lowest":
        # (not the test that the environment is the locked one: here it is not, by design)
        res = subprocess.run([python, "-m", "pytest", "tests", "-q", "-n", "2",
                              "--dist", "loadgroup", "-m", "not grading", "-p", "no:cacheprovider",
                              "--deselect",
                              "tests/test_environment.py::test_the_environment_is_the_locked_one"],
                             cwd=ROOT, capture_output=True, text=True,
                             env=dict(os.environ, MPLBACKEND="Agg"))
        print("  unit tests: " + (res.stdout.strip().splitlines() or ["?"])[-1])
        failed |= res.returncode != 0
        if res.returncode:
            print("\n".join(line for line in res.stdout.splitlines()
                            if line.startswith(("FAILED", "ERROR", "E   ")))[-6000:])
    else:
        res = subprocess.run([python, "-c", WIDGETS], capture_output=True, text=True,
                             env=dict(os.environ, MPLBACKEND="Agg"))
        shown = res.stdout + (TF_NOISE.sub("", res.stderr) if res.returncode else "")
        print("  widgets: " + shown.strip().replace("\n", "; ")[-1500:])
        failed |= res.returncode != 0
    paths = [p.resolve() for p in args.notebooks] if args.notebooks else NOTEBOOKS
    out = OUT / args.stack / "executed"
    with ThreadPoolExecutor(2) as pool:
        done = list(pool.map(lambda p: (p, *execute(python, p, out)), paths))
    unexplained = 0
    for path, executed, seconds in done:
        errors, diffs = compare(path, executed, texts=args.stack == "colab")
        print(f"  {path.parent.name}/{path.name}: {seconds:.0f} s, {len(errors)} errors, "
              f"{len(diffs)} text differences")
        for line in errors + diffs:
            print("    " + line)
        failed |= bool(errors)
        unexplained += sum("(known:" not in d for d in diffs)
    failed |= unexplained > 0
    print(f"{args.stack}: {'FAILED' if failed else 'ok'} in {time.perf_counter() - start:.0f} s"
          f" ({unexplained} unexplained text differences)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
