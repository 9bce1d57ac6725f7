"""One critic update and one generator update, as the engine's src/main/ml/steps.ts computes them."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from model import bar_steps, share_features, step_neighbours, track_stats  # noqa: F401 (trainers import bar_steps here)


class CriticLoss(nn.Module):
    """D's whole loss in one forward, so DistributedDataParallel sees one forward per backward.

    D runs three separate times (fake, real, x-hat): with batch norm each call has its own batch statistics.
    The gradient penalty's inner autograd.grad (create_graph) only asks for d/dx-hat, so DDP's gradient hooks fire
    once per parameter, in the outer backward.
    """

    def __init__(self, critic: nn.Module, loss: str, lam: float, bar: int = 16):
        super().__init__()
        self.critic, self.loss, self.lam, self.bar = critic, loss, lam, bar

    def forward(self, real, fake, eps, augment=None):
        if augment is not None:  # train.diffAugment: the critic sees both batches moved, each piece its own way
            real, fake = diff_augment(real, augment[0], self.bar), diff_augment(fake, augment[1], self.bar)
        f, r = self.critic(fake), self.critic(real)
        wdist = (r.mean() - f.mean()).detach()
        if self.loss == "gan":
            return F.softplus(-r).mean() + F.softplus(f).mean(), torch.zeros(()), wdist
        xh = (eps.view(-1, 1, 1, 1) * real + (1 - eps.view(-1, 1, 1, 1)) * fake).requires_grad_(True)
        (g,) = torch.autograd.grad(self.critic(xh).sum(), xh, create_graph=True)
        norm = torch.sqrt(g.pow(2).sum(dim=(1, 2, 3)) + 1e-12)  # the engine's 1e-12
        gp = (norm - 1).pow(2).mean()
        return f.mean() - r.mean() + self.lam * gp, gp.detach(), wdist


def shift_pitched_rows(piece, rows):
    """One piece [tracks, steps, pitches] with its pitched tracks (all but track 0, drums: their rows are instruments)
    shifted up by `rows` pitch rows, rows pushed past the edge dropped and new ones empty (the engine's augment.ts
    transposeRoll on a batch's data, diffAugment.ts on a tensor). Differentiable."""
    if rows == 0:
        return piece
    moved = F.pad(piece[1:], (rows, 0))[..., :-rows] if rows > 0 else F.pad(piece[1:], (0, -rows))[..., -rows:]
    return torch.cat([piece[:1], moved], dim=0)


def diff_augment(x, draws, bar):
    """train.diffAugment (DiffAugment, Zhao et al. 2020): what the critic sees of a roll, real and generated alike.
    Each piece is rotated by a whole number of bars and its pitched tracks (all but track 0, drums) shifted by a number
    of pitch rows (rows pushed past the edge dropped), so a critic trained on a few hundred pieces cannot learn them by
    heart. Differentiable: G learns through it. x: NCHW [B, tracks, steps, pitches]; draws: int [B, 2] (bars, rows)
    from augment_draws. The engine's diffAugment.ts."""
    return torch.stack([shift_pitched_rows(torch.roll(x[i], bars * bar, dims=1) if bars else x[i], rows)
                        for i, (bars, rows) in enumerate(draws.tolist())])


def augment_draws(batch, bars, max_rows):
    """[batch, 2] int64: each piece's bar rotation (0..bars-1) and pitch shift (-max_rows..max_rows) for diff_augment."""
    return torch.stack([torch.randint(0, bars, (batch,)), torch.randint(-max_rows, max_rows + 1, (batch,))], dim=1)


BINARY_AT = 0.5  # straight-through outputs binarise here, the threshold the app and bench:fidelity start from


def straight_through(x):
    """Forward: the roll as the composer gets it (x > 0.5 -> 1, else 0). Backward: the identity, so G still learns."""
    return x + ((x > BINARY_AT).to(x.dtype) - x).detach()


def sharpen(x, k):
    """G's soft output with its logits scaled by k (train.statsSharpness): cells below 0.5 fall towards 0 and those
    above rise towards 1, so stats read from it are close to the binary roll's while every cell keeps a gradient
    (through the straight-through threshold, a step and the one before it that are both off pass none)."""
    logits = torch.log(x.clamp_min(1e-7)) - torch.log1p(-x.clamp_max(1 - 1e-7))
    return torch.sigmoid(k * logits)


def critic_step(G, critic_loss, opt_d, real, z, eps, binary=False, augment=None):
    """Fake batch from G in train mode without grad (its running stats move, as in the engine), then D's update.
    critic_loss is a CriticLoss or a DDP around one. binary: D sees G's roll thresholded (train.straightThrough).
    augment: (real draws, fake draws) for diff_augment (train.diffAugment). Returns (dLoss, gp, wDist) as 0-d tensors."""
    with torch.no_grad():
        fake = G(z)
        if binary:
            fake = (fake > BINARY_AT).to(fake.dtype)
    opt_d.zero_grad(set_to_none=True)
    loss, gp, wdist = critic_loss(real, fake, eps, augment)
    loss.backward()
    opt_d.step()
    return loss.detach(), gp, wdist


def groove_change(onsets, bar):
    """Onset counts [..., steps] -> [...]: log1p(16 x mean squared change between consecutive bars' onset patterns),
    a step counting as an onset by 1 - exp(-count) (muspy's groove consistency is 1 - the mean absolute change;
    squared here because |x|'s gradient at 0 differs between libraries: 0 in torch, -1 in tfjs)."""
    on = 1 - torch.exp(-onsets)
    bars = on.reshape(*on.shape[:-1], on.shape[-1] // bar, bar)
    return torch.log1p(bar * (bars[..., 1:, :] - bars[..., :-1, :]).pow(2).mean(dim=(-2, -1)))


def onset_counts(x):
    """[B, tracks, steps, pitches] -> [B, tracks, steps]: notes starting at each step (a cell whose step before it
    was off starts a note)."""
    return torch.cat([x[:, :, :1], F.relu(x[:, :, 1:] - x[:, :, :-1])], dim=2).sum(dim=3)


def rhythm_stats(x, bar=16):
    """[B, tracks, steps, pitches] -> [B, tracks * (bar + 2) (+ tracks + 1 with two bars or more)]: log1p of each track's
    onsets at each step of the bar, summed over bars (a cell whose step before it was off starts a note), then of its
    one-step and two-step notes; then how much each track's onset pattern, and all tracks' together, changes from bar
    to bar (groove_change). bar: steps in one bar (bar_steps). The engine's rollStats.ts rhythmStats."""
    b, t, s, _ = x.shape
    onsets = onset_counts(x)
    by_step = onsets.view(b, t, s // bar, bar).sum(dim=2)
    prev, cur, nxt, nxt2 = step_neighbours(x)
    one = (cur * (1 - prev) * (1 - nxt)).sum(dim=(2, 3))
    two = (cur * nxt * (1 - prev) * (1 - nxt2)).sum(dim=(2, 3))
    out = [torch.log1p(torch.cat([by_step.flatten(1), one, two], dim=1))]
    if s >= 2 * bar:
        out += [groove_change(onsets, bar), groove_change(onsets.sum(dim=1), bar)[:, None]]
    return torch.cat(out, dim=1)


def instrumentation_stats(x):
    """[B, tracks, steps, pitches] -> [B, tracks * 8]: whether each track plays (1 - exp(-cell count), so a stray
    part of one note already counts 0.63), then log1p of its cells in each octave from lowestPitch (its register:
    the bass low, the lead high). The engine's rollStats.ts instrumentationStats."""
    b, t, _, p = x.shape
    octaves = x.sum(dim=2).view(b, t, p // 12, 12).sum(dim=3)  # [B, tracks, octaves]
    return torch.cat([1 - torch.exp(-octaves.sum(dim=2)), torch.log1p(octaves).flatten(1)], dim=1)


SD_FLOOR = 0.1  # train.statsInSd: a feature the real batch never varies in still weighs at most 1 / 0.1^2


def stats_gap(fake, real, instrumentation=False, bar=16, in_sd=False):
    """Feature matching (train.statsMatching): squared gaps between the batch means of every track-stats and
    rhythm-stats feature (and instrumentation-stats feature with train.matchInstrumentation), plus between the
    spreads of each track's log note count (a track in some pieces and not in others has a wide spread). bar: steps
    in one bar. in_sd (train.statsInSd): each mean gap in the real batch's sd of that feature (plus SD_FLOOR), as the
    classifier and Cohen's d read it, so a rare feature the real pieces all share weighs as much as a loud one. The
    engine's rollStats.ts statsGap."""
    f, r = track_stats(fake), track_stats(real)
    t = fake.shape[1]

    def sd(x):
        return torch.sqrt((x - x.mean(dim=0)).pow(2).mean(dim=0) + 1e-8)

    def gap(a, b):
        scale = (b - b.mean(dim=0)).pow(2).mean(dim=0).sqrt() + SD_FLOOR if in_sd else 1.0
        return ((a.mean(dim=0) - b.mean(dim=0)) / scale).pow(2).sum()

    total = gap(f, r) + (sd(f[:, :t]) - sd(r[:, :t])).pow(2).sum() + gap(rhythm_stats(fake, bar), rhythm_stats(real, bar))
    return total + gap(instrumentation_stats(fake), instrumentation_stats(real)) if instrumentation else total


def groove_gap(fake, real, bar=16):
    """train.grooveMatching: the squared gaps between the batch means of how much each track's onset pattern, and all
    tracks' together, changes from bar to bar (rhythm_stats' groove terms on their own weight: in stats_gap their
    gradient is a few percent of the counts'); 0 for rolls of one bar. The engine's rollStats.ts grooveGap."""
    if fake.shape[2] < 2 * bar:
        return fake.sum() * 0

    def groove(x):
        onsets = onset_counts(x)
        return torch.cat([groove_change(onsets, bar), groove_change(onsets.sum(dim=1), bar)[:, None]], dim=1)

    return (groove(fake).mean(dim=0) - groove(real).mean(dim=0)).pow(2).sum()


def polyphony_gap(fake, real):
    """train.polyphonyMatching: the squared gap between the batch means of the share of steps where two or more
    non-drum notes sound (polyphony_rate's measure; soft, as 1 - exp(-c)(1 + c) of a step's count c, so a thin step
    asks for notes). Drums are track 0. The engine's rollStats.ts polyphonyGap."""

    def rate(x):
        c = x[:, 1:].sum(dim=(1, 3))  # [B, steps]
        return (1 - torch.exp(-c) * (1 + c)).mean(dim=1)

    return (rate(fake).mean() - rate(real).mean()).pow(2)


SHARE_SD_FLOOR = 0.02  # train.shareMatching: shares vary by a few hundredths across real pieces


MMD_WIDTHS = (0.5, 1.0, 2.0)  # train.shareDistribution: kernel widths, in squared distance per feature


def share_gap(fake, real, bar=16, distribution=False, counts=False):
    """train.shareMatching: squared gaps between the batch means of share_features of G's binary roll (straight
    through) and the real batch, each in the real batch's sd (plus SHARE_SD_FLOOR). distribution
    (train.shareDistribution): instead, the squared maximum mean discrepancy between the two batches' feature vectors
    in those units (Gaussian kernels, MMD_WIDTHS), so how the features go together in one piece counts, not only their
    means. counts (train.shareCounts): the features also count the pitches and tracks that play. The engine's
    shareStats.ts shareGap."""
    f, r = share_features(fake, bar, counts), share_features(real, bar, counts)
    scale = (r - r.mean(dim=0)).pow(2).mean(dim=0).sqrt() + SHARE_SD_FLOOR
    if not distribution:
        return ((f.mean(dim=0) - r.mean(dim=0)) / scale).pow(2).sum()
    f, r = f / scale, r / scale
    d = f.shape[1]

    def kernel(a, b):
        sq = (a[:, None, :] - b[None, :, :]).pow(2).sum(dim=2)
        return sum(torch.exp(-sq / (w * d)) for w in MMD_WIDTHS).mean()

    return kernel(f, f) + kernel(r, r) - 2 * kernel(f, r)


def generator_step(G, D, opt_g, z, loss_kind, binary=False, real=None, stats_weight=0.0, instrumentation=False,
                   bar=16, stats_on_soft=False, stats_sharpness=0.0, groove_weight=0.0, polyphony_weight=0.0,
                   stats_in_sd=False, share_weight=0.0, share_distribution=False, share_counts=False, augment=None):
    """-mean D(G(z)) (or BCE's softplus(-D)); D is frozen so only G gets gradients. G may be a DDP module.
    binary: D scores the thresholded roll, and the gradient passes straight through the threshold.
    stats_weight > 0 (with the real batch): plus that weight times stats_gap(what D scores, real, instrumentation);
    stats_on_soft: the gap is taken on G's soft output instead (train.statsOnSoftOutput), sharpened by
    stats_sharpness > 0 (train.statsSharpness). groove_weight > 0: plus that weight times groove_gap on the same roll
    (train.grooveMatching; on the binary roll its onsets can only move or vanish, so it wants the sharpened output);
    polyphony_weight > 0: plus that weight times polyphony_gap on the same roll (train.polyphonyMatching).
    stats_in_sd: the stats gap in the real batch's sds (train.statsInSd). share_weight > 0: plus that weight times
    share_gap of G's output (train.shareMatching; its MMD with share_distribution, train.shareDistribution; with the
    counts of pitches and tracks that play with share_counts, train.shareCounts). augment: draws for diff_augment of
    what D scores (train.diffAugment); the matching terms read G's roll as it is."""
    for p in D.parameters():
        p.requires_grad_(False)
    try:
        opt_g.zero_grad(set_to_none=True)
        out = G(z)
        seen = straight_through(out) if binary else out
        score = D(seen if augment is None else diff_augment(seen, augment, bar))
        loss = F.softplus(-score).mean() if loss_kind == "gan" else -score.mean()
        soft = sharpen(out, stats_sharpness) if stats_sharpness > 0 else out
        matched = soft if stats_on_soft else seen
        if stats_weight > 0:
            loss = loss + stats_weight * stats_gap(matched, real, instrumentation, bar, stats_in_sd)
        if groove_weight > 0:
            loss = loss + groove_weight * groove_gap(matched, real, bar)
        if polyphony_weight > 0:
            loss = loss + polyphony_weight * polyphony_gap(matched, real)
        if share_weight > 0:
            notes = seen if binary else straight_through(out)
            loss = loss + share_weight * share_gap(notes, real, bar, share_distribution, share_counts)
        loss.backward()
        opt_g.step()
    finally:
        for p in D.parameters():
            p.requires_grad_(True)
    return loss.detach()


def adam(module, lr, train):
    return torch.optim.Adam(module.parameters(), lr=lr, betas=(train["beta1"], train["beta2"]), eps=1e-8)


def learning_rates(train, epoch):
    """Step decay: x decayRate every decayEvery epochs (the engine's schedule)."""
    f = train["decayRate"] ** (epoch // train["decayEvery"])
    return train["lrG"] * f, train["lrD"] * f


def set_lr(opt, lr):
    for group in opt.param_groups:
        group["lr"] = lr
