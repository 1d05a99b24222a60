"""The site's own pieces: the script de-duplication extension and the browser test's rules."""

import sys
from pathlib import Path

from sphinx.builders.html._assets import _JavaScript

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
sys.path.insert(0, str(ROOT / "scripts"))
import check_browser  # noqa: E402
import nnbook_site  # noqa: E402


def test_scripts_are_included_once_whatever_their_priority():
    thebe = "const THEBE_JS_URL = 'x'"
    context = {"script_files": [_JavaScript("a.js"), _JavaScript(None, body=thebe, priority=500),
                                _JavaScript("b.js"), _JavaScript("", body=thebe, priority=501),
                                _JavaScript("a.js", priority=200),
                                _JavaScript(None, body="other")]}
    nnbook_site._unique_scripts(None, "page", "page.html", context, None)
    kept = [(s.filename, s.attributes.get("body")) for s in context["script_files"]]
    assert kept == [("a.js", None), (None, thebe), ("b.js", None), (None, "other")]


def test_launch_buttons_expected_for_a_chapter():
    urls = check_browser.expected_launch("notebooks/06_keras.html")
    assert urls["colab"].endswith("/blob/main/notebooks/06_keras.ipynb")
    assert "mybinder.org/v2/gh/" in urls["binder"]
    assert urls["binder"].endswith("urlpath=lab/tree/notebooks/06_keras.ipynb")
