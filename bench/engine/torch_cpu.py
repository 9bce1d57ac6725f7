"""CPU time per task of the PyTorch anchor (../shared/bench/torch_ref/model.py), beside its wall time.

On a shared machine wall time measures the load as much as the work; process CPU time (all threads) measures the
work. OMP_WAIT_POLICY=PASSIVE (set here before torch loads) keeps idle OpenMP threads from spinning, so their
CPU time is work, not waiting. Same tasks, seeds, threads (2) and warm-up as bench.py; inputs are contiguous NCHW.
Usage: /usr/bin/python3 bench/engine/torch_cpu.py MODEL_DIR [REPS]   (prints one JSON object)
"""

import json
import os
import statistics
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, os.path.abspath(sys.argv[1]))
import torch  # noqa: E402
import model as M  # noqa: E402

REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 3


def main() -> None:
    torch.set_num_threads(2)
    torch.manual_seed(1234)
    g, d = M.Generator(), M.Critic()
    g.train()
    d.train()
    opt_g, opt_d = M.make_optimizers(g, d)

    def real(b):
        return (torch.rand(b, M.N_TRACKS, M.N_STEPS, M.N_PITCHES) < 0.03).float().contiguous()

    real16, real4 = real(16), real(4)
    tasks = [
        ("generate_b1", lambda: M.generate(g, 1)),
        ("generate_b16", lambda: M.generate(g, 16)),
        ("critic_step_b4", lambda: M.critic_step(g, d, opt_d, real4)),
        ("critic_step_b16", lambda: M.critic_step(g, d, opt_d, real16)),
        ("generator_step_b16", lambda: M.generator_step(g, d, opt_g, 16)),
    ]
    M.critic_step(g, d, opt_d, real16)
    M.generator_step(g, d, opt_g, 4)
    M.generate(g, 1)
    wall = {n: [] for n, _ in tasks}
    cpu = {n: [] for n, _ in tasks}
    for _ in range(REPS):
        for name, fn in tasks:
            w0, c0 = time.perf_counter(), time.process_time()
            fn()
            cpu[name].append((time.process_time() - c0) * 1000)
            wall[name].append((time.perf_counter() - w0) * 1000)
    out = {
        n: {"wall_ms": round(statistics.median(wall[n]), 1), "cpu_ms": round(statistics.median(cpu[n]), 1)}
        for n, _ in tasks
    }
    print(json.dumps({"timings": out, "threads": torch.get_num_threads(),
                      "omp_wait_policy": os.environ["OMP_WAIT_POLICY"], "torch": torch.__version__}))


if __name__ == "__main__":
    main()
