#!/bin/sh
# The band model recipe (docs/experiments.md, run D): the shipped default model's generator fine-tuned on the Freedoom
# band arrangements alone ('improved' preset, WGAN-GP, n_critic 2, lr G 3e-4 / D 6e-4, a fresh critic), trained by
# PyTorch (python/train_ddp.py, ~3x the engine's speed on a CPU; an EMA of G is kept too), brought back into the
# library and exported as the shipped default model.
#   scripts/train-band-model.sh DATA_DIR MIDI_DIR [THREADS]   (START=FILE: another generator to start from;
#   ALIGN_KEY=1: every real segment moved to C major / A minor, so the model writes in that key)
# MIDI_DIR: a folder of band arrangements (the developer set's ../shared/data/midi/freedoom). Needs python3 with torch
# and numpy (python/README.md). Stop the training with Ctrl-C (a checkpoint is written); run the script again to go on.
set -e
DATA="${1:?usage: scripts/train-band-model.sh DATA_DIR MIDI_DIR [THREADS]}"
MIDI="${2:?usage: scripts/train-band-model.sh DATA_DIR MIDI_DIR [THREADS]}"
THREADS="${3:-2}"
PY="${PYTHON:-python3}"
RUN=band
EXPORT="$DATA/$RUN-torch"
# tsx itself, not npx: a background job of a script starts with SIGINT ignored, and npx does not pass on the stop
# below (the engine then trained on for minutes); tsx hands SIGINT to the CLI, which stops with a checkpoint.
CLI="node_modules/.bin/tsx src/main/cli.ts"
if [ ! -d "$MIDI" ]; then
  echo "no MIDI folder $MIDI" >&2
  exit 2
fi
if [ ! -f "$EXPORT/run.json" ]; then
  $CLI import "$MIDI" --dataset band --data "$DATA"
  # The engine makes the run and its first checkpoint (a few steps, stopped with SIGINT); PyTorch trains on from it.
  $CLI train --dataset band --preset improved --n-critic 2 --lr-g 3e-4 --lr-d 6e-4 --epochs 300 \
    ${ALIGN_KEY:+--align-key} \
    --checkpoint-every 10 --sample-every 10 --run "$RUN" --data "$DATA" 2> "$DATA/$RUN-start.log" &
  pid=$!
  until grep -q '^step 2/' "$DATA/$RUN-start.log" 2>/dev/null; do sleep 2; done
  kill -INT "$pid"
  wait "$pid" || true
  cp "${START:-resources/models/default/generator.b2bckpt}" "$DATA/$RUN-start-generator.b2bckpt"
  $CLI export-run "$RUN" --to "$EXPORT" --start-generator "$DATA/$RUN-start-generator.b2bckpt" --data "$DATA"
fi
date -u +%s > "$DATA/$RUN.started"
OMP_NUM_THREADS="$THREADS" "$PY" -m torch.distributed.run --nproc_per_node=1 --redirects 2 --tee 2 \
  "$EXPORT/python/train_ddp.py" "$EXPORT" --threads "$THREADS" --ema 0.995 || true
ID=$($CLI import-run "$EXPORT" --name "$RUN $(date -u +%Y%m%d-%H%M)" --data "$DATA" |
  sed -n 's/^imported run \([0-9]*\) .*/\1/p')
CKPT=$(ls "$DATA/runs/$ID"/ckpt-*.b2bckpt | tail -1)
npx tsx scripts/train-default.ts --data "$DATA" --dataset band --checkpoint "$CKPT" --log "$EXPORT/losses.jsonl" \
  --threshold 0.5 --fine-tuned --wall-seconds $(( $(date -u +%s) - $(cat "$DATA/$RUN.started") ))
