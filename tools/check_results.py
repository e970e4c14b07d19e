#!/usr/bin/env python3
"""Checks build/results/05-distilling.json, the machine-readable results of notebook 05 (issue 13's contract).

Every key of the contract must be there, accuracies must be fractions in [0, 1], and the course's headline must
hold as the notebook's text states it: at least 5 seeds, at least 10,000 test images, T and alpha chosen on a
validation split, the 95 % interval of the gain above 0, and at least 40 % of the teacher-scratch gap closed.
Exit status 1 with one line per problem otherwise.
"""
import json
import sys

KEYS = ["teacher_accuracy", "scratch_accuracy_mean", "distilled_accuracy_mean", "gain_mean", "gain_ci95_low",
        "gain_ci95_high", "gap_closed_fraction", "seeds", "test_images", "label_smoothing_accuracy_mean",
        "shuffled_teacher_accuracy_mean", "hard_pseudo_label_accuracy_mean", "temperature", "alpha", "chosen_on"]
ACCURACIES = [k for k in KEYS if k.endswith("accuracy") or k.endswith("accuracy_mean")]


def problems(r):
    out = [f"missing key '{k}'" for k in KEYS if k not in r]
    if out:
        return out
    out += [f"{k} = {r[k]} is not a fraction in [0, 1]" for k in ACCURACIES if not 0 <= r[k] <= 1]
    if r["seeds"] < 5:
        out.append(f"seeds = {r['seeds']}, fewer than 5")
    if r["test_images"] < 10000:
        out.append(f"test_images = {r['test_images']}, fewer than 10,000")
    if "validation" not in str(r["chosen_on"]).lower():
        out.append(f"chosen_on = {r['chosen_on']!r} does not name a validation split")
    if not r["gain_ci95_low"] > 0:
        out.append(f"gain_ci95_low = {r['gain_ci95_low']:.4f}: the interval of the gain does not lie above 0")
    if not r["gain_ci95_low"] <= r["gain_mean"] <= r["gain_ci95_high"]:
        out.append("gain_mean lies outside its own interval")
    if not r["gap_closed_fraction"] >= 0.4:
        out.append(f"gap_closed_fraction = {r['gap_closed_fraction']:.3f}, below 0.4")
    gain = r["distilled_accuracy_mean"] - r["scratch_accuracy_mean"]
    if abs(gain - r["gain_mean"]) > 1e-9:
        out.append(f"gain_mean {r['gain_mean']} differs from distilled - scratch = {gain}")
    return out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "build/results/05-distilling.json"
    try:
        with open(path) as f:
            r = json.load(f)
    except (OSError, ValueError) as e:
        print(f"results: cannot read {path} ({e}); notebook 05 writes it")
        return 1
    found = problems(r)
    for p in found:
        print(f"results: {path}: {p}")
    if not found:
        print(f"results: {path} has every key; gain {100 * r['gain_mean']:+.2f} points "
              f"[{100 * r['gain_ci95_low']:+.2f}, {100 * r['gain_ci95_high']:+.2f}], "
              f"gap closed {r['gap_closed_fraction']:.2f}, {r['seeds']} seeds, {r['test_images']} test images")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
