"""A heart-disease classifier as an MLflow python_function model, written in plain Python (no pickled estimator).

MLflow loads it with _load_pyfunc(<path of weights.json>); Azure ML batch endpoints score MLflow models like this
one without a scoring script or an environment of their own.
"""
import json
import math

import pandas as pd


class HeartModel:
    def __init__(self, weights):
        self.features = weights["features"]
        self.coefficients = weights["coefficients"]
        self.intercept = weights["intercept"]

    def _probability(self, row):
        total = self.intercept
        for feature, coefficient in zip(self.features, self.coefficients):
            value = pd.to_numeric(row.get(feature), errors="coerce")
            total += coefficient * (0.0 if pd.isna(value) else float(value))
        return 1.0 / (1.0 + math.exp(-total))

    def predict(self, data: pd.DataFrame, params=None):
        return pd.Series([self._probability(row) for _, row in data.iterrows()], name="probability")


def _load_pyfunc(path):
    with open(path, encoding="utf-8") as handle:
        return HeartModel(json.load(handle))
