#!/usr/bin/env python3
"""Write a small, class-balanced subset of Fashion-MNIST in IDX format.

Reads the four gzipped IDX files of Fashion-MNIST (as installed by the Debian
package ``dataset-fashion-mnist``) and writes into --out:

  train-images-idx3-ubyte.gz        first N/10 images of each class of the
  train-labels-idx1-ubyte.gz        Fashion-MNIST training set (N = --train)
  validation-images-idx3-ubyte.gz   first M/10 images of each class of the
  validation-labels-idx1-ubyte.gz   Fashion-MNIST test set (t10k) (M = --validation)
  classes.txt                       the 10 class names, one a line, in label order

Selected images keep their original relative file order (so classes stay
interleaved as in the source). Output is byte-for-byte deterministic: gzip is
written with mtime=0 and no file name. Standard library only.
"""

import argparse
import gzip
import io
import os
import struct
import sys

DEFAULT_SOURCE = "/usr/share/datasets/fashion-mnist"

# Fashion-MNIST labels 0..9: T-shirt/top, Trouser, Pullover, Dress, Coat,
# Sandal, Shirt, Sneaker, Bag, Ankle boot -- written as folder-safe names.
CLASSES = [
    "t-shirt_top",
    "trouser",
    "pullover",
    "dress",
    "coat",
    "sandal",
    "shirt",
    "sneaker",
    "bag",
    "ankle_boot",
]

IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801


def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n, rows, cols = struct.unpack(">IIII", data[:16])
    if magic != IMAGES_MAGIC:
        sys.exit("%s: bad magic 0x%08x (expected 0x%08x)" % (path, magic, IMAGES_MAGIC))
    size = rows * cols
    if len(data) != 16 + n * size:
        sys.exit("%s: expected %d bytes of pixels, got %d" % (path, n * size, len(data) - 16))
    return rows, cols, [data[16 + i * size:16 + (i + 1) * size] for i in range(n)]


def read_idx_labels(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic != LABELS_MAGIC:
        sys.exit("%s: bad magic 0x%08x (expected 0x%08x)" % (path, magic, LABELS_MAGIC))
    if len(data) != 8 + n:
        sys.exit("%s: expected %d labels, got %d" % (path, n, len(data) - 8))
    return list(data[8:])


def balanced_indices(labels, total, name):
    if total <= 0 or total % len(CLASSES) != 0:
        sys.exit("--%s must be a positive multiple of %d, got %d" % (name, len(CLASSES), total))
    per_class = total // len(CLASSES)
    taken = [0] * len(CLASSES)
    chosen = []
    for i, label in enumerate(labels):
        if label >= len(CLASSES):
            sys.exit("unexpected label %d at index %d" % (label, i))
        if taken[label] < per_class:
            taken[label] += 1
            chosen.append(i)
            if len(chosen) == total:
                break
    if len(chosen) != total:
        sys.exit("--%s %d: source has too few images of some class (got %s)" % (name, total, taken))
    return chosen


def write_gz(path, payload):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="", compresslevel=9) as gz:
        gz.write(payload)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def write_split(out, prefix, source, src_prefix, total, name):
    rows, cols, images = read_idx_images(os.path.join(source, src_prefix + "-images-idx3-ubyte.gz"))
    labels = read_idx_labels(os.path.join(source, src_prefix + "-labels-idx1-ubyte.gz"))
    if len(images) != len(labels):
        sys.exit("%s: %d images but %d labels" % (src_prefix, len(images), len(labels)))
    chosen = balanced_indices(labels, total, name)
    img = struct.pack(">IIII", IMAGES_MAGIC, len(chosen), rows, cols) + b"".join(images[i] for i in chosen)
    lab = struct.pack(">II", LABELS_MAGIC, len(chosen)) + bytes(labels[i] for i in chosen)
    write_gz(os.path.join(out, prefix + "-images-idx3-ubyte.gz"), img)
    write_gz(os.path.join(out, prefix + "-labels-idx1-ubyte.gz"), lab)
    return len(chosen)


def main(argv=None):
    p = argparse.ArgumentParser(description="Write a class-balanced Fashion-MNIST subset (IDX, gzipped).")
    p.add_argument("--train", type=int, required=True, help="number of training images (multiple of 10)")
    p.add_argument("--validation", type=int, required=True, help="number of validation images (multiple of 10), taken from t10k")
    p.add_argument("--out", required=True, help="output directory (created if missing)")
    p.add_argument("--source", default=DEFAULT_SOURCE, help="directory with the Fashion-MNIST *-ubyte.gz files (default: %(default)s)")
    args = p.parse_args(argv)

    if not os.path.isdir(args.source):
        sys.exit("%s not found: install it with 'apt-get install -y dataset-fashion-mnist' or pass --source" % args.source)
    os.makedirs(args.out, exist_ok=True)
    n = write_split(args.out, "train", args.source, "train", args.train, "train")
    m = write_split(args.out, "validation", args.source, "t10k", args.validation, "validation")
    with open(os.path.join(args.out, "classes.txt"), "w", encoding="ascii", newline="\n") as f:
        f.write("".join(c + "\n" for c in CLASSES))
    print("wrote %d train and %d validation images to %s" % (n, m, args.out))


if __name__ == "__main__":
    main()
