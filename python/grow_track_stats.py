"""Give an exported run's critic the track-stats branch (model.criticTrackStats), keeping everything it has learnt.

  python3 grow_track_stats.py FOLDER [--seed N]

Rewrites run.json (config and tensor list) and every checkpoint in checkpoints/ and ema/: the new branch's first layer
starts at PyTorch's default init (seeded), its last layer and its Adam moments at zero, so the grown critic scores
exactly as before and training goes on from where it was (train_ddp.py). Refuses a run that has the branch already.
"""

import argparse
import json
import os

import numpy as np
import torch

import exchange
from model import STATS_HIDDEN, TrackStats


def new_specs(tracks):
    """run.json tensor rows of the branch: weights, then Adam's two moments of each, in the engine's names."""
    nf = tracks * 13
    parts = [  # engine key, torch name, engine shape, torch shape, transform
        ("w1", "l1.weight", [nf, STATS_HIDDEN], [STATS_HIDDEN, nf], "linear"),
        ("b1", "l1.bias", [STATS_HIDDEN], [STATS_HIDDEN], "same"),
        ("a", "act", [STATS_HIDDEN], [STATS_HIDDEN], "same"),
        ("w2", "l2.weight", [STATS_HIDDEN, 1], [1, STATS_HIDDEN], "linear"),
        ("b2", "l2.bias", [1], [1], "same"),
    ]
    rows = []
    for eng_prefix, torch_prefix in (("d", "D"), ("optD/m", "optD.exp_avg.D"), ("optD/v", "optD.exp_avg_sq.D")):
        for key, name, eshape, tshape, transform in parts:
            rows.append({"engine": f"{eng_prefix}/stats/{key}", "torch": f"{torch_prefix}.stats.{name}",
                         "transform": transform, "engineShape": eshape, "torchShape": tshape, "dtype": "F32"})
    return rows


def grow(folder, seed=0):
    path = os.path.join(folder, "run.json")
    run = exchange.load_run(folder)
    model = run["config"]["model"]
    if model.get("criticTrackStats"):
        raise SystemExit(f"{folder}: the critic has the track-stats branch already")
    if model["pitches"] % 12:
        raise SystemExit(f"{folder}: track stats fold pitches by octave; {model['pitches']} pitches is not whole octaves")
    torch.manual_seed(seed)
    branch = TrackStats(model["tracks"])
    values = {f"D.stats.{k}": v.detach().numpy() for k, v in branch.state_dict().items()}
    rows = new_specs(model["tracks"])
    for sub in ("checkpoints", "ema"):
        d = os.path.join(folder, sub)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith(".safetensors"):
                continue
            file = os.path.join(d, f)
            tensors, meta = exchange.read_safetensors(file)
            out = [(spec["torch"], tensors[spec["torch"]]) for spec in run["tensors"]]
            for r in rows:
                v = values.get(r["torch"])
                out.append((r["torch"], np.zeros(r["torchShape"], np.float32) if v is None else v))
            exchange.write_safetensors(file, out, meta)
    run["tensors"] = run["tensors"] + rows
    model["criticTrackStats"] = True
    exchange.write_atomic(path, [json.dumps(run, indent=2).encode()])


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("folder")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    grow(a.folder, a.seed)
