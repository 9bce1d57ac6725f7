# Draws resources/icon.png (512x512): a dark rounded square with piano-roll bars in LPD-17 family colours. No dependencies.
import struct, zlib, math

N = 512
BG = (22, 24, 29)
PANEL = (36, 40, 48)
BARS = [  # (row, start, length, colour) on a 16x16 grid
    (3, 1, 4, (79, 195, 247)), (3, 7, 3, (79, 195, 247)), (5, 3, 5, (255, 213, 79)),
    (7, 2, 3, (129, 199, 132)), (7, 9, 5, (129, 199, 132)), (9, 5, 6, (240, 98, 146)),
    (11, 1, 3, (186, 104, 200)), (11, 10, 4, (186, 104, 200)), (13, 4, 7, (255, 138, 101)),
]

def inside_rounded(x, y, r=96, m=16):
    lo, hi = m, N - m
    if x < lo or x >= hi or y < lo or y >= hi:
        return False
    cx = min(max(x, lo + r), hi - r)
    cy = min(max(y, lo + r), hi - r)
    return math.hypot(x - cx, y - cy) <= r

def pixel(x, y):
    if not inside_rounded(x, y):
        return (0, 0, 0, 0)
    cell = (N - 64) / 16
    gx, gy = (x - 32) / cell, (y - 32) / cell
    for row, start, length, col in BARS:
        if row <= gy < row + 0.8 and start <= gx < start + length:
            return col + (255,)
    if 0 <= gx < 16 and int(gy) % 2 == 0 and 0 <= gy < 16:
        return PANEL + (255,)
    return BG + (255,)

raw = b''.join(b'\x00' + b''.join(bytes(pixel(x, y)) for x in range(N)) for y in range(N))

def chunk(kind, data):
    c = kind + data
    return struct.pack('>I', len(data)) + c + struct.pack('>I', zlib.crc32(c) & 0xFFFFFFFF)

png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', N, N, 8, 6, 0, 0, 0))
png += chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
open('icon.png', 'wb').write(png)
