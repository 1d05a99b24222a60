"""The JupyterLab test's own parts (scripts/check_lab.py; `make lab` runs it in full)."""

import socket
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import check_lab  # noqa: E402
import compat  # noqa: E402


def test_every_chapters_explorer_is_found_with_its_time_limit():
    assert check_lab.KERAS_TITLES == ("Keras playground", "Regularisation explorer")
    limits = {}
    for path in check_lab.CHAPTERS:
        for index in check_lab.explorer_cells(path):
            limits[(path.stem, index)] = check_lab.move_limit(path, index)
    assert len(limits) == 7 and {stem for stem, _ in limits} == {
        p.stem for p in check_lab.CHAPTERS}
    keras = {stem for (stem, _), limit in limits.items() if limit == check_lab.KERAS_MOVE_LIMIT}
    assert keras == {"06_keras", "07_training_in_practice"}
    assert set(limits.values()) == {check_lab.MOVE_LIMIT, check_lab.KERAS_MOVE_LIMIT}
    assert set(check_lab.LONGEST_FIRST) == {p.stem for p in check_lab.CHAPTERS}


def test_a_step_back_undoes_the_step():
    assert check_lab.back(["ArrowRight"]) == ["ArrowLeft"]
    assert check_lab.back(["Alt+ArrowDown", "ArrowDown", "Enter"]) == [
        "Alt+ArrowDown", "ArrowUp", "Enter"]


def test_the_output_comparison_keeps_tensorflow_noise_when_asked(tmp_path):
    """The lab stage compares with the stored outputs without compat's Colab noise filter."""
    noise = "WARNING: All log messages before absl::InitializeLog() is called go to stderr\n"
    stored = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    stored.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    ran = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    ran.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                            nbformat.v4.new_output("stream", name="stderr", text=noise)]
    nbformat.write(stored, a := tmp_path / "a.ipynb")
    nbformat.write(ran, b := tmp_path / "b.ipynb")
    assert compat.compare(a, b, texts=True) == ([], [])
    errors, diffs = compat.compare(a, b, texts=True, noise=None)
    assert errors == [] and len(diffs) == 1 and "absl" in diffs[0]
    # An empty stream is an output too, as for nbval ("Unexpected output fields").
    ran.cells[0].outputs[1].text = ""
    nbformat.write(ran, b)
    assert len(compat.compare(a, b, texts=True, noise=None)[1]) == 1


def test_colabs_known_differences_each_name_one_stored_cell(monkeypatch):
    """compat.KNOWN finds its cells by a piece of their source, not an index, so cells added
    above (as chapters grow) keep them explained; a piece that finds no cell is refused."""
    for (name, _), _ in compat.KNOWN.items():
        cells = nbformat.read(ROOT / name, as_version=4).cells
        found = [i for i in range(len(cells)) if compat.known_reason(name, cells, i)]
        assert len(found) == 1, (name, found)
    cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("y = 2")]
    monkeypatch.setattr(compat, "KNOWN", {("nb.ipynb", "y = 2"): "why"})
    assert [compat.known_reason("nb.ipynb", cells, i) for i in (0, 1)] == [None, "why"]
    cells.insert(0, nbformat.v4.new_markdown_cell("y = 2 in a text cell"))  # a cell added above
    assert compat.known_reason("nb.ipynb", cells, 2) == "why"
    monkeypatch.setattr(compat, "KNOWN", {("nb.ipynb", "z = 3"): "why"})
    with pytest.raises(ValueError, match="the piece 'z = 3' finds 0 cells of nb.ipynb"):
        compat.known_reason("nb.ipynb", cells, 0)


def test_jupyterlab_and_its_kernels_are_stopped_whatever_happens(tmp_path):
    """Started on 127.0.0.1 with a token; an exception inside stops the server and the kernel
    it started (a kernel runs in a session of its own, out of the server's process group)."""
    (tmp_path / "root").mkdir()
    with pytest.raises(RuntimeError, match="on purpose"):
        with check_lab.Lab(tmp_path / "root", tmp_path / "state") as lab:
            proc, port = lab.proc, lab.port
            with urllib.request.urlopen(lab.url("api/status"), timeout=5) as r:
                assert r.status == 200
            with pytest.raises(OSError):  # the token is required
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents", timeout=5)
            start = urllib.request.Request(lab.url("api/kernels"), data=b"{}", method="POST")
            with urllib.request.urlopen(start, timeout=30) as r:
                assert r.status == 201
            deadline = time.monotonic() + 30
            while not lab.kernels() and time.monotonic() < deadline:
                time.sleep(0.2)
            kernels = lab.kernels()
            assert len(kernels) == 1
            raise RuntimeError("on purpose")
    assert proc.poll() is not None and lab.kernels() == []
    assert not Path(f"/proc/{kernels[0]}").exists()
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0


def test_jupyterlab_refuses_to_run_with_nbgrader_on(tmp_path, monkeypatch):
    """The check that JupyterLab runs as on Binder (no nbgrader) fails when nbgrader's server
    extensions are left on."""
    monkeypatch.setattr(check_lab, "NBGRADER_SERVER", ())
    (tmp_path / "root").mkdir()
    with pytest.raises(RuntimeError, match="nbgrader is on"):
        with check_lab.Lab(tmp_path / "root", tmp_path / "state"):
            pass
