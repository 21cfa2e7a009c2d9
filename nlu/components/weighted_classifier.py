"""Logistic regression on tf-idf weighted n-gram counts.

Rasa's logistic regression reads the featurizers' raw counts: a long message weighs more than a
short one, and "tôi", "ạ", "cho" count as much as "sổ đỏ". Weighting the counts (sublinear tf,
idf, unit length) and regularising less makes fewer intent errors on the held-out files
(README, "NLU pipeline comparison"); the rest is Rasa's classifier unchanged.
"""

from __future__ import annotations

from typing import Any, Dict

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import Pipeline

# what the saved pipeline is made of, trusted when loading it (skops refuses anything else)
SAVED_TYPES = [
    "sklearn.pipeline.Pipeline",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "scipy.sparse._csr.csr_matrix",  # the idf weights
]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class WeightedLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Rasa's logistic regression behind a tf-idf weighting of the sparse features."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 100.0}

    def __init__(
        self,
        config: Dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        regression = self.clf.set_params(C=float(self.config["C"]))
        self.clf = Pipeline(
            [("weights", TfidfTransformer(sublinear_tf=True)), ("regression", regression)]
        )

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> WeightedLogisticRegressionClassifier:
        import skops.io as sio

        component = cls(config, execution_context.node_name, model_storage, resource)
        with model_storage.read_from(resource) as model_dir:
            path = model_dir / f"{resource.name}.skops"
            untrusted = sio.get_untrusted_types(file=path)
            unexpected = sorted(set(untrusted) - set(SAVED_TYPES))
            if unexpected:
                # a model file holding anything else was not written by this component
                raise ValueError(f"{path} holds unexpected types: {unexpected}")
            component.clf = sio.load(path, trusted=untrusted)
        return component
