#!/usr/bin/env bash
# Fine-tuning's default learning rate (a tenth of the head's) against fixed
# rates (1e-4 .. 3e-3), after the same head, on the data sets and base of defaults-benchmark.sh
# (see there for what it needs). Each model is scored once on the test folder. Prints one row per
# run: test and validation accuracy, the rate fine-tuning trained at, whether it kept the head's
# model (it never beat the head), its epochs and the run's seconds.
# Usage: bash src/bench/fine-tuning-benchmark.sh [name ...]   (default: digits fashion colour)
set -euo pipefail
BENCH_MAIN=FineTuningDefaultsBenchmark exec bash "$(dirname "$0")/defaults-benchmark.sh" "$@"
