"""nnbook: the helper package of the course *Neural Networks, from Perceptrons to Keras*.

Importing ``nnbook`` is light: it never imports TensorFlow or Keras, and the plotting,
widget and exercise modules load only when you import them
(``from nnbook import plots, widgets``).

Importing ``nnbook`` before TensorFlow also sets two TensorFlow environment defaults (an
existing setting wins): ``TF_CPP_MIN_LOG_LEVEL=3`` hides TensorFlow's start-up log lines,
which would otherwise fill the notebooks' stored outputs, and ``TF_ENABLE_ONEDNN_OPTS=0``
turns off oneDNN's reordered CPU kernels, so results repeat to the last bit.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from nnbook import activations, datasets, gradcheck, losses, perceptron
from nnbook.activations import ACTIVATIONS
from nnbook.losses import LOSSES
from nnbook.perceptron import Perceptron
from nnbook.seeding import rng, set_seed

__version__ = "0.1.0"
__all__ = ["ACTIVATIONS", "LOSSES", "Perceptron", "activations", "datasets", "gradcheck",
           "losses", "perceptron", "rng", "set_seed"]
