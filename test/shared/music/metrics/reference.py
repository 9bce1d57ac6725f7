"""Independent numpy route to the metric definitions (muspy / MuseGAN; docs/model.md, Metrics).

Reads rolls [N, T, P, 17] (uint8) from argv[1] with the config JSON in argv[2]; prints one JSON
object of metric lists. Written from the formulas, not from the TypeScript code.
"""
import itertools
import json
import sys

import numpy as np


def notes(track_roll, onset_only):
    """(pitch_row, start, end) of every note of a [T, P] bool roll."""
    out = []
    T, P = track_roll.shape
    for p in range(P):
        col = track_roll[:, p].astype(np.int8)
        if onset_only:
            out += [(p, t, t + 1) for t in np.flatnonzero(col)]
            continue
        d = np.diff(np.concatenate([[0], col, [0]]))
        out += list(zip([p] * int((d == 1).sum()), np.flatnonzero(d == 1), np.flatnonzero(d == -1)))
    return out


def entropy(h):
    if h.sum() == 0:
        return float('nan')
    p = h[h > 0] / h.sum()
    return float(-(p * np.log2(p)).sum())


PHI = np.array([[r * f(k * a) for k in range(12)]
                for r, a in [(1, 7 * np.pi / 6), (1, 3 * np.pi / 2), (0.5, 2 * np.pi / 3)]
                for f in (np.sin, np.cos)])


def metrics(roll, c):
    T, P, _ = roll.shape
    res, S, low = c['stepsPerBeat'], c['stepsPerBeat'] * c['beatsPerBar'], c['lowestPitch']
    nd = roll[:, :, 1:]
    merged = nd.any(2).sum(1)
    m = {}
    m['polyphony'] = merged.sum() / (merged > 0).sum() if merged.any() else float('nan')
    m['polyphony_all_steps'] = merged.sum() / T
    un = nd.sum((1, 2))
    m['polyphony_unmerged'] = un.sum() / (un > 0).sum() if un.any() else float('nan')
    per = [roll[:, :, f].sum(1) for f in range(1, 17)]
    per = [x.sum() / (x > 0).sum() for x in per if x.any()]
    m['polyphony_per_track'] = float(np.mean(per)) if per else float('nan')
    alld = roll.any(2).sum(1)
    m['polyphony_with_drums'] = alld.sum() / (alld > 0).sum() if alld.any() else float('nan')
    m['polyphony_rate'] = (merged >= 2).sum() / T
    ns = [n for f in range(1, 17) for n in notes(roll[:, :, f], False)]
    pitches = np.array([low + n[0] for n in ns], dtype=int)
    m['pitch_entropy'] = entropy(np.bincount(pitches, minlength=128)) if len(ns) else float('nan')
    m['pitch_class_entropy'] = entropy(np.bincount(pitches % 12, minlength=12)) if len(ns) else float('nan')
    m['qualified_note_rate'] = np.mean([e - s >= 2 for _, s, e in ns]) if ns else float('nan')
    if ns:
        h = np.bincount(pitches % 12, minlength=12)
        major = np.array([1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1])
        minor = np.array([1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0])
        m['scale_consistency'] = max((np.roll(mask, r) * h).sum() / len(ns) for mask in (major, minor) for r in range(12))
    else:
        m['scale_consistency'] = float('nan')
    m['empty_beat_rate'] = 1 - roll.reshape(T // res, -1).any(1).mean()
    m['empty_bar_rate'] = 1 - roll.reshape(T // S, -1).any(1).mean()
    chroma = np.zeros((T, 12, 17))
    for p in range(P):
        chroma[:, (low + p) % 12, :] += roll[:, p, :]
    bars_nd = [chroma[b * S:(b + 1) * S, :, 1:].sum((0, 2)) for b in range(T // S)]
    upc = [(x > 0).sum() for x in bars_nd if x.any()]
    m['upc_per_bar'] = float(np.mean(upc)) if upc else float('nan')
    onsets = np.zeros((T,), bool)
    for f in range(17):
        for _, s, _ in notes(roll[:, :, f], f == 0):
            onsets[s] = True
    g = onsets.reshape(T // S, S)
    m['groove_consistency'] = 1 - np.sum(g[1:] != g[:-1]) / (S * (T // S - 1)) if T // S > 1 else float('nan')
    live = [f for f in range(1, 17) if roll[:, :, f].any()]
    tds = []
    for a, b in itertools.combinations(live, 2):
        d = []
        for t in range(0, T, res):
            ca, cb = chroma[t:t + res, :, a].sum(0), chroma[t:t + res, :, b].sum(0)
            if ca.any() and cb.any():
                d.append(np.linalg.norm(PHI @ (ca / ca.sum()) - PHI @ (cb / cb.sum())))
        if d:
            tds.append(np.mean(d))
    m['tonal_distance'] = float(np.mean(tds)) if tds else float('nan')
    feats = roll.reshape(T // S, S, -1).sum(1).astype(float)
    sims = []
    for i in range(len(feats)):
        for j in range(len(feats)):
            if i != j:
                na, nb = np.linalg.norm(feats[i]), np.linalg.norm(feats[j])
                sims.append(1.0 if na == 0 and nb == 0 else 0.0 if na == 0 or nb == 0 else feats[i] @ feats[j] / (na * nb))
    m['self_similarity_bar'] = float(np.mean(sims))
    return {k: (None if np.isnan(v) else float(v)) for k, v in m.items()}


c = json.loads(sys.argv[2])
T = c['stepsPerBeat'] * c['beatsPerBar'] * c['bars']
rolls = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(-1, T, c['pitchCount'], 17).astype(bool)
print(json.dumps([metrics(r, c) for r in rolls]))
