"""Batch scoring for the credit-default model: run() receives a mini batch of CSV files."""
import csv

import score


def init():
    score.init()


def run(mini_batch):
    """Returns one line per input row: file name, row number, probability."""
    results = []
    for path in mini_batch:
        with open(path, newline="", encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=1):
                results.append(f"{path},{number},{score.probability(row):.6f}")
    return results
