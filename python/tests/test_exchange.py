"""safetensors by hand (both ways), packed shards, and state <-> modules and Adam."""

import json
import os
import sys
import tempfile
import unittest

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import exchange  # noqa: E402
from model import Critic, Generator  # noqa: E402
from steps import adam  # noqa: E402
from tests.test_model import TEST  # noqa: E402


class ExchangeTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def test_safetensors_round_trip_keeps_dtype_shape_and_0d(self):
        path = os.path.join(self.dir, "x.safetensors")
        a = np.arange(6, dtype=np.float32).reshape(2, 3)
        exchange.write_safetensors(path, [("a", a), ("step", np.array(7, dtype=np.int32))], {"k": "v"})
        with open(path, "rb") as f:
            n = int.from_bytes(f.read(8), "little")
        self.assertEqual((8 + n) % 8, 0)
        got, meta = exchange.read_safetensors(path)
        self.assertEqual(meta, {"k": "v"})
        np.testing.assert_array_equal(got["a"], a)
        self.assertEqual(got["step"].shape, ())
        self.assertEqual(int(got["step"]), 7)

    def test_unpack_is_lsb_first_nhwc(self):
        run = {"dataset": {"cells": 12, "shape": [1, 4, 3]}}
        packed = np.array([[0b00000101, 0b00001000]], dtype=np.uint8)  # cells 0, 2 and 11
        x = exchange.unpack(packed, run)
        self.assertEqual(tuple(x.shape), (1, 1, 4, 3))
        self.assertEqual(x.flatten().nonzero().flatten().tolist(), [0, 2, 11])

    def test_state_round_trip_through_modules_and_adam(self):
        torch.manual_seed(1)
        g, d = Generator(TEST), Critic(TEST)
        og, od = adam(g, 1e-3, dict(beta1=0.5, beta2=0.9)), adam(d, 1e-3, dict(beta1=0.5, beta2=0.9))
        d(g(torch.randn(2, 8))).mean().backward()
        og.step()
        od.step()
        names = [f"G.{k}" for k in g.state_dict() if not k.endswith("num_batches_tracked")]
        names += [f"D.{k}" for k in d.state_dict()]
        for opt, mod in (("optG", "G"), ("optD", "D")):
            names.append(f"{opt}.step")
            for slot in ("exp_avg", "exp_avg_sq"):
                names += [f"{opt}.{slot}.{mod}.{n}" for n, _ in (g if mod == "G" else d).named_parameters()]
        shapes = {}
        for n, t in g.state_dict().items():
            shapes[f"G.{n}"] = list(t.shape)
        for n, t in d.state_dict().items():
            shapes[f"D.{n}"] = list(t.shape)
        run = {"tensors": []}
        for n in names:
            base = n.split(".", 2)[-1] if n.startswith("opt") and not n.endswith(".step") else n
            run["tensors"].append({"torch": n, "torchShape": [] if n.endswith(".step") else shapes[base]})
        path = os.path.join(self.dir, "s.safetensors")
        exchange.save_state(path, run, g, d, og, od, {"step": 1, "epoch": 0})
        g2, d2 = Generator(TEST), Critic(TEST)
        og2, od2 = adam(g2, 1e-3, dict(beta1=0.5, beta2=0.9)), adam(d2, 1e-3, dict(beta1=0.5, beta2=0.9))
        info = exchange.load_state(path, run, g2, d2, og2, od2)
        self.assertEqual(info, {"step": 1, "epoch": 0})
        a, b = exchange.state_tensors(run, g, d, og, od), exchange.state_tensors(run, g2, d2, og2, od2)
        for (n1, x), (n2, y) in zip(a, b):
            self.assertEqual(n1, n2)
            np.testing.assert_array_equal(x, y)
        self.assertEqual(int(dict(b)["optG.step"]), 1)
        self.assertEqual(json.loads(exchange.read_safetensors(path)[1]["meta"])["step"], 1)


if __name__ == "__main__":
    unittest.main()
