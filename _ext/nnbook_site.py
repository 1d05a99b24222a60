"""A Sphinx extension for the book's pages: each script is included once.

Jupyter Book 1 ends up registering sphinx-thebe's inline configuration twice, and the second
copy redeclares `const THEBE_JS_URL`, a JavaScript error on every page that the browser test
reports. This drops duplicates (same file, same attributes and body, whatever their
priority), keeping the first.
"""


def _unique_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (str(getattr(script, "filename", script) or ""),
               tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _unique_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
