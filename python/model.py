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


STATS_HIDDEN = 32
STATS_SCALE = 8.0  # the track-stats branch output is scaled (as the gate below), so it counts within a few hundred critic steps
GATE_SCALE = 8.0  # the track gate's output is scaled so Adam's ~lr steps move a track's logits by whole units in ~1k steps  # the track-stats branch's hidden width (the engine's models.ts)


def track_stats(x: torch.Tensor) -> torch.Tensor:
    """[B, tracks, steps, pitches] -> [B, tracks + tracks * 12]: log1p of each track's cell count, then of its count
    per pitch class (pitches fold by octave from lowestPitch, a C). Sums, so the gradient is the same in every library."""
    b, t, _, p = x.shape
    per_class = x.sum(dim=2).view(b, t, p // 12, 12).sum(dim=2)  # [B, tracks, 12]
    return torch.cat([torch.log1p(per_class.sum(dim=2)), torch.log1p(per_class).flatten(1)], dim=1)


class TrackStats(nn.Module):
    """model.criticTrackStats: which tracks play and which pitch classes they use, seen whole (the conv path mixes 17
    tracks into dChannels[0] channels at once). Linear -> PReLU -> Linear; the last starts at zero, so a critic
    grown from one without the branch scores exactly as before."""

    def __init__(self, tracks: int):
        super().__init__()
        self.l1 = nn.Linear(tracks * 13, STATS_HIDDEN)
        self.act = nn.Parameter(torch.full((STATS_HIDDEN,), 0.25))
        self.l2 = nn.Linear(STATS_HIDDEN, 1)
        nn.init.zeros_(self.l2.weight)
        nn.init.zeros_(self.l2.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.l1(track_stats(x))
        return STATS_SCALE * self.l2(F.relu(h) - self.act.view(1, -1) * F.relu(-h))


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
            self.stats = TrackStats(m["tracks"])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.c3(self.c2(self.c1(x)))
        h = self.c5(self.c4(self.attn(h)))
        score = self.fc(self.drop(h.flatten(1)))
        return score + self.stats(x) if hasattr(self, "stats") else score


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
