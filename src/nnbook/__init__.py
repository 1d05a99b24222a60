"""nnbook: the helper package of the course *Neural Networks, from Perceptrons to Keras*.

Importing ``nnbook`` is light: it never imports TensorFlow or Keras, and the plotting,
widget and exercise modules load only when you import them
(``from nnbook import plots, widgets``).
"""

from nnbook import activations, datasets, gradcheck, losses, perceptron
from nnbook.activations import ACTIVATIONS
from nnbook.losses import LOSSES
from nnbook.perceptron import Perceptron
from nnbook.seeding import rng, set_seed

__version__ = "0.1.0"
__all__ = ["ACTIVATIONS", "LOSSES", "Perceptron", "activations", "datasets", "gradcheck",
           "losses", "perceptron", "rng", "set_seed"]
