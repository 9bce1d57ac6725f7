"""Grow an exported run's model by a branch that starts at zero, keeping everything it has learnt.

  python3 grow.py FOLDER [--track-stats] [--track-gate] [--seed N]

--track-stats: the critic's track-stats branch (model.criticTrackStats: each track's note count and its counts per
  pitch class, seen whole). Its first layer starts at PyTorch's default init (seeded), its last at zero.
--track-gate: the generator's per-track bias from z (model.generatorTrackGate), zero.
Rewrites run.json (config and tensor list) and every checkpoint in checkpoints/ and ema/, with zero Adam moments for
the new tensors: the grown model scores and plays exactly as before, and train_ddp.py goes on from where it was.
Refuses a branch the run has already.
"""

import argparse
import json
import os

import numpy as np
import torch

import exchange
from model import STATS_HIDDEN, TrackStats


def spec_rows(model_letter, parts):
    """run.json tensor rows of a branch: its weights, then Adam's two moments of each, in the engine's names."""
    eng, opt = model_letter.lower(), f"opt{model_letter}"
    rows = []
    for eng_prefix, torch_prefix in ((eng, model_letter), (f"{opt}/m", f"{opt}.exp_avg.{model_letter}"),
                                     (f"{opt}/v", f"{opt}.exp_avg_sq.{model_letter}")):
        for key, name, eshape, tshape, transform in parts:
            rows.append({"engine": f"{eng_prefix}/{key}", "torch": f"{torch_prefix}.{name}",
                         "transform": transform, "engineShape": eshape, "torchShape": tshape, "dtype": "F32"})
    return rows


def track_stats_branch(model, seed):
    if model["pitches"] % 12:
        raise SystemExit(f"track stats fold pitches by octave; {model['pitches']} pitches is not whole octaves")
    nf, h = model["tracks"] * 13, STATS_HIDDEN
    rows = spec_rows("D", [  # engine key, torch name, engine shape, torch shape, transform
        ("stats/w1", "stats.l1.weight", [nf, h], [h, nf], "linear"),
        ("stats/b1", "stats.l1.bias", [h], [h], "same"),
        ("stats/a", "stats.act", [h], [h], "same"),
        ("stats/w2", "stats.l2.weight", [h, 1], [1, h], "linear"),
        ("stats/b2", "stats.l2.bias", [1], [1], "same"),
    ])
    torch.manual_seed(seed)
    values = {f"D.stats.{k}": v.detach().numpy() for k, v in TrackStats(model["tracks"]).state_dict().items()}
    return "criticTrackStats", rows, values


def track_gate_branch(model):
    z, t = model["zDim"], model["tracks"]
    rows = spec_rows("G", [("gate/w", "gate.weight", [z, t], [t, z], "linear"), ("gate/b", "gate.bias", [t], [t], "same")])
    return "generatorTrackGate", rows, {}


def grow(folder, track_stats=False, track_gate=False, seed=0):
    run = exchange.load_run(folder)
    model = run["config"]["model"]
    branches = ([track_stats_branch(model, seed)] if track_stats else []) + ([track_gate_branch(model)] if track_gate else [])
    for flag, _, _ in branches:
        if model.get(flag):
            raise SystemExit(f"{folder}: the model has {flag} already")
    rows = [r for _, rs, _ in branches for r in rs]
    values = {k: v for _, _, vs in branches for k, v in vs.items()}
    for sub in ("checkpoints", "ema"):
        d = os.path.join(folder, sub)
        for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            if not f.endswith(".safetensors"):
                continue
            file = os.path.join(d, f)
            tensors, meta = exchange.read_safetensors(file)
            out = [(spec["torch"], tensors[spec["torch"]]) for spec in run["tensors"]]
            out += [(r["torch"], values.get(r["torch"], np.zeros(r["torchShape"], np.float32))) for r in rows]
            exchange.write_safetensors(file, out, meta)
    run["tensors"] = run["tensors"] + rows
    for flag, _, _ in branches:
        model[flag] = True
    exchange.write_atomic(os.path.join(folder, "run.json"), [json.dumps(run, indent=2).encode()])


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("folder")
    p.add_argument("--track-stats", action="store_true")
    p.add_argument("--track-gate", action="store_true")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    if not (a.track_stats or a.track_gate):
        p.error("name a branch: --track-stats and/or --track-gate")
    grow(a.folder, a.track_stats, a.track_gate, a.seed)
