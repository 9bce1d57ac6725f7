"""A second two-sample test that reads the rolls themselves, not the hand features: a 3-layer CNN, 5-fold
cross-validated, on the binary rolls `bench:fidelity --save-rolls DIR` writes. A lever that pulls the hand features
towards the real ones (or picks pieces by them) can fool the logistic regression without making the rolls more like
real music; this test does not see those features, so a real gain shows in both.

  /usr/bin/python3 bench/fidelity/diagnostics/roll_cnn.py DIR [--epochs 60] [--folds 5] [--seed 0] [--threads 1]
      [--generated NAME] [--no-floor]

prints held-out accuracy ± sd of real vs generated (NAME.u8, default generated) and of the floor (held-out real vs
training-side real), 256 pieces a side at most; about 5 minutes a line on one thread. Fewer epochs under-fit: on the
piano model 25 epochs gave 0.55, 60 gave 0.76. docs/experiments.md (session 12) quotes it.
"""
import argparse
import json
import os

import numpy as np
import torch
import torch.nn as nn


def load(folder, name):
    meta = json.load(open(os.path.join(folder, "rolls.json")))
    steps, pitches, tracks = meta["shape"]
    x = np.fromfile(os.path.join(folder, f"{name}.u8"), dtype=np.uint8)
    return x.reshape(-1, steps, pitches, tracks)


def classifier(tracks):
    return nn.Sequential(
        nn.Conv2d(tracks, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 1))


def cross_validated_accuracy(a, b, folds=5, epochs=60, seed=0, per_class=256):
    """Held-out accuracy per fold of a CNN telling rolls a (label 0) from rolls b (label 1), [n, steps, pitches,
    tracks] each; the classes balanced by a seeded subsample, folds interleaved over a seeded shuffle."""
    rng = np.random.default_rng(seed)
    n = min(len(a), len(b), per_class)
    a, b = a[rng.permutation(len(a))[:n]], b[rng.permutation(len(b))[:n]]
    x = torch.tensor(np.concatenate([a, b]), dtype=torch.float32).permute(0, 3, 1, 2).contiguous()
    y = torch.tensor([0.0] * n + [1.0] * n)
    order = rng.permutation(2 * n)
    accuracies = []
    for f in range(folds):
        test = order[f::folds]
        train = np.setdiff1d(order, test)
        torch.manual_seed(seed + f)
        model = classifier(x.shape[1])
        opt = torch.optim.Adam(model.parameters(), 1e-3, weight_decay=1e-4)
        for _ in range(epochs):
            shuffled = train[rng.permutation(len(train))]
            for i in range(0, len(shuffled), 32):
                batch = shuffled[i:i + 32]
                loss = nn.functional.binary_cross_entropy_with_logits(model(x[batch]).squeeze(1), y[batch])
                opt.zero_grad()
                loss.backward()
                opt.step()
        with torch.no_grad():
            guess = (model(x[test]).squeeze(1) > 0).float()
        accuracies.append((guess == y[test]).float().mean().item())
    return accuracies


def line(label, accuracies):
    return (f"{label}: held-out accuracy {np.mean(accuracies):.3f} ± {np.std(accuracies, ddof=1):.3f} "
            f"(folds {' '.join(f'{v:.3f}' for v in accuracies)})")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folder")
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--generated", default="generated")
    p.add_argument("--no-floor", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    real = load(a.folder, "real")
    pairs = [(f"CNN on rolls, real vs {a.generated}", a.generated)]
    if not a.no_floor:
        pairs.append(("floor, held-out real vs training-side real", "train"))
    for label, other in pairs:
        print(line(label, cross_validated_accuracy(real, load(a.folder, other), a.folds, a.epochs, a.seed)), flush=True)


if __name__ == "__main__":
    main()
