#!/bin/sh
# A run from scratch on a machine with python3 and torch alone (a GPU machine lent by the device tool has no node):
# train_ddp.py uses CUDA where it finds it, else the CPU. FOLDER is an exported run, made fresh where node runs:
#   bytes-to-beats export-run RUN --to FOLDER; python3 FOLDER/python/grow.py FOLDER --fresh-generator 128,128,128,64,32
#   --fresh-critic 8,16,32,64,128 --seed 11   (docs/experiments.md, "What remains")
# From noise the recipe's pulls (stats, groove, polyphony and share matching) drown the critic (G's loss in the tens
# of thousands), so they stay off until step PULLS_FROM and then train with run.json's recipe as it was.
#   scripts/band-from-scratch.sh FOLDER PULLS_FROM TOTAL_STEPS [OUT] [CHECKPOINT_EVERY]
# Run it again to go on (it picks up at the latest checkpoint, in whichever phase that is). OUT: the EMA checkpoints
# written every CHECKPOINT_EVERY steps (default 2000) and losses.jsonl are copied there, cut into 15 MB parts (the
# device tool brings back 8 files of at most 16 MB; the latest 3 are kept): `cat NAME.part-* > NAME` puts one together.
set -e
if [ $# -lt 3 ]; then
  echo "usage: band-from-scratch.sh FOLDER PULLS_FROM TOTAL_STEPS [OUT] [CHECKPOINT_EVERY]" >&2
  exit 2
fi
F="$1"
PULLS_FROM="$2"
TOTAL="$3"
OUT="$4"
EVERY="${5:-2000}"
PY="${PYTHON:-python3}"
[ -f "$F/recipe.json" ] || cp "$F/run.json" "$F/recipe.json"

latest() { ls "$F/checkpoints" | sed -n 's/^ckpt-0*\([0-9][0-9]*\)\.safetensors$/\1/p' | sort -n | tail -1; }

# run.json's train block with the pulls at 0 (phase 1) or as recipe.json holds them (phase 2).
config() {
  "$PY" - "$F" "$1" <<'PY'
import json, os, sys
folder, phase = sys.argv[1], sys.argv[2]
run = json.load(open(os.path.join(folder, "run.json")))
recipe = json.load(open(os.path.join(folder, "recipe.json")))["config"]["train"]
pulls = ("statsMatching", "grooveMatching", "polyphonyMatching", "shareMatching")
run["config"]["train"] = {**recipe, **({k: 0 for k in pulls} if phase == "1" else {})}
tmp = os.path.join(folder, "run.json.tmp")
json.dump(run, open(tmp, "w"), indent=2)
os.replace(tmp, os.path.join(folder, "run.json"))
print(" ".join(f"{k} {run['config']['train'].get(k, 0)}" for k in pulls))
PY
}

chunk() { # train_ddp.py for $1 steps, one process
  "$PY" -m torch.distributed.run --nproc_per_node=1 --master_port "${PORT:-29650}" --redirects 2 --tee 2 \
    "$F/python/train_ddp.py" "$F" --ema 0.995 --max-steps "$1" ${THREADS:+--threads "$THREADS"}
}

while step=$(latest); [ "$step" -lt "$TOTAL" ]; do
  if [ "$step" -lt "$PULLS_FROM" ]; then phase=1 goal=$PULLS_FROM; else phase=2 goal=$TOTAL; fi
  next=$(( (step / EVERY + 1) * EVERY ))
  [ "$next" -lt "$goal" ] || next=$goal
  echo "phase $phase, step $step to $next: $(config $phase)"
  chunk $(( next - step ))
  if [ "$(latest)" -le "$step" ]; then
    echo "no step was trained after $step: are the run's epochs (config.train.epochs) done?" >&2
    config 2 > /dev/null
    exit 1
  fi
  if [ -n "$OUT" ]; then
    mkdir -p "$OUT"
    s=$(printf "%010d" "$(latest)")
    split -b 15m -d "$F/ema/ckpt-$s.safetensors" "$OUT/ema-ckpt-$s.safetensors.part-"
    cp "$F/losses.jsonl" "$OUT/losses.jsonl"
    for old in $(ls "$OUT" | sed -n 's/\.part-00$//p' | sort | head -n -3); do rm -f "$OUT/$old".part-*; done
  fi
done
config 2 > /dev/null
echo "done at step $(latest)"
