"""Training extras of train_ddp.py: transposition and key alignment as the engine's augment.ts does them, and the EMA
of G."""

import os
import sys
import copy
import unittest

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from train_ddp import align_key, transpose_pitched  # noqa: E402


class TransposeTest(unittest.TestCase):
    def test_shifts_pitched_tracks_within_range_and_keeps_drums(self):
        torch.manual_seed(3)
        x = torch.zeros(64, 3, 4, 12)  # NCHW: [b, tracks, steps, pitches]
        x[:, :, :, 6] = 1
        y = transpose_pitched(x.clone(), 2)
        self.assertTrue(torch.equal(y[:, 0], x[:, 0]))  # drums untouched
        rows = y[:, 1:, 0].argmax(dim=-1)  # the one lit row of each pitched track
        self.assertTrue(torch.equal(rows[:, 0], rows[:, 1]))  # one shift per sample, all its tracks
        shifts = set((rows[:, 0] - 6).tolist())
        self.assertEqual(shifts, {-2, -1, 0, 1, 2})
        self.assertEqual(float(y[:, 1:].sum()), float(x[:, 1:].sum()))  # nothing fell off the edge here

    def test_rows_pushed_past_the_edge_are_dropped(self):
        torch.manual_seed(0)
        x = torch.zeros(32, 2, 1, 4)
        x[:, 1, 0, 0] = 1
        x[:, 1, 0, 3] = 1
        y = transpose_pitched(x.clone(), 1)
        per_sample = y[:, 1, 0].sum(dim=-1)
        self.assertTrue(set(per_sample.tolist()) <= {1.0, 2.0})
        self.assertIn(1.0, per_sample.tolist())


class AlignKeyTest(unittest.TestCase):
    def test_d_major_moves_down_to_c_and_drums_stay(self):
        x = torch.zeros(1, 3, 7, 24)  # rows sound MIDI 24 + p: row % 12 is the pitch class
        for t, pc in enumerate([2, 4, 6, 7, 9, 11, 1]):  # D major
            x[0, 1, t, 12 + pc] = 1
        x[0, 0] = 1  # a full drum track must not count
        y = align_key(x.clone(), 24)
        self.assertTrue(torch.equal(y[0, 0], x[0, 0]))
        pcs = sorted({int(p) % 12 for p in y[0, 1].nonzero()[:, 1].tolist()})
        self.assertEqual(pcs, [0, 2, 4, 5, 7, 9, 11])


if __name__ == "__main__":
    unittest.main()


class EmaTest(unittest.TestCase):
    def test_ema_update_moves_towards_g_and_swapped_in_restores(self):
        from train_ddp import ema_update, swapped_in

        G = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
        ema = copy.deepcopy(G)
        with torch.no_grad():
            for p in G.parameters():
                p.add_(1.0)
            G[1].running_mean.add_(2.0)
        before = [p.clone() for p in ema.parameters()]
        ema_update(ema, G, 0.75)
        for b, e, g in zip(before, ema.parameters(), G.parameters()):
            self.assertTrue(torch.allclose(e, 0.75 * b + 0.25 * g))
        self.assertTrue(torch.allclose(ema[1].running_mean, torch.full((2,), 0.5)))
        own = [p.clone() for p in G.parameters()]
        with swapped_in(G, ema):
            for e, g in zip(ema.parameters(), G.parameters()):
                self.assertTrue(torch.equal(e, g))
        for o, g in zip(own, G.parameters()):
            self.assertTrue(torch.equal(o, g))


class StraightThroughTest(unittest.TestCase):
    def test_forward_is_the_thresholded_roll_and_the_gradient_passes_through(self):
        from steps import straight_through

        x = torch.tensor([0.1, 0.49, 0.51, 0.9], requires_grad=True)
        y = straight_through(x)
        self.assertEqual(y.tolist(), [0.0, 0.0, 1.0, 1.0])
        (y * torch.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
        self.assertEqual(x.grad.tolist(), [1.0, 2.0, 3.0, 4.0])


class BarStepsTest(unittest.TestCase):
    def test_the_runs_roll_sets_the_bar_and_old_runs_are_four_four(self):
        from steps import bar_steps, rhythm_stats

        self.assertEqual(bar_steps({"roll": {"stepsPerBeat": 4, "beatsPerBar": 3}}), 12)
        self.assertEqual(bar_steps({"steps": 64}), 16)
        x = torch.zeros(2, 3, 48, 12)
        self.assertEqual(rhythm_stats(x, 12).shape[1], 3 * 14 + 3 + 1)  # four 3/4 bars: groove terms too


class DiffAugmentTest(unittest.TestCase):
    def test_rotates_whole_bars_and_shifts_pitched_rows_keeping_drums_in_place(self):
        from steps import diff_augment

        x = torch.zeros(2, 3, 8, 6)  # [b, tracks, steps (2 bars of 4), pitches]
        x[:, 0, 1, 2] = 1  # a drum hit
        x[:, 1, 0, 3] = 1  # a note at step 0, row 3
        x[:, 2, 5, 5] = 1  # a note at step 5, top row
        y = diff_augment(x, torch.tensor([[1, 2], [0, -1]]), bar=4)
        self.assertEqual(float(y[0, 0, 5, 2]), 1.0)  # drums rotated by a bar, never shifted in pitch
        self.assertEqual(float(y[0, 1, 4, 5]), 1.0)  # step 0 -> 4, row 3 -> 5
        self.assertEqual(float(y[0, 2].sum()), 0.0)  # the top row shifted past the edge is dropped
        self.assertEqual(float(y[1, 0, 1, 2]), 1.0)
        self.assertEqual(float(y[1, 1, 0, 2]), 1.0)  # row 3 -> 2
        self.assertEqual(float(y[1, 2, 5, 4]), 1.0)

    def test_generator_learns_through_it(self):
        from steps import diff_augment

        x = torch.rand(2, 3, 8, 6, requires_grad=True)
        diff_augment(x, torch.tensor([[1, 1], [1, -2]]), bar=4).sum().backward()
        self.assertEqual(float(x.grad[0, 1, :, :5].min()), 1.0)  # every cell that stays in the roll passes 1
        self.assertEqual(float(x.grad[0, 1, :, 5].max()), 0.0)  # the row pushed out passes nothing
        self.assertEqual(float(x.grad[1, 0].min()), 1.0)
