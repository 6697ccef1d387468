"""Learned judgements: a small framework for linear models over sparse features, pure Python at run time.

- ``tasks``: the registry (``Task``, ``register``, ``get``, ``names``): a task names its labels, the label
  words training files may use, its input columns, its feature function (``FeatureSet``) and its fitting
  recipe (``Recipe``);
- ``modelfile``: the model directory (``model.json``, the model card, and ``weights.bin``);
- ``models``: loading (``load``) and resolution (``Models``: shipped defaults in ``learn/models/``,
  overridden per task by ``--models DIR`` / ``CLAIMTRACK_MODELS``);
- ``linear``: scoring (``LinearModel``, ``Head``);
- ``data``: reading training files (TSV with a header, or JSON Lines);
- ``train``: fitting with cross-validation (scikit-learn, the optional extra ``claimtrack[train]``, imported
  only there);
- ``sentence`` and ``judge``: the sentence tasks ``opinion`` and ``checkworthy``, their shared features and
  the scorer the pipeline uses.

Nothing on the scoring path imports more than the standard library and claimtrack's pure core.
"""

from __future__ import annotations

from . import judge as _judge  # registers the sentence tasks
from .linear import Head, LinearModel, sigmoid, softmax
from .modelfile import ModelError
from .models import ENV, SHIPPED, Model, Models, load
from .tasks import FeatureSet, Recipe, Task, get, names, register

del _judge

__all__ = ["ENV", "SHIPPED", "FeatureSet", "Head", "LinearModel", "Model", "ModelError", "Models", "Recipe",
           "Task", "get", "load", "names", "register", "sigmoid", "softmax"]
