"""One step from the exported state with fixed inputs, for comparison with the engine (tests/README).

  python3 check_step.py DIR INPUTS.npz OUT.safetensors [--start CHECKPOINT] [--critic-norm N] [--loss L] [--straight-through]
  [--stats-matching W] [--match-instrumentation]
  [--stats-on-soft-output] [--stats-sharpness K] [--groove-matching W]
  [--polyphony-matching W] [--stats-in-sd] [--share-matching W] [--share-distribution] [--share-counts]
  [--diff-augment N]
Starts from CHECKPOINT (default: the exported one); --critic-norm batch|layer, --loss wgan-gp|gan, --straight-through and
--stats-matching, --match-instrumentation, --stats-on-soft-output, --stats-sharpness, --groove-matching, --polyphony-matching, --stats-in-sd, --share-matching, --share-distribution, --share-counts and --diff-augment override the run's config (batch and layer norm have the same tensors). INPUTS.npz: real (NHWC float32 [B, steps, pitches, tracks]),
z and zg ([B, zDim]), eps ([B]), with --diff-augment aug_real, aug_fake and aug_gen ([B, 2]: each piece's bars and
rows, steps.diff_augment), and optionally znoise ([N, zDim]): G in eval mode on it, before the step, is
written as gen (NHWC) into OUT (what generation from that checkpoint gives).
Dropout is off. Prints {"dLoss", "gp", "wDist", "gLoss"} as JSON; OUT holds the state after the step.
"""

import argparse
import json

import numpy as np
import torch

import exchange
from model import Critic, Generator, to_nchw, to_nhwc
from steps import CriticLoss, adam, bar_steps, critic_step, generator_step


def main(folder, inputs, out, start=None, critic_norm=None, loss=None, straight_through=False, stats_matching=None,
         match_instrumentation=False, stats_on_soft=False, stats_sharpness=None, groove_matching=None,
         polyphony_matching=None, stats_in_sd=False, share_matching=None, share_distribution=False,
         share_counts=False, diff_augment=None):
    torch.set_num_threads(1)
    run = exchange.load_run(folder)
    cfg = dict(run["config"]["model"], dropout=0.0)
    train = dict(run["config"]["train"])
    cfg["criticNorm"] = critic_norm or cfg["criticNorm"]
    train["loss"] = loss or train["loss"]
    binary = straight_through or bool(train.get("straightThrough"))
    G, D = Generator(cfg), Critic(cfg)
    opt_g, opt_d = adam(G, train["lrG"], train), adam(D, train["lrD"], train)
    start = start or exchange.checkpoint_path(folder, run["source"]["step"])
    info = exchange.load_state(start, run, G, D, opt_g, opt_d)
    for opt, lr in ((opt_g, info["lr"]["g"]), (opt_d, info["lr"]["d"])):
        for group in opt.param_groups:
            group["lr"] = lr
    x = np.load(inputs)
    t = lambda k: torch.from_numpy(x[k])  # noqa: E731
    extra = []
    if "znoise" in x.files:
        G.eval()
        with torch.no_grad():
            extra.append(("gen", to_nhwc(G(t("znoise"))).numpy()))
        G.train()
    augmenting = (diff_augment if diff_augment is not None else train.get("diffAugment") or 0) > 0
    draws = (lambda k: t(k).long()) if augmenting else (lambda k: None)  # noqa: E731
    augment = (draws("aug_real"), draws("aug_fake")) if augmenting else None
    critic_loss = CriticLoss(D, train["loss"], train["lambda"], bar_steps(cfg))
    d_loss, gp, wdist = critic_step(G, critic_loss, opt_d, to_nchw(t("real")), t("z"), t("eps"), binary, augment)
    g_loss = generator_step(G, D, opt_g, t("zg"), train["loss"], binary, to_nchw(t("real")),
                            float(stats_matching if stats_matching is not None else train.get("statsMatching") or 0),
                            match_instrumentation or bool(train.get("matchInstrumentation")), bar_steps(cfg),
                            stats_on_soft or bool(train.get("statsOnSoftOutput")),
                            float(stats_sharpness if stats_sharpness is not None else train.get("statsSharpness") or 0),
                            float(groove_matching if groove_matching is not None else train.get("grooveMatching") or 0),
                            float(polyphony_matching if polyphony_matching is not None
                                  else train.get("polyphonyMatching") or 0),
                            stats_in_sd or bool(train.get("statsInSd")),
                            float(share_matching if share_matching is not None else train.get("shareMatching") or 0),
                            share_distribution or bool(train.get("shareDistribution")),
                            share_counts or bool(train.get("shareCounts")), draws("aug_gen"))
    state = exchange.state_tensors(run, G, D, opt_g, opt_d)
    exchange.write_safetensors(out, state + extra, {"format": exchange.CHECKPOINT_FORMAT, "meta": "{}"})
    print(json.dumps({"dLoss": float(d_loss), "gp": float(gp), "wDist": float(wdist), "gLoss": float(g_loss)}))


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    for name in ("folder", "inputs", "out"):
        p.add_argument(name)
    p.add_argument("--start")
    p.add_argument("--critic-norm", choices=["batch", "layer"])
    p.add_argument("--loss", choices=["wgan-gp", "gan"])
    p.add_argument("--straight-through", action="store_true")
    p.add_argument("--stats-matching", type=float)
    p.add_argument("--match-instrumentation", action="store_true")
    p.add_argument("--stats-on-soft-output", action="store_true")
    p.add_argument("--stats-sharpness", type=float)
    p.add_argument("--groove-matching", type=float)
    p.add_argument("--polyphony-matching", type=float)
    p.add_argument("--stats-in-sd", action="store_true")
    p.add_argument("--share-matching", type=float)
    p.add_argument("--share-distribution", action="store_true")
    p.add_argument("--share-counts", action="store_true")
    p.add_argument("--diff-augment", type=int)
    a = p.parse_args()
    main(a.folder, a.inputs, a.out, a.start, a.critic_norm, a.loss, a.straight_through, a.stats_matching,
         a.match_instrumentation, a.stats_on_soft_output, a.stats_sharpness, a.groove_matching,
         a.polyphony_matching, a.stats_in_sd, a.share_matching, a.share_distribution,
         a.share_counts, a.diff_augment)
