"""After `make book`: open every page of `_build/html` in headless Chromium, as a reader would.

The site is served on 127.0.0.1 and driven with Playwright, using Debian's
`/usr/bin/chromium` (no browser download). For every page it checks that

* no console error or uncaught exception comes from the site's own code;
* MathJax has rendered: maths containers exist where the page has maths, and no raw
  `$$` or `\\(` is left in the visible text;
* every image has loaded (complete, with a non-zero natural width);
* the launch buttons (Colab, Binder) of chapter and exercise pages point at this notebook
  in the course's repository;
* each kernel-free scrubber changes its frame when its slider is moved, and when it is
  focused and moved with the arrow keys.

It saves a full-page screenshot of every page under `_build/screenshots/` and exits 1 on
any problem.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = "/usr/bin/chromium"

# Text MathJax should have replaced (delimiters of display and inline maths).
RAW_MATH = ("$$", "\\(", "\\[")

SCRUB = """() => Array.from(document.querySelectorAll('div[id^="nnbook-scrub-"]')).map(root => {
  const slider = root.querySelector('input[type=range]');
  const visible = () => Array.from(root.querySelectorAll('.imgs img'))
      .findIndex(img => img.style.display !== 'none');
  const before = visible();
  slider.value = slider.max;
  slider.dispatchEvent(new Event('input'));
  const after = visible();
  slider.value = 0;
  slider.dispatchEvent(new Event('input'));
  return {id: root.id, before: before, after: after, max: +slider.max};
})"""

IMAGES = """() => Array.from(document.images)
  .filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src.slice(0, 80))"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no line per request
        pass


def serve(site: Path):
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def expected_launch(page: str) -> dict[str, str]:
    """Launch-button URL fragments a chapter or exercise page should link to."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    repo = config["repository"]["url"].removeprefix("https://github.com/")
    notebook = page.removesuffix(".html") + ".ipynb"
    return {"colab": f"colab.research.google.com/github/{repo}/blob/main/{notebook}",
            "binder": f"mybinder.org/v2/gh/{repo}/main?urlpath=lab/tree/{notebook}"}


def check_page(browser, base: str, rel: str, stats: dict) -> list[str]:
    problems, errors = [], []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text} "
                                               f"({m.location.get('url', '')})")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.goto(f"{base}/{rel}", wait_until="networkidle")
    has_math = page.evaluate("() => document.querySelectorAll('.math, .amsmath').length")
    if has_math:
        try:
            page.wait_for_function("() => document.querySelectorAll('mjx-container').length > 0",
                                   timeout=15000)
        except Exception:
            problems.append(f"{has_math} maths elements but MathJax rendered none")
    stats["maths"] += page.evaluate("() => document.querySelectorAll('mjx-container').length")
    stats["images"] += page.evaluate("() => document.images.length")
    text = page.evaluate("() => document.querySelector('main, article, body').innerText")
    problems += [f"raw maths {raw!r} left in the text" for raw in RAW_MATH if raw in text]
    problems += [f"image not loaded: {src}" for src in page.evaluate(IMAGES)]
    if rel.startswith(("notebooks/", "exercises/")):
        hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a')).map(a => a.href)")
        for name, fragment in expected_launch(rel).items():
            stats["launch buttons"] += any(fragment in h for h in hrefs)
            if not any(fragment in h for h in hrefs):
                problems.append(f"no {name} launch button to {fragment}")
    for s in page.evaluate(SCRUB):
        stats["scrubbers moved"] += 1
        if s["max"] < 1 or s["before"] != 0 or s["after"] != s["max"]:
            problems.append(f"scrubber {s['id']} did not change frame: {s}")
        # From the keyboard: focus the slider, press the right arrow, see the next frame.
        page.focus(f"#{s['id']} input[type=range]")
        page.keyboard.press("ArrowRight")
        shown = page.evaluate(f"""() => Array.from(document.querySelectorAll(
            '#{s['id']} .imgs img')).findIndex(img => img.style.display !== 'none')""")
        stats["moved by keyboard"] += shown == 1
        if shown != 1:
            problems.append(f"scrubber {s['id']}: the right-arrow key showed frame {shown}")
    problems += [e for e in errors if base in e or "uncaught" in e]
    shot = SHOTS / rel.replace("/", "__").replace(".html", ".png")
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    return problems


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not SITE.is_dir():
        print("no _build/html: run `make book` first")
        return 1
    if not Path(CHROMIUM).exists():
        print(f"no {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
        return 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
                   if not p.relative_to(SITE).parts[0].startswith("_")
                   and p.name not in ("search.html", "genindex.html")
                   and 'http-equiv="refresh"' not in p.read_text(errors="replace").lower())
    server = serve(SITE)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    failed = 0
    stats = dict.fromkeys(("maths", "images", "launch buttons", "scrubbers moved",
                           "moved by keyboard"), 0)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for rel in pages:
            try:
                problems = check_page(browser, base, rel, stats)
            except Exception as exc:  # report the page, then go on with the others
                problems = [f"could not be checked: {type(exc).__name__}: {exc}"]
            failed += bool(problems)
            for p in problems:
                print(f"BROWSER: {rel}: {p}")
        browser.close()
    server.shutdown()
    print(f"browser check: {len(pages)} pages in Chromium, {failed} with problems; "
          + ", ".join(f"{v} {k}" for k, v in stats.items())
          + f"; screenshots in {SHOTS.relative_to(ROOT)}/")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
