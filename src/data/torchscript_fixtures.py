#!/usr/bin/env python3
"""Makes the small TorchScript test fixtures (random, seeded weights).

Needs Debian's python3-torch (apt-get install -y python3-torch); the output is committed, so tests
and CI do not need it. Usage: python3 src/data/torchscript_fixtures.py --out DIR
"""
import argparse
import os

import torch
from torch import nn


class TinyEmbedding(nn.Module):
    """A small CNN for 28 x 28 grey images that ends in a 32-value embedding, like resnet18_embedding."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
        )

    def forward(self, x):
        return torch.flatten(self.features(x), 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(7)
    model = TinyEmbedding().eval()
    # Give BatchNorm non-trivial running statistics, so inference mode is observable.
    with torch.no_grad():
        for bn in (model.features[1], model.features[5]):
            bn.running_mean.uniform_(-0.1, 0.1)
            bn.running_var.uniform_(0.5, 1.5)
    traced = torch.jit.trace(model, torch.rand(1, 1, 28, 28))
    path = os.path.join(args.out, "tiny-embedding.pt")
    traced.save(path)
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
