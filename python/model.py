"""The engine's generator and critic (docs/model.md) in PyTorch, for any preset: shapes come from run.json's
config.model (steps, pitches, tracks, zDim, gChannels, dChannels, criticNorm, dropout).

Layout: NCHW, a roll batch is [B, tracks, steps, pitches]; the engine and the data shards are NHWC
[B, steps, pitches, tracks] (use to_nchw / to_nhwc; both return contiguous tensors).
Module names are the exchange checkpoints' tensor names (G.l1.conv.weight ...); run.json maps them to the engine's.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

EPS = 1e-5  # batch and layer norm epsilon, as PyTorch's and the engine's


def to_nchw(x: torch.Tensor) -> torch.Tensor:
    """[B, steps, pitches, tracks] -> [B, tracks, steps, pitches], contiguous (see PReLU below for why)."""
    return x.permute(0, 3, 1, 2).contiguous()


def to_nhwc(x: torch.Tensor) -> torch.Tensor:
    """[B, tracks, steps, pitches] -> [B, steps, pitches, tracks], contiguous."""
    return x.permute(0, 2, 3, 1).contiguous()


class PReLU(nn.Module):
    """One slope per channel, as relu(x) - a * relu(-x) (the engine's form).

    Not nn.PReLU: in Debian's PyTorch 1.13 nn.PReLU on a channels_last-strided input silently drops the
    double-backward path, and the gradient penalty needs it. This form is correct for any strides.
    """

    def __init__(self, channels: int):
        super().__init__()
        self.weight = nn.Parameter(torch.full((channels,), 0.25))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(x) - self.weight.view(1, -1, 1, 1) * F.relu(-x)


class LayerNorm2d(nn.Module):
    """Per-sample layer norm over [C, H, W] with a per-channel affine (the engine's critic norm 'layer')."""

    def __init__(self, channels: int):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mean = x.mean(dim=(1, 2, 3), keepdim=True)
        var = (x - mean).pow(2).mean(dim=(1, 2, 3), keepdim=True)
        y = (x - mean) * torch.rsqrt(var + EPS)
        return y * self.weight.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)


class SelfAttention(nn.Module):
    """SAGAN: 1x1 query/key to max(1, C//8), value to C, softmax over key positions (no 1/sqrt(d)), gamma*out + x."""

    def __init__(self, channels: int):
        super().__init__()
        d = max(1, channels // 8)
        self.query = nn.Conv2d(channels, d, 1)
        self.key = nn.Conv2d(channels, d, 1)
        self.value = nn.Conv2d(channels, channels, 1)
        self.gamma = nn.Parameter(torch.zeros(1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        n = h * w
        q = self.query(x).view(b, -1, n).permute(0, 2, 1)
        k = self.key(x).view(b, -1, n)
        attn = torch.softmax(torch.bmm(q, k), dim=-1)
        out = torch.bmm(self.value(x).view(b, c, n), attn.permute(0, 2, 1))
        return self.gamma * out.view(b, c, h, w) + x


class Block(nn.Module):
    """conv -> optional norm -> optional PReLU, with stable names (conv, norm, act)."""

    def __init__(self, conv: nn.Module, norm: nn.Module = None, act: bool = True):
        super().__init__()
        self.conv = conv
        if norm is not None:
            self.norm = norm
        if act:
            self.act = PReLU(conv.out_channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv(x)
        if hasattr(self, "norm"):
            x = self.norm(x)
        return self.act(x) if hasattr(self, "act") else x


# (kernel, stride, padding) of the layers after the first; 'same' padding is symmetric for all of them.
T2x1 = ((4, 3), (2, 1), (1, 1))
T2x2 = ((4, 4), (2, 2), (1, 1))
SAME3 = ((3, 3), (1, 1), (1, 1))


class Generator(nn.Module):
    """z [B, zDim] -> sigmoid roll [B, tracks, steps, pitches]; batch norm keeps running stats for eval()."""

    def __init__(self, m: dict):
        super().__init__()
        self.z_dim = m["zDim"]
        ch = list(m["gChannels"])
        first = nn.ConvTranspose2d(self.z_dim, ch[0], (m["steps"] // 16, m["pitches"] // 4))
        bn = lambda c: nn.BatchNorm2d(c, eps=EPS, momentum=0.1)  # noqa: E731
        self.l1 = Block(first, bn(ch[0]))
        self.l2 = Block(nn.ConvTranspose2d(ch[0], ch[1], *T2x1), bn(ch[1]))
        self.l3 = Block(nn.ConvTranspose2d(ch[1], ch[2], *T2x2), bn(ch[2]))
        self.l4 = Block(nn.ConvTranspose2d(ch[2], ch[3], *T2x1), bn(ch[3]))
        self.attn = SelfAttention(ch[3])
        self.l5 = Block(nn.ConvTranspose2d(ch[3], ch[4], *T2x2), bn(ch[4]))
        self.l6 = Block(nn.ConvTranspose2d(ch[4], m["tracks"], *SAME3), act=False)
        if m.get("generatorTrackGate"):
            # model.generatorTrackGate: z sets a bias per track, so a piece can leave tracks out (its instrumentation).
            # Zero at the start: a generator grown from one without it plays exactly as before.
            self.gate = nn.Linear(self.z_dim, m["tracks"])
            nn.init.zeros_(self.gate.weight)
            nn.init.zeros_(self.gate.bias)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = self.l4(self.l3(self.l2(self.l1(z.view(-1, self.z_dim, 1, 1)))))
        logits = self.l6(self.l5(self.attn(x)))
        if hasattr(self, "gate"):
            logits = logits + GATE_SCALE * self.gate(z.view(-1, self.z_dim)).view(-1, logits.shape[1], 1, 1)
        return torch.sigmoid(logits)


def critic_norm(kind: str, channels: int):
    """'batch' (paper: this call's batch statistics, no running stats) | 'layer' | 'none'."""
    if kind == "batch":
        return nn.BatchNorm2d(channels, eps=EPS, track_running_stats=False)
    if kind == "layer":
        return LayerNorm2d(channels)
    if kind == "none":
        return None
    raise ValueError(f"unknown critic norm {kind!r}")


def bar_steps(model):
    """Steps in one bar of the run's roll (config.model.roll; runs made before it was stored are 4/4 at 4 steps per
    beat). The engine's pianoroll.ts barSteps(rollConfigOf(model))."""
    roll = model.get("roll")
    return roll["stepsPerBeat"] * roll["beatsPerBar"] if roll else 16


def step_neighbours(x):
    """[B, tracks, steps, pitches] -> the roll one step before, at, one and two steps after each step, silence past
    either end: what note starts and lengths are read from. The engine's rollStats.ts stepNeighbours."""
    s = x.shape[2]
    xp = F.pad(x, (0, 0, 1, 2))
    return xp[:, :, :s], xp[:, :, 1:s + 1], xp[:, :, 2:s + 2], xp[:, :, 3:s + 3]


def share_features(x, bar=16, counts=True):
    """[B, tracks, steps, pitches] binary (straight-through) roll -> [B, 2 * bar + 10]: the shares a listener hears and
    bench:fidelity's classifier reads: where in the bar non-drum notes start and where drum hits fall, how many non-drum
    notes last 1, 2 or 3+ steps, the non-drum cells on pitch rows 0-3 mod 4 (the x4 upsampling's artefact), log
    density, and how many pitches (non-drum) and tracks play (a pitch or track counts 1 - exp(-cells); without
    counts, [B, 2 * bar + 8] stops before these two: train.shareCounts). Onsets as
    x[s] (1 - x[s-1]), not relu(x[s] - x[s-1]): on a binary roll they are the same, but a silent
    step after a silent one still gets a gradient, so notes can appear where there are none. Drums are track 0, one
    hit a cell. The engine's shareStats.ts shareFeatures."""
    b, t, s, p = x.shape
    prev, cur, nxt, nxt2 = step_neighbours(x[:, 1:])  # non-drum tracks
    starts = cur * (1 - prev)
    onsets = starts.sum(dim=(1, 3))  # [B, steps]
    total = onsets.sum(dim=1, keepdim=True) + 1  # + 1 note: a piece without notes has shares of 0, not 0 / 0
    one = (starts * (1 - nxt)).sum(dim=(1, 2, 3))
    two = (starts * nxt * (1 - nxt2)).sum(dim=(1, 2, 3))
    lengths = torch.stack([one, two, total[:, 0] - 1 - one - two], dim=1) / total
    drums = x[:, 0].sum(dim=2)  # [B, steps]
    rows = x[:, 1:].sum(dim=(1, 2)).view(b, p // 4, 4).sum(dim=1)
    out = [
        onsets.view(b, s // bar, bar).sum(dim=1) / total,
        drums.view(b, s // bar, bar).sum(dim=1) / (drums.sum(dim=1, keepdim=True) + 1),
        lengths,
        rows / (rows.sum(dim=1, keepdim=True) + 1),
        torch.log(x.mean(dim=(1, 2, 3)) + 1e-4)[:, None],
    ]
    if counts:
        out += [(1 - torch.exp(-x[:, 1:].sum(dim=(1, 2)))).sum(dim=1, keepdim=True),
                (1 - torch.exp(-x.sum(dim=(2, 3)))).sum(dim=1, keepdim=True)]
    return torch.cat(out, dim=1)


STATS_HIDDEN = 32  # the hidden width of the critic's feature branches (the engine's models.ts)
STATS_SCALE = 8.0  # a feature branch's output is scaled (as the gate below), so it counts within a few hundred critic steps
GATE_SCALE = 8.0  # the track gate's output is scaled so Adam's ~lr steps move a track's logits by whole units in ~1k steps


def track_stats(x: torch.Tensor) -> torch.Tensor:
    """[B, tracks, steps, pitches] -> [B, tracks + tracks * 12]: log1p of each track's cell count, then of its count
    per pitch class (pitches fold by octave from lowestPitch, a C). Sums, so the gradient is the same in every library."""
    b, t, _, p = x.shape
    per_class = x.sum(dim=2).view(b, t, p // 12, 12).sum(dim=2)  # [B, tracks, 12]
    return torch.cat([torch.log1p(per_class.sum(dim=2)), torch.log1p(per_class).flatten(1)], dim=1)


def share_branch_input(x: torch.Tensor, bar: int) -> torch.Tensor:
    """share_features with its two counts (pitches and tracks that play) as log1p, so no input is tens of times the
    others. The engine's models.ts shareBranchInput."""
    f = share_features(x, bar)
    return torch.cat([f[:, :-2], torch.log1p(f[:, -2:])], dim=1)


class FeatureBranch(nn.Module):
    """A critic branch on per-piece features, seen whole: Linear -> PReLU -> Linear, scaled by STATS_SCALE. The last
    layer starts at zero, so a critic grown from one without the branch scores exactly as before.
    model.criticTrackStats: which tracks play and which pitch classes they use (the conv path mixes 17 tracks into
    dChannels[0] channels at once). model.criticShares: the shares a listener hears (share_features), per piece,
    so the critic can tell pieces apart by how their onsets, note lengths, density and pitch rows go together."""

    def __init__(self, features, inputs: int):
        super().__init__()
        self.features = features
        self.l1 = nn.Linear(inputs, STATS_HIDDEN)
        self.act = nn.Parameter(torch.full((STATS_HIDDEN,), 0.25))
        self.l2 = nn.Linear(STATS_HIDDEN, 1)
        nn.init.zeros_(self.l2.weight)
        nn.init.zeros_(self.l2.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.l1(self.features(x))
        return STATS_SCALE * self.l2(F.relu(h) - self.act.view(1, -1) * F.relu(-h))


def track_stats_branch(m: dict) -> FeatureBranch:
    return FeatureBranch(track_stats, m["tracks"] * 13)


def share_branch(m: dict) -> FeatureBranch:
    bar = bar_steps(m)
    return FeatureBranch(lambda x: share_branch_input(x, bar), 2 * bar + 10)


class Critic(nn.Module):
    """roll [B, tracks, steps, pitches] -> score [B, 1], no sigmoid. Real, fake and x-hat go in separate calls."""

    def __init__(self, m: dict):
        super().__init__()
        ch, norm = list(m["dChannels"]), m["criticNorm"]
        self.c1 = Block(nn.Conv2d(m["tracks"], ch[0], *SAME3))
        self.c2 = Block(nn.Conv2d(ch[0], ch[1], *T2x2), critic_norm(norm, ch[1]))
        self.c3 = Block(nn.Conv2d(ch[1], ch[2], *T2x1), critic_norm(norm, ch[2]))
        self.attn = SelfAttention(ch[2])
        self.c4 = Block(nn.Conv2d(ch[2], ch[3], *T2x2), critic_norm(norm, ch[3]))
        self.c5 = Block(nn.Conv2d(ch[3], ch[4], *T2x1), critic_norm(norm, ch[4]))
        self.drop = nn.Dropout(m["dropout"])
        self.fc = nn.Linear(ch[4] * (m["steps"] // 16) * (m["pitches"] // 4), 1)
        if m.get("criticTrackStats"):
            self.stats = track_stats_branch(m)
        if m.get("criticShares"):
            self.shares = share_branch(m)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.c3(self.c2(self.c1(x)))
        h = self.c5(self.c4(self.attn(h)))
        score = self.fc(self.drop(h.flatten(1)))
        for name in ("stats", "shares"):
            if hasattr(self, name):
                score = score + getattr(self, name)(x)
        return score


def count_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


if __name__ == "__main__":
    import json
    import sys

    # model.py CONFIG.json: print the parameter counts of G and D for a run config (or a list of configs)
    cfgs = json.load(open(sys.argv[1]))
    cfgs = cfgs if isinstance(cfgs, list) else [cfgs]
    out = [{"generator": count_params(Generator(c["model"])), "critic": count_params(Critic(c["model"]))} for c in cfgs]
    print(json.dumps(out))
