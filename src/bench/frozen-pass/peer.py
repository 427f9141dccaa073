#!/usr/bin/env python3
"""The peer of FrozenPassBenchmark: the same .pt's weights in torchvision's eager ResNet, conv1 …
layer4, under torch.inference_mode, on random 224 x 224 images, channels-first (what eager code does
by default) or channels-last (torch.channels_last, model and input). Prints one line: images/s.
Usage: /usr/bin/python3 peer.py file.pt batch images [threads] [channels_last]"""
import sys
import time

import torch
import torchvision

path, batch, images = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
traced = torch.jit.load(path)
name = "resnet50" if any(k.endswith("conv3.weight") for k in traced.state_dict()) else "resnet18"
model = getattr(torchvision.models, name)()
model.load_state_dict(traced.state_dict())
frozen = torch.nn.Sequential(*list(model.children())[:-2]).eval()
x = torch.rand(batch, 3, 224, 224)
channels_last = len(sys.argv) > 5 and sys.argv[5] == "channels_last"
if channels_last:
    frozen = frozen.to(memory_format=torch.channels_last)
    x = x.contiguous(memory_format=torch.channels_last)
with torch.inference_mode():
    frozen(x)  # warm-up
    start, done = time.perf_counter(), 0
    while done < images:
        frozen(x).numpy()
        done += batch
    seconds = time.perf_counter() - start
print(f"{path.split('/')[-1]} peer{'-cl' if channels_last else ''} batch {batch}: {done / seconds:.2f} images/s")
