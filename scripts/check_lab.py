"""Chapters and an exercise in a real JupyterLab 4, driven from Chromium as a student would.

JupyterLab is started from `.venv` on 127.0.0.1, on a free port, with a random token, in a
copy of `notebooks/` and `exercises/` (under `_build/lab/`), and stopped at the end whatever
happens. It runs without nbgrader's extensions (Binder installs `requirements.txt`, which has
no nbgrader) and without the "Jupyter news" question. Playwright drives Debian's
`/usr/bin/chromium`, as `check_browser.py` does. For every chapter it:

* opens the notebook, runs all cells (JupyterLab's own "Run All Cells" command; two chapters
  at a time, longest first) and saves it;
* requires no error output, and the same text outputs as the stored notebook, compared by
  nbval's rules (`compat.compare`: nbval's stream merging and `tests/nbval_sanitize.cfg`), so
  `make test` runs nbval itself on `solutions/` only;
* then, with no other kernel busy, finds each live explorer (an ipywidgets box of controls,
  figure and text), requires all its controls shown (each a slider or a menu) with whole
  labels, and moves each control one step from the keyboard and back: each step must change
  the explorer's image and text, redrawn by the kernel, within 2 s. A step to a new setting of
  a Keras explorer may take 15 s: it trains a model first (the step back, to a setting already
  shown, has the 2 s). A control disabled because it changes nothing in this state (leaky
  ReLU's slope) is first enabled through the explorer's menus;
* saves a screenshot of each explorer after the step of its last control, before the step
  back, in `_build/screenshots/lab/`.

Then it opens `exercises/01_perceptrons.ipynb`, runs all cells, types a wrong answer to Q1
into the answer cell and runs it and its check (Shift+Enter twice): the check must print
"❌ Wrong"; then the right answer (read from `solutions/`): "✅ Correct".

Exits 1 on any problem, after printing every one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compat  # noqa: E402  (nbval's comparison rules)
from check_browser import CHROMIUM  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "lab"
SHOTS = ROOT / "_build" / "screenshots" / "lab"
BIN = Path(sys.executable).parent
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EXERCISE = ROOT / "exercises" / "01_perceptrons.ipynb"
WRONG_Q1 = "w_nand = (1, 1)\nb_nand = -1.5"  # AND's weights: wrong for NAND
MOVE_LIMIT = 2.0  # seconds for the kernel to redraw an explorer after a move
#: A Keras explorer trains a model for a setting it has not seen (up to ~7 s measured here).
KERAS_MOVE_LIMIT = 15.0
KERAS_TITLES = tuple(re.findall(r'^    title = "(.*)"$',
                                (ROOT / "src" / "nnbook" / "kerastools.py").read_text(), re.M))
#: Chapters by Run All time in JupyterLab, longest first (two run at a time). One at a time on
#: this machine (2026-11-30): 161, 133, 37, 23, 19, 18 and 16 s.
LONGEST_FIRST = ("07_training_in_practice", "06_keras", "02_activations",
                 "04_gradient_descent", "05_backpropagation", "03_costs", "01_perceptrons")
RUN_LIMIT = 900  # seconds for one notebook's "Run All Cells"

#: Settings a new user would see, except the "Jupyter news" question (it covers the page).
USER_SETTINGS = {"@jupyterlab/apputils-extension/notification.jupyterlab-settings":
                 {"fetchNews": "false"}}
#: nbgrader is installed for instructors (requirements-test.txt), not in Binder or Colab.
NBGRADER_SERVER = ("assignment_list", "course_list", "formgrader", "validate_assignment")

# In the page: JupyterLab's app object (exposed with LabApp.expose_app_in_browser).
CURRENT = "window.nnbookNb"  # the notebook panel open_notebook opened
KERNEL_READY = f"""() => {{ const w = window.jupyterapp && {CURRENT};
  const k = w && w.sessionContext && w.sessionContext.session
            && w.sessionContext.session.kernel;
  return !!(k && k.connectionStatus === 'connected' && k.status === 'idle'
            && w.content && w.content.widgets.length > 0); }}"""
# "Run All Cells" resolves when the run ends: at the last cell, or at the first error.
RUN_ALL = """() => { window.nnbookRun = null;
  window.jupyterapp.commands.execute('notebook:run-all-cells')
    .then(ok => { window.nnbookRun = {ok: ok}; }, e => { window.nnbookRun = {error: String(e)}; });
}"""
RUN_DONE = f"""() => window.nnbookRun !== null
  && {CURRENT}.sessionContext.session.kernel.status === 'idle'"""
# Select a cell and scroll to it (a windowed notebook renders only the cells in view).
SHOW_CELL = f"""async i => {{ const nb = {CURRENT}.content;
  nb.activeCellIndex = i; await nb.scrollToItem(i, 'center'); }}"""
# The live explorers: a top-level ipywidgets box holding controls and an Output widget.
EXPLORER = ".jp-OutputArea-output > .jupyter-widgets.widget-hbox:has(.widget-output)"
# What the kernel redraws: the Output widget's image and its text.
STATE = """box => { const out = box.querySelector('.widget-output');
  const img = out && out.querySelector('img');
  return {src: img ? img.src : null, text: out ? out.textContent : null}; }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """JupyterLab on 127.0.0.1 with a token, in ``root``; a context manager that always stops
    it: the server's process group, then any of its kernels still running (jupyter_client
    starts each kernel in a session of its own, out of the server's group)."""

    def __init__(self, root: Path, state: Path):
        self.root, self.state = root, state
        self.port, self.token = free_port(), secrets.token_hex(24)
        self.proc = None

    def __enter__(self):
        for sub in ("config", "data", "runtime", "settings", "workspaces"):
            (self.state / sub).mkdir(parents=True, exist_ok=True)
        for name, value in USER_SETTINGS.items():
            path = self.state / "settings" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        (self.state / "config" / "labconfig").mkdir(exist_ok=True)
        (self.state / "config" / "labconfig" / "page_config.json").write_text(json.dumps(
            {"disabledExtensions": {"@jupyter/nbgrader": True}}))
        (self.state / "config" / "jupyter_server_config.json").write_text(json.dumps(
            {"ServerApp": {"jpserver_extensions": {
                f"nbgrader.server_extensions.{n}": False for n in NBGRADER_SERVER}}}))
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(self.state / "config"),
                   JUPYTER_DATA_DIR=str(self.state / "data"),
                   JUPYTER_RUNTIME_DIR=str(self.state / "runtime"), PYTHONUNBUFFERED="1")
        for name in ("MPLBACKEND", "PYTHONPATH", "JUPYTER_PATH"):
            env.pop(name, None)  # the kernel's own inline Matplotlib, as for a student
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
        args = [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root",
                "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
                "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root}", "--LabApp.expose_app_in_browser=True",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                f"--LabApp.user_settings_dir={self.state / 'settings'}",
                f"--LabApp.workspaces_dir={self.state / 'workspaces'}"]
        self.log = open(self.state / "lab.log", "w")
        self.proc = subprocess.Popen(args, cwd=self.root, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_until_up()
            self._check_no_nbgrader()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_until_up(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.proc.returncode}:\n"
                                   + (self.state / "lab.log").read_text()[-3000:])
            try:
                with urllib.request.urlopen(self.url("api/status"), timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s")

    def _check_no_nbgrader(self):
        """As on Binder: nbgrader's lab extension disabled, none of its server extensions
        loaded (the server logs each extension it loads)."""
        with urllib.request.urlopen(self.url("lab/api/extensions"), timeout=30) as r:
            on = [e["name"] for e in json.load(r) if "nbgrader" in e["name"] and e["enabled"]]
        loaded = [ln for ln in (self.state / "lab.log").read_text().splitlines()
                  if "nbgrader" in ln]
        if on or loaded:
            raise RuntimeError(f"nbgrader is on in JupyterLab: {on} {loaded[:3]}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.proc.pid, sig)
                    self.proc.wait(wait)
                    break
                except ProcessLookupError:
                    break
                except subprocess.TimeoutExpired:
                    continue
        deadline = time.monotonic() + 10
        while self.kernels() and time.monotonic() < deadline:
            time.sleep(0.2)  # the server shuts its kernels down on SIGTERM
        for pid in self.kernels():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.log.close()
        return False

    def kernels(self) -> list[int]:
        """Process ids of the kernels this server started (their connection files are in its
        runtime folder)."""
        runtime = str(self.state / "runtime") + os.sep
        pids = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                if runtime in (proc / "cmdline").read_bytes().decode(errors="replace"):
                    pids.append(int(proc.name))
            except OSError:
                continue
        return pids


def start_lab(page, lab: Lab, workspace: str) -> None:
    """Load JupyterLab in a fresh workspace of that name (no tabs restored from a visit)."""
    page.goto(lab.url(f"lab/workspaces/{workspace}") + "&reset")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell"
                           " && window.jupyterapp.commands.hasCommand('docmanager:open')",
                           timeout=120_000, polling=250)


def open_notebook(page, rel: str) -> None:
    """Open a notebook as a double click in the file browser does, and wait for its kernel."""
    page.evaluate("""rel => { window.nnbookNb = null;
        window.jupyterapp.commands.execute('docmanager:open', {path: rel, factory: 'Notebook'})
          .then(w => { window.jupyterapp.shell.activateById(w.id); window.nnbookNb = w;
                       window.nnbookPanels = window.nnbookPanels || {};
                       window.nnbookPanels[rel] = w; }); }""",
                  rel)
    page.wait_for_function(f"rel => {CURRENT} && {CURRENT}.context.path === rel", arg=rel,
                           timeout=60_000)
    page.wait_for_function(KERNEL_READY, timeout=120_000, polling=250)


def use_notebook(page, rel: str) -> None:
    """Make a notebook this page opened the current one (its tab in front)."""
    page.evaluate("""rel => { const w = window.nnbookPanels[rel];
        window.jupyterapp.shell.activateById(w.id); window.nnbookNb = w; }""", rel)


def here(page) -> str:
    """A CSS selector for the notebook in view (other notebooks may be open in hidden tabs)."""
    return "#" + page.evaluate(f"() => {CURRENT}.id")


def close_notebook(page) -> None:
    """Shut down the notebook's kernel and close it (it is saved)."""
    page.evaluate(f"""async () => {{ const w = {CURRENT};
        await w.sessionContext.shutdown(); w.dispose(); }}""")


def start_run_all(page) -> None:
    page.evaluate(RUN_ALL)


def finish_run_all(page) -> dict:
    """After RUN_DONE: save the notebook; {"ok": true}, or why Run All Cells stopped."""
    result = page.evaluate("() => window.nnbookRun")
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function(f"() => !{CURRENT}.context.model.dirty", timeout=30_000)
    return result


def run_all_and_save(page) -> tuple[float, dict]:
    """Run All Cells, wait for the end, save; (seconds, {"ok": true} or why it stopped)."""
    start = time.perf_counter()
    start_run_all(page)
    page.wait_for_function(RUN_DONE, timeout=RUN_LIMIT * 1000, polling=500)
    return time.perf_counter() - start, finish_run_all(page)


def controls(box) -> list[tuple[str, object]]:
    """(kind, element) of each slider handle and menu in an explorer's controls."""
    out = []
    for c in box.query_selector_all(".widget-vbox > .widget-inline-hbox"):
        handle, menu = c.query_selector(".noUi-handle"), c.query_selector("select")
        if handle:
            out.append(("slider", handle))
        elif menu:
            out.append(("menu", menu))
    return out


def disabled(kind, control) -> bool:
    if kind == "menu":
        return control.evaluate("s => s.disabled")
    return control.evaluate("h => h.closest('.noUi-target').hasAttribute('disabled')")


def keys_for(kind, control) -> list[str]:
    """The keys that move a control one step. A menu is opened first (Alt+Down), then moved
    and chosen (Down or Up, Enter): on a closed menu JupyterLab takes the arrow keys to move
    between cells (jupyter-widgets/ipywidgets#3912)."""
    if kind == "menu":
        index, count = control.evaluate("s => [s.selectedIndex, s.options.length]")
        return ["Alt+ArrowDown", "ArrowDown" if index < count - 1 else "ArrowUp", "Enter"]
    now, top = control.evaluate("h => [+h.getAttribute('aria-valuenow'), "
                                "+h.getAttribute('aria-valuemax')]")
    return ["ArrowRight" if now < top else "ArrowLeft"]


BACK = {"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight", "ArrowDown": "ArrowUp",
        "ArrowUp": "ArrowDown"}


def back(keys: list[str]) -> list[str]:
    """The keys of the opposite step."""
    return [BACK.get(k, k) for k in keys]


def press(page, control, keys) -> None:
    control.focus()
    for key in keys:
        page.keyboard.press(key)


class LiveExplorer:
    """One live explorer in the page: its box, controls and time limit for a redraw."""

    def __init__(self, page, box, label, limit):
        self.page, self.box, self.label, self.limit = page, box, label, limit
        self.found = controls(box)

    def step(self, i, keys, limit, stats, problems) -> bool:
        """Press ``keys`` on control ``i``; True if image and text both changed within
        ``limit`` seconds."""
        kind, control = self.found[i]
        before = self.box.evaluate(STATE)
        start = time.perf_counter()
        press(self.page, control, keys)
        try:
            self.page.wait_for_function(
                f"""([box, before]) => {{ const now = ({STATE})(box);
                    return now.src !== before.src && now.text !== before.text; }}""",
                arg=[self.box, before], timeout=limit * 1000, polling=50)
        except Exception:
            after = self.box.evaluate(STATE)
            what = [w.replace("src", "image") for w in ("src", "text") if after[w] == before[w]]
            problems.append(f"{self.label}, control {i + 1} ({kind}, {', '.join(keys)}): the "
                            f"{' and '.join(what)} did not change within {limit:g} s")
            return False
        took = time.perf_counter() - start
        stats["moves"] += 1
        stats["slowest move"][limit] = max(stats["slowest move"].get(limit, 0), took)
        return True

    def enable(self, i, stats, problems) -> bool:
        """Choose other menus' options, one step at a time, until control ``i`` is enabled."""
        for j, (kind, menu) in enumerate(self.found):
            if kind != "menu" or j == i:
                continue
            for _ in range(menu.evaluate("s => s.options.length")):
                if not self.step(j, keys_for(kind, menu), self.limit, stats, problems):
                    return False
                if not disabled(*self.found[i]):
                    return True
        return False


def explorer_cells(path: Path) -> list[int]:
    """Indices of the cells whose output is a live explorer (a widget with a static view)."""
    nb = nbformat.read(path, as_version=4)
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(
        "application/vnd.jupyter.widget-view+json" in o.get("data", {})
        and "live controls" in "".join(o.get("data", {}).get("text/plain", ""))
        for o in c.outputs)]


def move_limit(path: Path, index: int) -> float:
    """The explorer's time limit: MOVE_LIMIT, or KERAS_MOVE_LIMIT for an explorer that trains a
    Keras model for a setting it has not seen."""
    cell = nbformat.read(path, as_version=4).cells[index]
    text = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in cell.outputs)
    return KERAS_MOVE_LIMIT if text.startswith(KERAS_TITLES) else MOVE_LIMIT


def check_explorers(page, path: Path, stats: dict) -> list[str]:
    """Each explorer: controls shown, labels whole; then every control moved one step from
    the keyboard and back, each step redrawing image and text in time. A control that is
    disabled (it changes nothing in this state) is first enabled through the other menus."""
    problems = []
    for n, index in enumerate(explorer_cells(path), 1):
        stats["explorers expected"] += 1
        label = f"{path.stem} explorer {n} (cell {index})"
        page.evaluate(SHOW_CELL, index)
        try:
            box = page.wait_for_selector(f"{here(page)} .jp-Cell.jp-mod-active {EXPLORER}",
                                         timeout=10_000)
        except Exception:
            problems.append(f"{label}: no live controls shown")
            continue
        box.scroll_into_view_if_needed()
        e = LiveExplorer(page, box, label, move_limit(path, index))
        shown = box.evaluate("b => Array.from(b.querySelectorAll('.widget-vbox > *')).filter("
                             "c => c.getBoundingClientRect().width > 0).length")
        total = box.evaluate("b => b.querySelectorAll('.widget-vbox > *').length")
        if not e.found or len(e.found) != total or shown != total:
            problems.append(f"{label}: {total} controls, {shown} of them shown, {len(e.found)} "
                            f"of them a slider or a menu")
            continue
        if not box.query_selector(".widget-output img"):
            problems.append(f"{label}: no image shown")
            continue
        stats["explorers"] += 1
        cut = box.evaluate("b => Array.from(b.querySelectorAll('.widget-label'))"
                           ".filter(l => l.scrollWidth > l.clientWidth).map(l => l.textContent)")
        problems += [f"{label}: the label {text!r} is cut short" for text in cut]
        for i, (kind, control) in enumerate(e.found):
            if disabled(kind, control):
                stats["enabled first"] += 1
                if not e.enable(i, stats, problems):
                    problems.append(f"{label}, control {i + 1}: no menu choice enables it")
                    continue
            keys = keys_for(kind, control)
            if e.step(i, keys, e.limit, stats, problems):
                if i == len(e.found) - 1:
                    box.screenshot(path=str(SHOTS / f"{path.stem}-explorer-{n}.png"))
                e.step(i, back(keys), MOVE_LIMIT, stats, problems)  # a setting already shown
    return problems


def check_output(lab: Lab, path: Path, run: dict) -> list[str]:
    """Errors, and text outputs against the stored notebook by nbval's rules (no TF noise
    filter: this is the environment that made the stored outputs)."""
    rel = f"notebooks/{path.name}"
    errors, diffs = compat.compare(path, lab.root / rel, texts=True, noise=None)
    problems = errors + [f"text output differs from the stored one: {d}" for d in diffs]
    if run.get("ok") is not True and not errors:
        problems.append(f"Run All Cells stopped without an error output: {run}")
    return problems


def run_chapters(browser, lab: Lab, chapters: list[Path], stats: dict) -> dict:
    """Run All Cells in every chapter, two at a time (two pages, each with a workspace of its
    own), longest first; then, one at a time, its explorers (no other kernel busy, so their
    redraw times are the kernel's own), then shut its kernel down. {path: problems}."""
    pages = []
    for n in range(2):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        start_lab(page, lab, f"run{n}")
        pages.append(page)
    order = {stem: i for i, stem in enumerate(LONGEST_FIRST)}
    queue = sorted(chapters, key=lambda p: order.get(p.stem, len(order)))
    busy, done, problems = {}, [], {p: [] for p in chapters}
    while queue or busy:
        for page in pages:
            if page not in busy and queue:
                path = queue.pop(0)
                try:
                    open_notebook(page, f"notebooks/{path.name}")
                    start_run_all(page)
                    busy[page] = (path, time.perf_counter())
                except Exception as exc:
                    problems[path].append(f"could not be run: {type(exc).__name__}: {exc}")
        time.sleep(0.5)
        for page, (path, start) in list(busy.items()):
            use_notebook(page, f"notebooks/{path.name}")
            over = time.perf_counter() - start > RUN_LIMIT
            if not over and not page.evaluate(RUN_DONE):
                continue
            del busy[page]
            stats["run seconds"][path.stem] = round(time.perf_counter() - start, 1)
            if over:
                problems[path].append(f"Run All Cells took more than {RUN_LIMIT} s")
                continue
            try:
                problems[path] += check_output(lab, path, finish_run_all(page))
                done.append((page, path))
            except Exception as exc:
                problems[path].append(f"could not be saved: {type(exc).__name__}: {exc}")
    for page, path in sorted(done, key=lambda d: d[1].name):
        try:
            use_notebook(page, f"notebooks/{path.name}")
            problems[path] += check_explorers(page, path, stats)
            close_notebook(page)
        except Exception as exc:
            problems[path].append(f"explorers could not be checked: {type(exc).__name__}: {exc}")
    for page in pages:
        page.close()
    return problems


def answer_q1() -> str:
    """Q1's reference answer, from the solutions notebook (between its markers)."""
    nb = nbformat.read(ROOT / "solutions" / EXERCISE.name, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                == "q1-answer")
    inside = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S)
    return inside.group(1).strip()


def check_exercise(page, lab: Lab) -> list[str]:
    rel = f"exercises/{EXERCISE.name}"
    nb = nbformat.read(EXERCISE, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                 and c.source.startswith("# YOUR CODE HERE") and "w_nand" in c.source)
    if "q1.check(" not in nb.cells[index + 1].source:
        return [f"{rel}: the cell after Q1's answer is not its check"]
    open_notebook(page, rel)
    _, run = run_all_and_save(page)
    if run.get("ok") is not True:
        return [f"{rel}: Run All Cells stopped: {run}"]
    problems = []
    for answer, expected in ((WRONG_Q1, "❌ Wrong"), (answer_q1(), "✅ Correct")):
        page.evaluate(SHOW_CELL, index)
        editor = page.locator(f"{here(page)} .jp-Cell.jp-mod-active .cm-content")
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(answer)
        source = page.evaluate(f"() => {CURRENT}.content.model.cells.get({index})"
                               ".sharedModel.getSource()")
        if source != answer:
            problems.append(f"{rel}: typing gave {source!r}, not {answer!r}")
            continue
        page.keyboard.press("Shift+Enter")  # runs the answer, selects the check cell
        page.keyboard.press("Shift+Enter")  # runs the check, selects the cell below it
        page.evaluate(SHOW_CELL, index + 1)
        output = page.locator(f"{here(page)} .jp-Cell.jp-mod-active .jp-OutputArea-output")
        try:
            output.filter(has_text=expected).first.wait_for(timeout=20_000)
        except Exception:
            text = output.all_inner_texts()
            problems.append(f"{rel}: after typing {answer.splitlines()[0]!r}… the check "
                            f"printed {text!r}, not a line starting {expected!r}")
            continue
        text = output.first.inner_text().strip()
        if not text.startswith(expected) or "\n" in text:
            problems.append(f"{rel}: the check printed {text!r}: one line starting "
                            f"{expected!r} expected")
        page.screenshot(path=str(SHOTS / f"exercise-01-q1-{expected.split()[1].lower()}.png"))
    return problems


def main(argv=None) -> int:
    from playwright.sync_api import sync_playwright

    names = set(argv if argv is not None else sys.argv[1:])  # optional: chapter stems
    if not Path(CHROMIUM).exists():
        print(f"no {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
        return 1
    # Ctrl+C (SIGINT, sent to make's whole process group) and a SIGTERM sent to this process
    # unwind through the `with` blocks, so JupyterLab stops too. (A SIGTERM to `make lab`
    # reaches this script; a `make test` killed alone leaves it to finish, and stop
    # JupyterLab, by itself.)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    shutil.rmtree(OUT, ignore_errors=True)
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    root = OUT / "root"
    for folder in ("notebooks", "exercises"):
        shutil.copytree(ROOT / folder, root / folder)
    chapters = [p for p in CHAPTERS if not names or p.stem in names]
    stats = {"explorers expected": 0, "explorers": 0, "enabled first": 0, "moves": 0,
             "slowest move": {}, "run seconds": {}}
    problems = []
    start = time.perf_counter()
    with Lab(root, OUT / "state") as lab, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for path, found in run_chapters(browser, lab, chapters, stats).items():
            problems += [f"LAB: {path.name}: {p}" for p in found]
        if not names or "exercise" in names:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            try:
                start_lab(page, lab, "exercise")
                problems += [f"LAB: {p}" for p in check_exercise(page, lab)]
            except Exception as exc:
                problems.append(f"LAB: exercise could not be checked: {type(exc).__name__}: "
                                f"{exc}")
        browser.close()
    for p in problems:
        print(p)
    slowest = ", ".join(f"{t:.2f} s of {limit:g}" for limit, t in
                        sorted(stats["slowest move"].items()))
    print(f"lab check: {len(chapters)} chapters run in JupyterLab (Run All seconds "
          f"{stats['run seconds']}); {stats['explorers']} of {stats['explorers expected']} "
          f"explorers live, {stats['moves']} keyboard moves redrawn (slowest {slowest}; "
          f"{stats['enabled first']} controls enabled first through a menu); "
          f"{time.perf_counter() - start:.0f} s in all; {len(problems)} problems; "
          f"screenshots in {SHOTS.relative_to(ROOT)}/")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
