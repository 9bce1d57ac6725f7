"""G and D for every preset: shapes, the paper's parameter counts, and the gradient penalty's second derivative."""

import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from model import Critic, Generator, count_params, to_nchw  # noqa: E402
from steps import CriticLoss, learning_rates  # noqa: E402

PAPER = dict(steps=64, pitches=84, tracks=17, lowestPitch=24, zDim=128, gChannels=[512, 256, 128, 64, 32],
             dChannels=[32, 64, 128, 256, 512], criticNorm="batch", dropout=0.3)
SMALL = dict(PAPER, gChannels=[128, 64, 32, 16, 8], dChannels=[8, 16, 32, 64, 128])
IMPROVED = dict(SMALL, criticNorm="layer")
TEST = dict(PAPER, steps=16, pitches=12, lowestPitch=60, zDim=8, gChannels=[16, 8, 8, 8, 4], dChannels=[4, 8, 8, 8, 8])


class ModelTest(unittest.TestCase):
    def test_paper_counts_match_the_spec(self):
        # docs/model.md and the PyTorch anchor: G 7,747,330 and D 2,300,674 parameters
        self.assertEqual(count_params(Generator(PAPER)), 7_747_330)
        self.assertEqual(count_params(Critic(PAPER)), 2_300_674)

    def test_shapes_for_every_preset_and_critic_norm(self):
        for m in (PAPER, SMALL, IMPROVED, TEST, dict(TEST, criticNorm="none")):
            with self.subTest(preset=m):
                g, d = Generator(m), Critic(m)
                x = g(torch.randn(2, m["zDim"]))
                self.assertEqual(tuple(x.shape), (2, m["tracks"], m["steps"], m["pitches"]))
                self.assertTrue(bool(((x > 0) & (x < 1)).all()))
                self.assertEqual(tuple(d(x).shape), (2, 1))
        self.assertFalse(hasattr(Critic(dict(TEST, criticNorm="none")).c2, "norm"))

    def test_gradient_penalty_reaches_the_first_layer_from_nhwc_input(self):
        # The torch 1.13 nn.PReLU bug drops this path for channels_last-strided input; ours must not.
        torch.manual_seed(0)
        d = Critic(dict(TEST, dropout=0.0))
        nhwc = torch.rand(4, 16, 12, 17)
        real = nhwc.permute(0, 3, 1, 2)  # deliberately not contiguous
        fake = torch.rand(4, 17, 16, 12)
        loss, gp, _ = CriticLoss(d, "wgan-gp", 10.0)(real, fake, torch.rand(4))
        loss.backward()
        self.assertGreater(float(gp), 0)
        self.assertGreater(float(d.c1.conv.weight.grad.abs().sum()), 0)
        self.assertGreater(float(d.c1.act.weight.grad.abs().sum()), 0)
        self.assertTrue(to_nchw(nhwc).is_contiguous())

    def test_share_branch_reads_the_runs_bar_and_gets_the_penalty_gradient(self):
        # model.criticShares: zero at the start (grow.py adds it to a trained critic), in bars of the run's roll.
        torch.manual_seed(0)
        m = dict(TEST, dropout=0.0, criticShares=True)
        d = Critic(m)
        self.assertEqual(d.shares.l1.in_features, 2 * 16 + 10)
        waltz = Critic(dict(m, steps=48, roll=dict(stepsPerBeat=4, beatsPerBar=3, bars=4)))
        self.assertEqual(waltz.shares.l1.in_features, 2 * 12 + 10)
        plain = Critic(dict(TEST, dropout=0.0))
        plain.load_state_dict({k: v for k, v in d.state_dict().items() if not k.startswith("shares.")})
        x = torch.rand(3, 17, 16, 12)
        self.assertTrue(torch.equal(d(x), plain(x)))
        torch.nn.init.ones_(d.shares.l2.weight)
        loss, gp, _ = CriticLoss(d, "wgan-gp", 10.0)(x, torch.rand(3, 17, 16, 12), torch.rand(3))
        loss.backward()
        self.assertGreater(float(d.shares.l1.weight.grad.abs().sum()), 0)

    def test_step_decay(self):
        t = dict(lrG=3e-4, lrD=6e-4, decayRate=0.75, decayEvery=25)
        self.assertEqual(learning_rates(t, 24), (3e-4, 6e-4))
        self.assertAlmostEqual(learning_rates(t, 50)[1], 6e-4 * 0.75**2)


if __name__ == "__main__":
    unittest.main()
