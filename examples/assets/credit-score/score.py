"""Online scoring for the credit-default model: init() once per worker, run() per request."""
import json
import math
import os

MODEL = None


def init():
    global MODEL
    model_dir = os.environ.get("AZUREML_MODEL_DIR", ".")
    # Azure ML mounts the registered folder under the model directory, keeping its name.
    for root, _dirs, files in os.walk(model_dir):
        if "model.json" in files:
            with open(os.path.join(root, "model.json"), encoding="utf-8") as handle:
                MODEL = json.load(handle)
            return
    raise FileNotFoundError(f"model.json not found under {model_dir}")


def probability(row):
    z = MODEL["intercept"] + sum(w * float(row[name]) for w, name in zip(MODEL["coefficients"], MODEL["features"]))
    return 1.0 / (1.0 + math.exp(-z))


def run(raw_data):
    """Takes {"data": [{feature: value, ...}, ...]} and returns one score per row."""
    rows = json.loads(raw_data)["data"]
    scores = [probability(row) for row in rows]
    return [{"probability": p, "default": p >= MODEL["threshold"]} for p in scores]
