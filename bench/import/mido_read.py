"""Anchor for bench/import: read every MIDI file with mido and count note-ons, timed over N runs (JSON on stdout)."""
import json
import sys
import time

import mido

runs = int(sys.argv[1])
files = sys.argv[2:]
times = []
notes = 0
for _ in range(runs):
    t0 = time.perf_counter()
    notes = 0
    for path in files:
        for track in mido.MidiFile(path).tracks:
            for msg in track:
                if msg.type == 'note_on' and msg.velocity > 0:
                    notes += 1
    times.append(time.perf_counter() - t0)
print(json.dumps({'times': times, 'notes': notes, 'mido': mido.__version__}))
