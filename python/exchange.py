"""The run-export folder (README.md, "The folder"): safetensors by hand, packed .npz shards, state <-> modules.

stdlib + numpy + torch only; nothing here needs Bytes to Beats.
"""

import json
import os
import struct

import numpy as np
import torch

CHECKPOINT_FORMAT = "bytes-to-beats-torch-checkpoint/1"
DTYPES = {"F32": np.float32, "I32": np.int32, "U8": np.uint8}
NAMES = {np.dtype(v): k for k, v in DTYPES.items()}


def read_safetensors(path):
    """-> (dict name -> numpy array, metadata dict of str)."""
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8:8 + n])
    meta = header.pop("__metadata__", {})
    body = memoryview(buf)[8 + n:]
    out = {}
    for name, spec in header.items():
        a, b = spec["data_offsets"]
        arr = np.frombuffer(body[a:b], dtype=DTYPES[spec["dtype"]]).reshape(spec["shape"])
        out[name] = arr.copy()
    return out, meta


def write_atomic(path, chunks):
    """Write through a temp file in the same folder, fsync, rename, fsync the folder (a kill leaves old or new)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        for c in chunks:
            f.write(c)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fd = os.open(os.path.dirname(path), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_safetensors(path, tensors, metadata):
    """tensors: list of (name, numpy array) in file order; metadata: dict of str. Header padded to 8 bytes."""
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name, arr in tensors:
        arr = np.asarray(arr)  # not ascontiguousarray: it turns a 0-d array (Adam's step) into 1-d
        blob = arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes(order="C")
        header[name] = {"dtype": NAMES[arr.dtype], "shape": list(arr.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    head = json.dumps(header).encode()
    head += b" " * ((8 - len(head) % 8) % 8)
    write_atomic(path, [struct.pack("<Q", len(head)), head, *blobs])


def load_run(folder):
    with open(os.path.join(folder, "run.json")) as f:
        run = json.load(f)
    if run.get("format") != "bytes-to-beats-torch-run" or run.get("version") != 1:
        raise ValueError(f"{folder}/run.json is not a run export (version 1)")
    return run


def checkpoints(folder):
    """Exchange checkpoint files, oldest first (names sort by step)."""
    d = os.path.join(folder, "checkpoints")
    return [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.startswith("ckpt-") and f.endswith(".safetensors")]


def checkpoint_path(folder, step):
    return os.path.join(folder, "checkpoints", f"ckpt-{step:010d}.safetensors")


def load_packed(folder, run):
    """All segments, bit-packed: uint8 [count, segmentBytes] in segment order (1/8 of the unpacked size)."""
    ds = run["dataset"]
    parts = []
    for shard in ds["shards"]:
        with np.load(os.path.join(folder, shard["file"])) as z:
            rolls, index = z["rolls"], z["index"]
        if rolls.shape != (shard["count"], ds["segmentBytes"]) or index[0] != shard["first"]:
            raise ValueError(f"{shard['file']} does not match run.json")
        parts.append(rolls)
    packed = np.concatenate(parts)
    if len(packed) != ds["identity"]["count"]:
        raise ValueError(f"shards hold {len(packed)} segments, run.json says {ds['identity']['count']}")
    return packed


def unpack(packed, run):
    """Packed rows -> float32 NHWC [n, steps, pitches, tracks] of 0/1 (LSB-first bits, NHWC cell order)."""
    ds = run["dataset"]
    bits = np.unpackbits(packed, axis=1, count=ds["cells"], bitorder="little")
    return torch.from_numpy(bits.reshape(len(packed), *ds["shape"]).astype(np.float32))


def load_state(path, run, G, D, opt_g, opt_d):
    """Load an exchange checkpoint into modules and Adam optimizers; returns its metadata (step, epoch, lr...)."""
    tensors, meta = read_safetensors(path)
    if meta.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{path}: not an exchange checkpoint")
    for spec in run["tensors"]:
        if spec["torch"] not in tensors:
            raise ValueError(f"{path}: lacks {spec['torch']}")
    for prefix, module in (("G.", G), ("D.", D)):
        own = module.state_dict()
        for k in own:
            if k.endswith("num_batches_tracked"):
                continue
            own[k] = torch.from_numpy(tensors[prefix + k]).reshape(own[k].shape)
        module.load_state_dict(own)
    for prefix, module, opt in (("optG", G, opt_g), ("optD", D, opt_d)):
        step = float(tensors[f"{prefix}.step"])
        key = "G." if prefix == "optG" else "D."
        for name, p in module.named_parameters():
            m = tensors.get(f"{prefix}.exp_avg.{key}{name}")
            v = tensors.get(f"{prefix}.exp_avg_sq.{key}{name}")
            if m is None or step == 0:
                continue  # Adam state is created on the first step
            opt.state[p] = {
                "step": torch.tensor(step),
                "exp_avg": torch.from_numpy(m).reshape(p.shape).to(p.device),
                "exp_avg_sq": torch.from_numpy(v).reshape(p.shape).to(p.device),
            }
    return json.loads(meta["meta"])


def state_tensors(run, G, D, opt_g, opt_d):
    """Modules and optimizers -> [(torch name, numpy array)] in run.json's order (missing Adam state = zeros)."""
    own = {f"G.{k}": v for k, v in G.state_dict().items()}
    own.update({f"D.{k}": v for k, v in D.state_dict().items()})
    params = {f"G.{n}": p for n, p in G.named_parameters()}
    params.update({f"D.{n}": p for n, p in D.named_parameters()})
    out = []
    for spec in run["tensors"]:
        name = spec["torch"]
        head, _, rest = name.partition(".")
        if head in ("G", "D"):
            t = own[name]
        else:
            opt = opt_g if head == "optG" else opt_d
            slot, _, pname = rest.partition(".")
            if slot == "step":
                steps = [s["step"] for s in opt.state.values() if "step" in s]
                out.append((name, np.array(int(float(steps[0])) if steps else 0, dtype=np.int32)))
                continue
            st = opt.state.get(params[pname], {})
            t = st.get(slot, torch.zeros_like(params[pname]))
        out.append((name, t.detach().cpu().float().numpy().reshape(spec["torchShape"])))
    return out


def save_state(path, run, G, D, opt_g, opt_d, info):
    write_safetensors(path, state_tensors(run, G, D, opt_g, opt_d), {"format": CHECKPOINT_FORMAT, "meta": json.dumps(info)})
