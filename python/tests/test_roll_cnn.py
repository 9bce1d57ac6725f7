"""bench/fidelity/diagnostics/roll_cnn.py: it tells apart rolls that differ and not rolls drawn alike."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "bench", "fidelity", "diagnostics"))
from roll_cnn import cross_validated_accuracy  # noqa: E402


def rolls(rng, n, on_beats):
    """n sparse random rolls [16 steps, 12 pitches, 2 tracks]; with on_beats, track 0 also plays every 4th step."""
    x = (rng.random((n, 16, 12, 2)) < 0.05).astype(np.uint8)
    if on_beats:
        x[:, ::4, 3, 0] = 1
    return x


class RollCnnTest(unittest.TestCase):
    def test_separates_a_visible_difference_and_not_two_draws_of_one_distribution(self):
        rng = np.random.default_rng(1)
        apart = cross_validated_accuracy(rolls(rng, 100, False), rolls(rng, 100, True), folds=3, epochs=30)
        alike = cross_validated_accuracy(rolls(rng, 100, False), rolls(rng, 100, False), folds=3, epochs=30)
        self.assertGreater(np.mean(apart), 0.9)
        self.assertLess(np.mean(alike), 0.75)


if __name__ == "__main__":
    unittest.main()
