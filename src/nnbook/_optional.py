"""Imports of what only some of nnbook needs, failing with a message that names the extra.

``pip install nnbook`` brings NumPy, Matplotlib and Pillow. The rest comes with an extra:
``nnbook[keras]`` (Keras 3 and TensorFlow: ``kerastools``, the exercises of chapters 6 and 7,
``Network.to_keras``), ``nnbook[data]`` (scikit-learn: the digits and moons data sets),
``nnbook[widgets]`` (ipywidgets: live explorers; without it they show a static view) and
``nnbook[instructor]`` (nbgrader). The course's ``requirements.txt`` installs all but the last.
"""

from __future__ import annotations

import importlib

#: The extra that installs each optional top-level module.
EXTRA = {"keras": "keras", "sklearn": "data", "ipywidgets": "widgets", "nbgrader": "instructor"}


def require(module: str, what: str):
    """Import ``module`` (a dotted name whose top level is in :data:`EXTRA`) for ``what``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        extra = EXTRA[module.split(".")[0]]
        raise ImportError(f"{what} needs {module.split('.')[0]}, which nnbook installs with an "
                          f"extra: pip install \"nnbook[{extra}]\" (or the course's "
                          f"requirements.txt)") from exc
