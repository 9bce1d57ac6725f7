"""Grow an exported run's model by a branch that starts at zero, keeping everything it has learnt.

  python3 grow.py FOLDER [--track-stats] [--shares] [--track-gate] [--seed N]

--track-stats: the critic's track-stats branch (model.criticTrackStats: each track's note count and its counts per
  pitch class, seen whole). Its first layer starts at PyTorch's default init (seeded), its last at zero.
--shares: the critic's share branch (model.criticShares: share_features of each piece), started the same way.
--widen-last N: the generator's last hidden layer (gChannels[4], at the roll's full size) widened to N channels. The
  new channels' incoming weights start at PyTorch's default init (seeded, the same in checkpoints/ and ema/), their
  batch norm at weight 1, bias 0, running mean 0, variance 1, and their weights into the output layer at zero, so
  the generator plays exactly as before and the output layer learns to use them.
--track-gate: the generator's per-track bias from z (model.generatorTrackGate), zero.
--fresh-critic C1,C2,C3,C4,C5: not a growth: the critic replaced by a fresh one of those widths (model.dChannels;
  PyTorch's default init, seeded; its Adam state zero), the generator kept. Train it alone for a while before G
  listens to it (train_ddp.py --critic-only-until).
--fresh-generator C1,C2,C3,C4,C5: the generator (and its EMA twin) replaced by a fresh one of those widths
  (model.gChannels), its Adam state zero, the critic kept. With --fresh-critic too, a run from scratch at other widths.
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
from model import STATS_HIDDEN, Critic, Generator, share_branch, track_stats_branch


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


def feature_branch(model, seed, flag, key, make):
    """A critic feature branch (model.py FeatureBranch) under engine key KEY/ and torch name D.KEY."""
    branch = make(model)
    nf, h = branch.l1.in_features, STATS_HIDDEN
    rows = spec_rows("D", [  # engine key, torch name, engine shape, torch shape, transform
        (f"{key}/w1", f"{key}.l1.weight", [nf, h], [h, nf], "linear"),
        (f"{key}/b1", f"{key}.l1.bias", [h], [h], "same"),
        (f"{key}/a", f"{key}.act", [h], [h], "same"),
        (f"{key}/w2", f"{key}.l2.weight", [h, 1], [1, h], "linear"),
        (f"{key}/b2", f"{key}.l2.bias", [1], [1], "same"),
    ])
    torch.manual_seed(seed)
    values = {f"D.{key}.{k}": v.detach().numpy() for k, v in make(model).state_dict().items()}
    return flag, rows, values


def track_stats_rows(model, seed):
    if model["pitches"] % 12:
        raise SystemExit(f"track stats fold pitches by octave; {model['pitches']} pitches is not whole octaves")
    return feature_branch(model, seed, "criticTrackStats", "stats", track_stats_branch)


def shares_rows(model, seed):
    if model["pitches"] % 4:
        raise SystemExit(f"share stats fold pitch rows by 4; {model['pitches']} pitches")
    return feature_branch(model, seed, "criticShares", "shares", share_branch)


def track_gate_branch(model):
    z, t = model["zDim"], model["tracks"]
    rows = spec_rows("G", [("gate/w", "gate.weight", [z, t], [t, z], "linear"), ("gate/b", "gate.bias", [t], [t], "same")])
    return "generatorTrackGate", rows, {}


def rewrite_checkpoints(folder, tensors_of):
    """Every checkpoint in checkpoints/ and ema/ rewritten as tensors_of(its tensors by name): [(name, array)]."""
    for sub in ("checkpoints", "ema"):
        d = os.path.join(folder, sub)
        for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            if f.endswith(".safetensors"):
                file = os.path.join(d, f)
                tensors, meta = exchange.read_safetensors(file)
                exchange.write_safetensors(file, tensors_of(tensors), meta)


def base_of(name):
    """The parameter a tensor belongs to: "optG.exp_avg.G.l5.conv.weight" -> "G.l5.conv.weight" (Adam's moments follow
    their weights)."""
    return name.split(".", 2)[-1] if name.startswith("opt") else name


WIDENED = {  # G's tensors that widening the last hidden layer changes: torch name -> axis of gChannels[4]
    "G.l5.conv.weight": 1, "G.l5.conv.bias": 0, "G.l5.norm.weight": 0, "G.l5.norm.bias": 0,
    "G.l5.norm.running_mean": 0, "G.l5.norm.running_var": 0, "G.l5.act.weight": 0, "G.l6.conv.weight": 0,
}


def widen_last(folder, width, seed=0):
    """See --widen-last: rewrites run.json (gChannels[4], the tensor shapes) and every checkpoint."""
    run = exchange.load_run(folder)
    model = run["config"]["model"]
    old = model["gChannels"][4]
    if width <= old:
        raise SystemExit(f"{folder}: the last hidden layer has {old} channels; widen it to more")
    torch.manual_seed(seed)
    fresh = Generator(dict(model, gChannels=model["gChannels"][:4] + [width])).state_dict()
    extra = {"G.l5.norm.weight": 1.0, "G.l5.norm.bias": 0.0, "G.l5.norm.running_mean": 0.0,
             "G.l5.norm.running_var": 1.0, "G.l5.act.weight": 0.25, "G.l6.conv.weight": 0.0}

    def grown(name, value):
        base = base_of(name)
        axis = WIDENED.get(base)
        if axis is None:
            return value
        shape = list(value.shape)
        shape[axis] = width - old
        if name.startswith("opt"):  # Adam's moments of the new entries start at zero
            new = np.zeros(shape, value.dtype)
        elif base in extra:
            new = np.full(shape, extra[base], value.dtype)
        else:
            new = np.take(fresh[base[2:]].numpy(), range(old, width), axis=axis)
        return np.concatenate([value, new], axis=axis)

    rewrite_checkpoints(folder, lambda tensors: [(spec["torch"], grown(spec["torch"], tensors[spec["torch"]]))
                                                 for spec in run["tensors"]])
    for spec in run["tensors"]:
        axis = WIDENED.get(base_of(spec["torch"]))
        if axis is None:
            continue
        spec["torchShape"][axis] = width
        # the engine's layouts: conv-transpose weights [kh, kw, out, in], vectors [C]
        spec["engineShape"][(3 - axis) if len(spec["engineShape"]) == 4 else 0] = width
    model["gChannels"][4] = width
    exchange.write_atomic(os.path.join(folder, "run.json"), [json.dumps(run, indent=2).encode()])


ENGINE_SHAPE = {  # a tensor's shape in the engine from its PyTorch shape, by run.json's transform (python/README.md)
    "conv": lambda t: [t[2], t[3], t[1], t[0]],
    "same": list,
    "proj": lambda t: [t[1], t[0]],
    "scalar": lambda t: [],
    "fc": lambda t: [t[1], 1],
    "linear": lambda t: [t[1], t[0]],
}


FRESH = {"G": ("gChannels", Generator, "optG"), "D": ("dChannels", Critic, "optD")}


def fresh_model(folder, letter, channels, seed=0):
    """See --fresh-critic and --fresh-generator: the critic ("D") or the generator ("G", and its EMA twin) replaced by
    a fresh one of those widths. Rewrites run.json (the widths, the tensor shapes) and every checkpoint."""
    run = exchange.load_run(folder)
    model = run["config"]["model"]
    key, make, opt = FRESH[letter]
    if len(channels) != len(model[key]):
        raise SystemExit(f"{key} has {len(model[key])} widths; got {len(channels)}")
    model[key] = channels
    torch.manual_seed(seed)
    fresh = {f"{letter}.{k}": v.detach().numpy() for k, v in make(model).state_dict().items()}

    for spec in run["tensors"]:
        base = base_of(spec["torch"])
        if base in fresh:
            spec["torchShape"] = list(fresh[base].shape)
            spec["engineShape"] = ENGINE_SHAPE[spec["transform"]](spec["torchShape"])

    def tensors_of(tensors):
        out = []
        for spec in run["tensors"]:
            name = spec["torch"]
            if name.startswith(opt):  # Adam starts over: zero moments, zero updates done
                value = np.zeros(spec["torchShape"], tensors[name].dtype)
            else:
                value = fresh.get(name, tensors[name])
            out.append((name, value))
        return out

    rewrite_checkpoints(folder, tensors_of)
    exchange.write_atomic(os.path.join(folder, "run.json"), [json.dumps(run, indent=2).encode()])


def grow(folder, track_stats=False, shares=False, track_gate=False, seed=0):
    run = exchange.load_run(folder)
    model = run["config"]["model"]
    branches = ([track_stats_rows(model, seed)] if track_stats else []) + ([shares_rows(model, seed)] if shares else [])
    branches += [track_gate_branch(model)] if track_gate else []
    for flag, _, _ in branches:
        if model.get(flag):
            raise SystemExit(f"{folder}: the model has {flag} already")
    rows = [r for _, rs, _ in branches for r in rs]
    values = {k: v for _, _, vs in branches for k, v in vs.items()}
    rewrite_checkpoints(folder, lambda tensors: [(spec["torch"], tensors[spec["torch"]]) for spec in run["tensors"]] + [
        (r["torch"], values.get(r["torch"], np.zeros(r["torchShape"], np.float32))) for r in rows])
    run["tensors"] = run["tensors"] + rows
    for flag, _, _ in branches:
        model[flag] = True
    exchange.write_atomic(os.path.join(folder, "run.json"), [json.dumps(run, indent=2).encode()])


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("folder")
    p.add_argument("--track-stats", action="store_true")
    p.add_argument("--track-gate", action="store_true")
    p.add_argument("--shares", action="store_true")
    p.add_argument("--widen-last", type=int, metavar="N")
    p.add_argument("--fresh-critic", metavar="C1,C2,C3,C4,C5")
    p.add_argument("--fresh-generator", metavar="C1,C2,C3,C4,C5")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    if not (a.track_stats or a.track_gate or a.shares or a.widen_last or a.fresh_critic or a.fresh_generator):
        p.error("name a branch (--track-stats, --shares, --track-gate), --widen-last N, --fresh-critic C1,..,C5 or "
                "--fresh-generator C1,..,C5")
    if a.track_stats or a.track_gate or a.shares:
        grow(a.folder, a.track_stats, a.shares, a.track_gate, a.seed)
    if a.widen_last:
        widen_last(a.folder, a.widen_last, a.seed)
    if a.fresh_critic:
        fresh_model(a.folder, "D", [int(c) for c in a.fresh_critic.split(",")], a.seed)
    if a.fresh_generator:
        fresh_model(a.folder, "G", [int(c) for c in a.fresh_generator.split(",")], a.seed)
