#!/usr/bin/env bash
# The frozen pass of torchvision's ResNet-18 and ResNet-50 (random weights, traced .pt), cut before
# their pooling, at 224 x 224 on random colour images, side by side with PyTorch eager:
#   plugin   the plugin's imported DJL network as the worker runs it (cache/FrozenPass, each
#            BatchNorm folded into its convolution, images laid out channels-last (engine/
#            ChannelsLast), with the worker's allocator settings, engine/NativeMemory)
#   nchw     the same, channels-first (how it ran before ChannelsLast)
#   unfolded channels-first with every BatchNorm run on its own (how it ran before BatchNormFolding)
#   peer     Debian's python3-torch, torchvision's eager ResNet with the same weights, 2 threads
#   peer-cl  the same with model and input in torch.channels_last
# Every variant runs in its own process with the worker's environment for <numerics>portable
# (AVX2 pins, 2 threads; engine.Numerics), the peer under the same pins; then the plugin and the
# peer once more without pins (numerics "fast", this CPU's best kernels, still 2 threads). In
# alternating rounds; prints each run and the median images/s per variant.
#
# Needs: the plugin's jar (the README's first command builds it), Debian's python3-torch and
# python3-torchvision (apt-get install python3-torchvision), 4 GB of free memory.
# Usage: bash src/bench/frozen-pass-benchmark.sh [images per run] [rounds]   (default 160 3)
# A subset, e.g. for more rounds of the pairs that matter: NETWORKS="resnet18" VARIANTS="plugin peer8"
# (variants: plugin nchw unfolded peer32 peer8 peer-cl8 plugin-fast peer-fast8; default all).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
images="${1:-160}"
rounds="${2:-3}"
target="$root/src/bench/target/frozen-pass"
mkdir -p "$target/classes"
[ -f "$target/resnet50.pt" ] || /usr/bin/python3 "$root/src/data/torchscript_fixtures.py" --out "$target" --full
cp -f "$(ls "$root"/transfer-maven-plugin/target/transfer-maven-plugin-*.jar | grep -v sources | head -1)" "$target/plugin.jar"
"$root/mvnw" -q -B -f "$root/transfer-maven-plugin/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$target/cp.txt" -Dmdep.includeScope=runtime > /dev/null
cp="$target/plugin.jar:$(cat "$target/cp.txt")"
javac -d "$target/classes" -cp "$cp" "$root/src/bench/frozen-pass/FrozenPassBenchmark.java"

# The worker's environment in portable numerics (engine.Numerics#environment, #systemProperties).
pins=(OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 OMP_DYNAMIC=FALSE MKL_DYNAMIC=FALSE ATEN_CPU_CAPABILITY=avx2
      ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=AVX2 MKL_CBWR=COMPATIBLE)
# The worker's allocator settings (engine.NativeMemory#environment).
allocator=(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456 MALLOC_ARENA_MAX=2)
worker=("${pins[@]}" ${WORKER_ENV:-OMP_WAIT_POLICY=PASSIVE} DJL_OFFLINE=true OPT_OUT_TRACKING=true)
java_run() { # file, plugin|unfolded, [fast]
  local environment=("${worker[@]}")
  [ "${3:-}" != fast ] || environment=(OMP_NUM_THREADS=2 ${WORKER_ENV:-OMP_WAIT_POLICY=PASSIVE} DJL_OFFLINE=true OPT_OUT_TRACKING=true)
  environment+=("${allocator[@]}")
  env -u MALLOC_MMAP_THRESHOLD_ -u MALLOC_TRIM_THRESHOLD_ -u MALLOC_ARENA_MAX "${environment[@]}" java -Xmx4g -Dai.djl.offline=true \
      -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -cp "$target/classes:$cp" \
      io.github.transferml.transfer.cache.FrozenPassBenchmark "$1" "$images" "$2" 2>/dev/null | grep images/s \
      | sed "s/ plugin batch/ $2${3:+-$3} batch/"
}
peer_run() { # file, batch, [fast|channels_last]
  local environment=("${pins[@]}")
  [ "${3:-}" != fast ] || environment=(OMP_NUM_THREADS=2)
  env "${environment[@]}" /usr/bin/python3 "$root/src/bench/frozen-pass/peer.py" "$1" "$2" "$images" 2 "${3:-}" \
      | sed "s/ batch/${3:+-$3} batch/; s/-cl-channels_last/-cl/"
}
log="$target/runs.txt"
: > "$log"
for round in $(seq "$rounds"); do
  for net in ${NETWORKS:-resnet18 resnet50}; do
    pt="$target/$net.pt"
    for variant in ${VARIANTS:-plugin nchw unfolded peer32 peer8 peer-cl8 plugin-fast peer-fast8}; do
      case "$variant" in
        plugin|nchw|unfolded) line="$(java_run "$pt" "$variant")" ;;
        plugin-fast) line="$(java_run "$pt" plugin fast)" ;;
        peer32) line="$(peer_run "$pt" 32)" ;;
        peer8) line="$(peer_run "$pt" 8)" ;;
        peer-cl8) line="$(peer_run "$pt" 8 channels_last)" ;;
        peer-fast8) line="$(peer_run "$pt" 8 fast)" ;;
        *) echo "unknown variant $variant" >&2; exit 2 ;;
      esac
      echo "round $round: $line" | tee -a "$log"
    done
  done
done
python3 - "$log" <<'PY'
import re, statistics, sys, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    m = re.match(r"round \d+: (\S+)\.pt ([\w-]+) batch (\d+): ([\d.]+) images/s", line)
    if m:
        runs[(m[1], m[2], int(m[3]))].append(float(m[4]))
print(f"\n{'network':<10} {'variant':<11} {'batch':>5} {'images/s (median)':>18} {'runs':>24}")
for (net, variant, batch), rates in sorted(runs.items()):
    print(f"{net:<10} {variant:<11} {batch:>5} {statistics.median(rates):>18.2f} {' '.join(f'{r:.1f}' for r in rates):>24}")
PY
