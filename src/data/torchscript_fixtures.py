#!/usr/bin/env python3
"""Makes the small TorchScript test fixtures (random, seeded weights).

Needs Debian's python3-torch and python3-torchvision (apt-get install -y python3-torchvision);
the output is committed, so tests and CI do not need them.
Usage: /usr/bin/python3 src/data/torchscript_fixtures.py --out DIR [--full]

--full also writes torchvision's real resnet18 and resnet50 (random weights, 45 and 98 MB; not
committed) to check the import at full size, e.g. with mvn transfer:inspect.
"""
import argparse
import os
import sys

import torch
import torchvision
from torch import nn
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet


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


class NarrowResNet(ResNet):
    """torchvision's ResNet (its classes, attribute names and forward) at a small width, so that a
    fixture with its exact layout stays a few hundred kilobytes."""

    def __init__(self, block, layers, num_classes, width):
        super().__init__(block, layers, num_classes=num_classes)
        self.inplanes = width
        self.conv1 = nn.Conv2d(3, width, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.layer1 = self._make_layer(block, width, layers[0])
        self.layer2 = self._make_layer(block, width * 2, layers[1], stride=2)
        self.layer3 = self._make_layer(block, width * 4, layers[2], stride=2)
        self.layer4 = self._make_layer(block, width * 8, layers[3], stride=2)
        self.fc = nn.Linear(width * 8 * block.expansion, num_classes)


def randomize_batch_norm(model):
    """Non-trivial BatchNorm statistics and affine terms, so a wrong mapping cannot go unnoticed."""
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.running_mean.uniform_(-0.2, 0.2)
                module.running_var.uniform_(0.5, 1.5)
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
    return model.eval()


def save(module, path):
    module.save(path)
    print("wrote", path, os.path.getsize(path), "bytes")


def resnet_fixtures(out):
    """torchvision-layout ResNets that the plugin imports into DJL blocks: traced and scripted,
    basic and bottleneck blocks, and a headless Sequential like DJL's resnet18_embedding."""
    torch.manual_seed(11)
    basic = randomize_batch_norm(NarrowResNet(BasicBlock, [2, 1, 1, 1], num_classes=10, width=8))
    save(torch.jit.trace(basic, torch.rand(1, 3, 32, 32)), os.path.join(out, "tiny-resnet-basic.pt"))
    torch.manual_seed(12)
    bottleneck = randomize_batch_norm(NarrowResNet(Bottleneck, [1, 1, 2, 1], num_classes=5, width=4))
    save(torch.jit.script(bottleneck), os.path.join(out, "tiny-resnet-bottleneck.pt"))
    headless = nn.Sequential(*list(basic.children())[:-1]).eval()
    save(torch.jit.trace(headless, torch.rand(1, 3, 32, 32)), os.path.join(out, "tiny-resnet-headless.pt"))


def full_size(out):
    for name in ("resnet18", "resnet50"):
        torch.manual_seed(1)
        model = randomize_batch_norm(getattr(torchvision.models, name)())
        save(torch.jit.trace(model, torch.rand(1, 3, 224, 224)), os.path.join(out, name + ".pt"))


def main():
    # TorchScript's scripted code names depend on Python's string hashing: fix it, so that every run
    # writes byte-identical files.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.full:
        full_size(args.out)
        return
    resnet_fixtures(args.out)
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
