#!/usr/bin/env bash
# Decoding + preprocessing (and augmenting) on a pool of threads (data/PreparedImages): images/s on
# 1, 2 and 4 threads over Fashion-MNIST training images upscaled to 64 x 64 RGB PNGs (made here from
# Debian's dataset-fashion-mnist, never committed), preprocessed to 32 x 32 as the plugin does.
# The rows are the same for any thread count (PreparedImagesTest); this measures only the speed.
#
# Needs: the plugin's jar (the README's first command builds it), python3 with PIL (python3-pil).
# Usage: bash src/bench/preparation-benchmark.sh [images]   (default 10000)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
count="${1:-10000}"
target="$root/src/bench/target/preparation"
data="$target/fashion-$count"
mkdir -p "$target/classes"
[ -d "$data" ] || /usr/bin/python3 "$root/src/bench/pipeline/fashion_pngs.py" --count "$count" --out "$data"
cp -f "$(ls "$root"/transfer-maven-plugin/target/transfer-maven-plugin-*.jar | grep -v sources | head -1)" "$target/plugin.jar"
"$root/mvnw" -q -B -f "$root/transfer-maven-plugin/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$target/cp.txt" -Dmdep.includeScope=runtime > /dev/null
cp="$target/plugin.jar:$(cat "$target/cp.txt")"
javac -d "$target/classes" -cp "$cp" "$root/src/bench/pipeline/PreparationBenchmark.java"
env OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=AVX2 \
    MKL_CBWR=COMPATIBLE OMP_WAIT_POLICY=PASSIVE OPT_OUT_TRACKING=true \
    java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$target/classes:$cp" io.github.transferml.transfer.data.PreparationBenchmark "$data" 32 32 1 2 4 2>/dev/null
