"""Train an exported run on N processes with PyTorch DistributedDataParallel (README.md).

  torchrun --nproc_per_node=2 train_ddp.py DIR [--max-steps N] [--epochs E] [--batch-size B] [--backend gloo|nccl]

Resumes from the newest checkpoint in DIR/checkpoints; rank 0 appends one row per step to DIR/losses.jsonl and
writes checkpoints in the same safetensors format (every checkpointEvery epochs, at the end, at --max-steps).
One step = one critic update of the whole job (world x B samples); G is updated every nCritic steps.

Batch norm: per-replica statistics, not SyncBatchNorm. In the critic, the gradient penalty needs the second
derivative through the norm, and SyncBatchNorm's backward is not twice differentiable (and it needs CUDA in
torch 1.13, so gloo on CPU could not run it at all). In G, each replica normalises over its own B samples, which
is what the engine does for a batch of B, so --batch-size B keeps the statistics the run was tuned with. G's running
statistics are averaged over the replicas before every checkpoint (broadcast_buffers is off, so each replica's
own running stats follow its own batches in between).
"""

import argparse
import contextlib
import copy
import json
import os
import signal
import sys
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import BatchSampler, DistributedSampler

import exchange
from model import Critic, Generator, to_nchw
from steps import (CriticLoss, adam, augment_draws, bar_steps, critic_step, generator_step, learning_rates, set_lr,
                   shift_pitched_rows)


def step_seed(seed, step, rank):
    """Seed of one step on one rank (z, eps, dropout): a resumed run redraws exactly the same numbers."""
    return (seed * 1_000_003 + step * 7919 + rank * 104_729) % (2**63 - 1)


def shift_pitched(real, shifts):
    """Each sample's pitched tracks (all but track 0, drums) shifted by its own number of rows, rows pushed past the
    edge dropped (the engine's augment.ts transposeRoll). real: NCHW [b, tracks, steps, pitches]; a new batch."""
    return torch.stack([shift_pitched_rows(piece, s) for piece, s in zip(real, shifts)])


def transpose_pitched(real, max_shift):
    """Augmentation: shift each sample's pitched tracks by a random -N..N rows."""
    return shift_pitched(real, torch.randint(-max_shift, max_shift + 1, (real.shape[0],)).tolist())


MAJOR_SCALE = (0, 2, 4, 5, 7, 9, 11)
# Smallest move first, upwards before downwards at equal size: the engine's shared/music/key.ts KEY_SHIFTS, same order.
KEY_SHIFTS = (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6)


def key_shifts(real, lowest_pitch):
    """The shift (semitones) that puts most of each sample's pitched cells on the C major / A minor scale: the
    first of KEY_SHIFTS with the highest in-scale weight. real: NCHW [b, tracks, steps, pitches]."""
    rows = real[:, 1:].sum(dim=(1, 2)).double()  # [b, pitches]
    pcs = torch.zeros(real.shape[0], 12, dtype=torch.float64)
    for p in range(rows.shape[1]):
        pcs[:, (lowest_pitch + p) % 12] += rows[:, p]
    out = []
    for hist in pcs.tolist():
        best, best_weight = 0, -1.0
        for s in KEY_SHIFTS:
            weight = sum(hist[c] for c in range(12) if (c + s) % 12 in MAJOR_SCALE)
            if weight > best_weight:
                best, best_weight = s, weight
        out.append(best)
    return out


def align_key(real, lowest_pitch):
    """Key alignment: move each sample's pitched tracks to C major / A minor (key_shifts)."""
    return shift_pitched(real, key_shifts(real, lowest_pitch))


def ema_path(folder, step):
    return os.path.join(folder, "ema", f"ckpt-{step:010d}.safetensors")


def ema_update(ema, G, decay):
    """ema <- decay * ema + (1 - decay) * G, parameters and batch-norm running statistics alike."""
    with torch.no_grad():
        for e, p in zip(ema.parameters(), G.parameters()):
            e.mul_(decay).add_(p.detach(), alpha=1 - decay)
        for (name, e), p in zip(ema.named_buffers(), G.buffers()):
            if not name.endswith("num_batches_tracked"):
                e.mul_(decay).add_(p.detach(), alpha=1 - decay)


@contextlib.contextmanager
def swapped_in(G, ema):
    """G holds ema's weights and statistics inside the block, its own again after it."""
    own = [t.detach().clone() for t in list(G.parameters()) + list(G.buffers())]
    with torch.no_grad():
        for t, e in zip(list(G.parameters()) + list(G.buffers()), list(ema.parameters()) + list(ema.buffers())):
            t.copy_(e)
    try:
        yield
    finally:
        with torch.no_grad():
            for t, o in zip(list(G.parameters()) + list(G.buffers()), own):
                t.copy_(o)


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("folder")
    p.add_argument("--max-steps", type=int, default=None, help="stop (with a checkpoint) after this many steps")
    p.add_argument("--epochs", type=int, default=None, help="total epochs (default: the run's config)")
    p.add_argument("--batch-size", type=int, default=None, help="samples per process and step (default: config batchSize)")
    p.add_argument("--backend", default=None, help="gloo | nccl (default: nccl when CUDA is there, else gloo)")
    p.add_argument("--threads", type=int, default=None, help="torch threads per process")
    p.add_argument("--ema", type=float, default=None,
                   help="also keep G's weights averaged with this decay per G update (e.g. 0.999) in ema/")
    p.add_argument("--critic-only-until", type=int, default=0, metavar="STEP",
                   help="train only the critic before this step (a fresh critic catching up with a trained G)")
    return p.parse_args()


def truncate_log(path, step):
    """Keep the loss rows up to the resumed checkpoint's step (a killed run may have logged past it)."""
    if not os.path.exists(path):
        return
    with open(path) as f:
        rows = [line for line in f if line.strip()]
    keep = []
    for line in rows:
        try:
            if json.loads(line)["step"] <= step:
                keep.append(line)
        except ValueError:
            pass  # a torn last line
    exchange.write_atomic(path, ["".join(keep).encode()])


class Job:
    def __init__(self, args):
        self.args = args
        backend = args.backend or ("nccl" if torch.cuda.is_available() else "gloo")
        dist.init_process_group(backend)
        self.rank, self.world = dist.get_rank(), dist.get_world_size()
        local = int(os.environ.get("LOCAL_RANK", 0))
        self.device = torch.device(f"cuda:{local}") if backend == "nccl" else torch.device("cpu")
        if backend == "nccl":
            torch.cuda.set_device(self.device)
        if args.threads:
            torch.set_num_threads(args.threads)
        self.backend = backend
        self.run = exchange.load_run(args.folder)
        self.model, self.train = self.run["config"]["model"], dict(self.run["config"]["train"])
        if args.epochs is not None:
            self.train["epochs"] = args.epochs
        self.batch = args.batch_size or self.train["batchSize"]
        self.G, self.D = Generator(self.model).to(self.device), Critic(self.model).to(self.device)
        self.opt_g, self.opt_d = adam(self.G, self.train["lrG"], self.train), adam(self.D, self.train["lrD"], self.train)
        latest = exchange.checkpoints(args.folder)[-1]
        info = exchange.load_state(latest, self.run, self.G, self.D, self.opt_g, self.opt_d)
        for opt in (self.opt_g, self.opt_d):  # Adam state follows its parameter's device
            for st in opt.state.values():
                for k in ("exp_avg", "exp_avg_sq"):
                    st[k] = st[k].to(self.device)
        self.step = self.start_step = info["step"]
        # EMA of G (--ema): resumed from ema/ at the same step, else started from G's weights as they are now.
        self.ema = None
        if args.ema:
            self.ema = copy.deepcopy(self.G)
            saved = ema_path(args.folder, self.step)
            if os.path.exists(saved):
                exchange.load_state(saved, self.run, self.ema, copy.deepcopy(self.D), adam(self.ema, 0, self.train),
                                    adam(self.D, 0, self.train))
        cursor = info.get("cursor")
        same_shape = info.get("world") == self.world and info.get("batch") == self.batch
        self.epoch = cursor["epoch"] if cursor and same_shape else info["epoch"]
        self.first_batch = cursor["batch"] if cursor and same_shape else 0
        self.packed = exchange.load_packed(args.folder, self.run)
        self.sampler = DistributedSampler(
            range(len(self.packed)), self.world, self.rank, shuffle=True, seed=self.train["seed"], drop_last=True
        )
        self.per_epoch = len(self.sampler) // self.batch
        if self.per_epoch == 0:
            raise SystemExit(f"{len(self.packed)} segments are less than one batch of {self.batch} on {self.world} processes")
        # broadcast_buffers off: G's running stats stay per replica and are averaged before each checkpoint.
        self.ddp_g = DDP(self.G, broadcast_buffers=False)
        self.ddp_d = DDP(CriticLoss(self.D, self.train["loss"], self.train["lambda"], bar_steps(self.model)))
        self.log = os.path.join(args.folder, self.run["losses"])
        if self.rank == 0:
            truncate_log(self.log, self.step)
            record = {"worldSize": self.world, "backend": self.backend, "device": self.device.type, "torch": torch.__version__}
            exchange.write_atomic(os.path.join(args.folder, "ddp.json"), [json.dumps(record).encode()])
        self.t0 = time.time()

    def batches(self):
        """This rank's batches of the current epoch (a DistributedSampler permutation seeded by seed and epoch)."""
        self.sampler.set_epoch(self.epoch)
        return list(BatchSampler(self.sampler, self.batch, drop_last=True))

    def one_step(self, indices):
        t = self.train
        torch.manual_seed(step_seed(t["seed"], self.step, self.rank))
        lr_g, lr_d = learning_rates(t, self.epoch)
        set_lr(self.opt_g, lr_g)
        set_lr(self.opt_d, lr_d)
        real = to_nchw(exchange.unpack(self.packed[indices], self.run))
        if t.get("alignKey"):
            real = align_key(real, int(self.model["lowestPitch"]))
        elif t.get("transpose"):
            real = transpose_pitched(real, int(t["transpose"]))
        real = real.to(self.device)
        b, z_dim = len(indices), self.model["zDim"]
        z = torch.randn(b, z_dim, device=self.device)
        eps = torch.rand(b, device=self.device)
        binary = bool(t.get("straightThrough"))
        bar, max_rows = bar_steps(self.model), int(t.get("diffAugment") or 0)
        bars = int(self.model["steps"]) // bar

        def draws():  # train.diffAugment: a bar rotation and a pitch shift per piece, for each batch the critic sees
            return augment_draws(b, bars, max_rows) if max_rows > 0 else None

        augment = (draws(), draws()) if max_rows > 0 else None
        d_loss, gp, wdist = critic_step(self.G, self.ddp_d, self.opt_d, real, z, eps, binary, augment)
        g_loss = None
        if (self.step + 1) % t["nCritic"] == 0 and self.step >= self.args.critic_only_until:
            zg = torch.randn(b, z_dim, device=self.device)
            g_loss = generator_step(self.ddp_g, self.D, self.opt_g, zg, t["loss"],
                                    binary, real, float(t.get("statsMatching") or 0),
                                    bool(t.get("matchInstrumentation")), bar,
                                    bool(t.get("statsOnSoftOutput")), float(t.get("statsSharpness") or 0),
                                    float(t.get("grooveMatching") or 0), float(t.get("polyphonyMatching") or 0),
                                    bool(t.get("statsInSd")), float(t.get("shareMatching") or 0),
                                    bool(t.get("shareDistribution")), bool(t.get("shareCounts")), draws())
            if self.ema is not None:
                ema_update(self.ema, self.G, self.args.ema)
        figures = torch.stack([d_loss, gp.to(d_loss), wdist.to(d_loss), g_loss if g_loss is not None else d_loss * 0])
        dist.all_reduce(figures)  # the job's losses: means over the replicas
        figures = (figures / self.world).tolist()
        self.step += 1
        row = {"step": self.step, "epoch": self.epoch, "gLoss": figures[3] if g_loss is not None else None,
               "dLoss": figures[0], "gp": figures[1], "wDist": figures[2], "lrG": lr_g, "lrD": lr_d,
               "wallMs": (time.time() - self.t0) * 1000}
        if self.rank == 0:
            with open(self.log, "a") as f:
                f.write(json.dumps(row) + "\n")
        return row

    def checkpoint(self, batch_in_epoch):
        """Average G's running stats over the replicas, then rank 0 writes the safetensors checkpoint atomically."""
        for m in self.G.modules():
            if isinstance(m, torch.nn.BatchNorm2d) and m.running_mean is not None:
                for buf in (m.running_mean, m.running_var):
                    dist.all_reduce(buf)
                    buf /= self.world
        if self.rank == 0:
            with open(self.log, "a") as f:
                os.fsync(f.fileno())
            lr_g, lr_d = learning_rates(self.train, self.epoch)
            info = {"step": self.step, "epoch": self.epoch, "cursor": {"epoch": self.epoch, "batch": batch_in_epoch},
                    "lr": {"g": lr_g, "d": lr_d}, "source": "pytorch-ddp", "world": self.world, "batch": self.batch}
            path = exchange.checkpoint_path(self.args.folder, self.step)
            exchange.save_state(path, self.run, self.G, self.D, self.opt_g, self.opt_d, info)
            if self.ema is not None:  # the same state with EMA weights in G: import-run --ema brings it back
                with swapped_in(self.G, self.ema):  # G's own tensors, so its Adam state is written with them
                    exchange.save_state(ema_path(self.args.folder, self.step), self.run, self.G, self.D, self.opt_g,
                                        self.opt_d, {**info, "ema": self.args.ema})
            print(f"checkpoint {path} step {self.step} epoch {self.epoch}", flush=True)
        dist.barrier()

    def stop_agreed(self):
        """Whether any process was asked to stop (SIGTERM / SIGINT): all ranks agree, so they checkpoint at one step."""
        flag = torch.tensor([1.0 if STOP["asked"] else 0.0])
        if self.world > 1:
            dist.all_reduce(flag)
        return bool(flag.item() > 0)

    def train_loop(self):
        t, left = self.train, self.args.max_steps
        while self.epoch < t["epochs"]:
            batches = self.batches()
            for i in range(self.first_batch, len(batches)):
                row = self.one_step(batches[i])
                if self.rank == 0:
                    g = "" if row["gLoss"] is None else f" G {row['gLoss']:.4f}"
                    print(f"step {row['step']} epoch {row['epoch']} D {row['dLoss']:.4f} GP {row['gp']:.4f}{g}", flush=True)
                if left is not None:
                    left -= 1
                stop = self.stop_agreed()
                if left == 0 or stop:
                    done_epoch = i + 1 == len(batches)
                    self.epoch += done_epoch
                    self.checkpoint(0 if done_epoch else i + 1)
                    return "stopped" if stop else "limit"
            self.first_batch = 0
            self.epoch += 1
            every = t["checkpointEvery"]
            if every > 0 and self.epoch % every == 0 and self.epoch < t["epochs"]:
                self.checkpoint(0)
        if self.step > self.start_step:  # nothing trained: the newest checkpoint already is this state
            self.checkpoint(0)
        return "end"


STOP = {"asked": False}


def ask_stop(signum, frame):
    STOP["asked"] = True  # the loop writes a checkpoint after the step in progress, then ends


def main():
    signal.signal(signal.SIGTERM, ask_stop)
    signal.signal(signal.SIGINT, ask_stop)
    job = Job(parse())
    reason = job.train_loop()
    if job.rank == 0:
        print(f"{reason} at step {job.step}", flush=True)
    # Every rank passed the last checkpoint's barrier and the checkpoint is fsynced: leave now. gloo's
    # destroy_process_group sometimes hung here for minutes (roundTrip.test.ts: 3 of about 12 runs, after "limit").
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
