"""Where stats matching's gradient goes, on an exported PyTorch run folder (export-run / train_ddp.py).

  python3 bench/fidelity/diagnostics/stats_gradients.py FOLDER STEP
      the norm of each stats-gap block's gradient on G's parameters, beside the adversarial term's
      (64 real, key-aligned, and 64 generated pieces from the checkpoint at STEP)
  python3 bench/fidelity/diagnostics/stats_gradients.py FOLDER STEP --alone binary|soft|sharp [--steps 60]
        [--sharpness 3] [--stats 1] [--groove 0]
      optimise G on the stats gap alone (with instrumentation; plus the groove gap at --groove), on the binarised roll
      (straight-through), the soft output or the sharpened soft output, and print the binary pieces' groove, tracks
      per piece and one- and two-step note shares

docs/experiments.md (sessions 6 and 7) quotes them.
"""
import argparse
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "python"))
import exchange  # noqa: E402
from model import Critic, Generator, to_nchw, track_stats  # noqa: E402
from steps import adam, groove_gap, instrumentation_stats, rhythm_stats, sharpen, stats_gap, straight_through  # noqa: E402
from train_ddp import align_key  # noqa: E402


def load(folder, step):
    run = exchange.load_run(folder)
    m, t = run["config"]["model"], run["config"]["train"]
    G, D = Generator(m), Critic(m)
    exchange.load_state(exchange.checkpoint_path(folder, step), run, G, D, adam(G, 0, t), adam(D, 0, t))
    return run, m, G, D, exchange.load_packed(folder, run)


def real_batch(run, m, packed, n):
    rows = packed[torch.randint(len(packed), (n,)).numpy()]
    return align_key(to_nchw(exchange.unpack(rows, run)), int(m["lowestPitch"]))


def features(x):
    """Binary pieces' groove consistency (any onset, bar to bar), tracks per piece, one- and two-step note shares."""
    x = (x > 0.5).float()
    onsets = torch.cat([x[:, :, :1], F.relu(x[:, :, 1:] - x[:, :, :-1])], dim=2).sum(dim=(1, 3))
    on = (onsets > 0).float().view(len(x), -1, 16)
    groove = 1 - (on[:, 1:] != on[:, :-1]).float().mean().item()
    tracks = (x.sum(dim=(2, 3)) > 0).float().sum(1).mean().item()
    s = x.shape[2]
    xp = F.pad(x, (0, 0, 1, 2))
    prev, cur, nxt, nxt2 = xp[:, :, :s], xp[:, :, 1:s + 1], xp[:, :, 2:s + 2], xp[:, :, 3:s + 3]
    starts = (cur * (1 - prev)).sum()
    one = (cur * (1 - prev) * (1 - nxt)).sum() / starts
    two = (cur * nxt * (1 - prev) * (1 - nxt2)).sum() / starts
    return f"groove {groove:.3f}  tracks {tracks:.2f}  one-step {one:.3f}  two-step {two:.3f}"


def gradient_norms(run, m, G, D, packed):
    real = real_batch(run, m, packed, 64)
    G.train()
    fake = straight_through(G(torch.randn(64, m["zDim"])))
    t = fake.shape[1]

    def gap(a, b):
        return (a.mean(0) - b.mean(0)).pow(2).sum()

    def sd(x):
        return torch.sqrt((x - x.mean(0)).pow(2).mean(0) + 1e-8)

    fs, rs = track_stats(fake), track_stats(real)
    fr, rr = rhythm_stats(fake), rhythm_stats(real)
    fi, ri = instrumentation_stats(fake), instrumentation_stats(real)
    blocks = {
        "track means": gap(fs, rs),
        "track spreads": (sd(fs[:, :t]) - sd(rs[:, :t])).pow(2).sum(),
        "onsets per step": gap(fr[:, :t * 16], rr[:, :t * 16]),
        "one/two-step notes": gap(fr[:, t * 16:t * 18], rr[:, t * 16:t * 18]),
        "groove per track": gap(fr[:, t * 18:t * 19], rr[:, t * 18:t * 19]),
        "groove, all tracks": gap(fr[:, -1:], rr[:, -1:]),
        "presence": gap(fi[:, :t], ri[:, :t]),
        "octaves": gap(fi[:, t:], ri[:, t:]),
        "adversarial (-D)": -D(fake).mean(),
    }
    params = list(G.parameters())
    for name, value in blocks.items():
        grads = torch.autograd.grad(value, params, retain_graph=True, allow_unused=True)
        norm = torch.sqrt(sum(g.pow(2).sum() for g in grads if g is not None))
        print(f"{name:20s} value {value.item():9.4f}  gradient norm {norm.item():9.3f}")


def alone(run, m, G, packed, mode, steps, k=3.0, stats_weight=1.0, groove_weight=0.0):
    opt = torch.optim.Adam(G.parameters(), lr=1.7e-4, betas=(0.5, 0.9))
    G.train()
    for i in range(steps + 1):
        out = G(torch.randn(16, m["zDim"]))
        seen = straight_through(out) if mode == "binary" else sharpen(out, k) if mode == "sharp" else out
        real = real_batch(run, m, packed, 16)
        loss = stats_weight * stats_gap(seen, real, True) + groove_weight * groove_gap(seen, real)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if i % 25 == 0:
            with torch.no_grad():
                x = torch.cat([G(torch.randn(16, m["zDim"])) for _ in range(8)])
            print(f"{mode} step {i:3d}  gap {loss.item():8.2f}  {features(x)}", flush=True)
    print(f"real             {features(real_batch(run, m, packed, 128))}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("step", type=int)
    p.add_argument("--alone", choices=["binary", "soft", "sharp"])
    p.add_argument("--sharpness", type=float, default=3.0, help="with --alone sharp: train.statsSharpness")
    p.add_argument("--stats", type=float, default=1.0, help="the stats gap's weight")
    p.add_argument("--groove", type=float, default=0.0, help="the groove gap's weight (train.grooveMatching)")
    p.add_argument("--steps", type=int, default=60)
    a = p.parse_args()
    torch.manual_seed(0)
    run, m, G, D, packed = load(a.folder, a.step)
    if a.alone:
        alone(run, m, G, packed, a.alone, a.steps, a.sharpness, a.stats, a.groove)
    else:
        gradient_norms(run, m, G, D, packed)


if __name__ == "__main__":
    main()
