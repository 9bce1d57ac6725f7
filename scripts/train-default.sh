#!/bin/sh
# Train the shipped default model with the project's own CLI, then export it into resources/models/default.
#   scripts/train-default.sh [DATA_DIR]      (default /tmp/b2b-default; stop with Ctrl-C or SIGINT: a checkpoint is written)
# 1. dataset from ../shared/data/midi (Freedoom + POP909), 2. 'small' preset, checkpoints every epoch (resumable with
# --resume), 3. export the newest checkpoint: generator weights, training record, loss curve, examples, docs images.
set -e
DATA="${1:-/tmp/b2b-default}"
RUN=default-small
npx tsx src/main/cli.ts import ../shared/data/midi --dataset shared --data "$DATA"
date -u +%s > "$DATA/train.started"
nice -n 5 npx tsx src/main/cli.ts train --dataset shared --preset small --epochs 100 \
  --checkpoint-every 1 --sample-every 1 --run "$RUN" --data "$DATA" 2> "$DATA/train.log" || true
npx tsx scripts/train-default.ts --data "$DATA" --run "$RUN" --log "$DATA/train.log" \
  --wall-seconds $(( $(date -u +%s) - $(cat "$DATA/train.started") ))
