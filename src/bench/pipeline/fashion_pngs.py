#!/usr/bin/env python3
"""Image folders from the full Fashion-MNIST (Debian's dataset-fashion-mnist): the first N training
images, upscaled from 28 x 28 grey to SIZE x SIZE RGB PNGs (bilinear, the grey copied to three
channels), one folder per class, so that decoding and resizing cost something. Generated for
benchmarks, never committed.
Usage: python3 fashion_pngs.py --count N --out DIR [--size 64] [--source /usr/share/datasets/fashion-mnist]"""
import argparse
import gzip
import os

from PIL import Image

CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--source", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    with gzip.open(os.path.join(args.source, "train-images-idx3-ubyte.gz")) as f:
        images = f.read()[16:]
    with gzip.open(os.path.join(args.source, "train-labels-idx1-ubyte.gz")) as f:
        labels = f.read()[8:]
    for name in CLASSES:
        os.makedirs(os.path.join(args.out, name), exist_ok=True)
    for i in range(min(args.count, len(labels))):
        grey = Image.frombytes("L", (28, 28), images[i * 784:(i + 1) * 784])
        rgb = grey.resize((args.size, args.size), Image.BILINEAR).convert("RGB")
        rgb.save(os.path.join(args.out, CLASSES[labels[i]], f"{i:05d}.png"), optimize=False)


if __name__ == "__main__":
    main()
