#!/usr/bin/env bash
# Scaling (issue 11 §4): how each stage's time, the worker's memory and the bytes written grow with
# the number of images. For each size (default 10,000, 30,000 and 60,000 Fashion-MNIST training
# images, upscaled to 64 x 64 RGB PNGs so that decoding and resizing cost something; made here from
# Debian's dataset-fashion-mnist, never committed) it
#   1. times decoding + preprocessing alone (pipeline/PreparationBenchmark: the run's 28 x 28 grey
#      input, on 1 and on 2 threads);
#   2. builds a generated project with `transfer:train`, the installed mnist-base frozen, cut at
#      stage3, a linear head for HEAD_EPOCHS epochs (the frozen pass fills the feature cache once);
#   3. builds the same project end to end (freezeBase false) for E2E_EPOCHS epochs.
# Both builds hold out a seeded 10% for validation and set the learning rate (no range test: it
# would add a cost that does not grow with the data). Every build is a real Maven build, watched by
# scaling/monitor.py; scaling/report.py prints per size and stage the seconds, images/s and the time
# per image against the smallest size, the worker's peak memory and bytes written, then the goals
# with PASS or MISS and the same figures extrapolated, on paper, to 1,000,000 images. Each figure
# says how many cores other processes took while it was measured: on a shared machine, look there
# before believing a MISS (or a PASS).
#
# cacheMemoryMb is set to CACHE_MB (64) on purpose: the worker's memory stays flat only when caches
# spill beyond a fixed budget. 64 MB is less than the smallest run's feature cache (9,000 rows of
# (64, 7, 7) floats, 110 MB), so at every size the training cache spills and what stays in memory is
# at most the budget; with the default 512 MB the 10,000 and 30,000 image caches would be held in
# memory and the 60,000 one spilled, and peak memory would follow the cache, not the image count.
#
# Needs: the README's first command run first (installs the plugin and mnist-base), python3 with PIL
# (python3-pil), about 1.5 GB free under src/bench/target. Took 16.5 minutes on 2 cores.
# Usage: bash src/bench/scaling-benchmark.sh [--this-checkout] [sizes...]   (default 10000 30000 60000)
#   --this-checkout  first installs this checkout's plugin into src/bench/target/scaling/m2 (tests
#                    skipped) and runs that one, resolving everything else from ~/.m2; without it,
#                    the plugin installed in ~/.m2 runs.
#   HEAD_EPOCHS=3 E2E_EPOCHS=1 CACHE_MB=64 in the environment change the runs; WORKER_JVM_ARGS (none)
#   becomes the runs' <jvmArgs>, e.g. -Xmx1g: by default the worker's JVM sizes its heap from the
#   machine (a quarter of it) and lets it grow in a long run, which peak memory then shows.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$root/src/bench"
work="$bench/target/scaling"
repo_args=()
if [ "${1:-}" = "--this-checkout" ]; then
  shift
  repo_args=(-Dmaven.repo.local="$work/m2" -Dmaven.repo.local.tail="$HOME/.m2/repository")
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 30000 60000)
head_epochs="${HEAD_EPOCHS:-3}"
e2e_epochs="${E2E_EPOCHS:-1}"
cache_mb="${CACHE_MB:-64}"
jvm_args="${WORKER_JVM_ARGS:-}"
version="$(/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as t
print(t.parse(sys.argv[1]).getroot().find("{http://maven.apache.org/POM/4.0.0}version").text)' "$root/pom.xml")"
mkdir -p "$work/data" "$work/runs" "$work/classes"
started=$(date +%s)

if [ ${#repo_args[@]} -gt 0 ]; then
  echo "Installing this checkout's plugin into $work/m2 ..."
  "$root/mvnw" -o -B -q -f "$root/pom.xml" install -pl transfer-maven-plugin -am -DskipTests "${repo_args[@]}" \
      > "$work/install.log" 2>&1 || { tail -40 "$work/install.log"; exit 1; }
  plugin_repo="$work/m2"
else
  plugin_repo="$HOME/.m2/repository"
fi
jar="$plugin_repo/io/github/transferml/transfer-maven-plugin/$version/transfer-maven-plugin-$version.jar"
[ -f "$jar" ] || { echo "No plugin at $jar: run the README's first command (or use --this-checkout)." >&2; exit 1; }

# Decoding + preprocessing alone, compiled against the plugin that the builds run.
"$root/mvnw" -o -q -B -f "$root/transfer-maven-plugin/pom.xml" dependency:build-classpath "${repo_args[@]}" \
    -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=runtime > /dev/null
cp="$jar:$(cat "$work/cp.txt")"
javac -d "$work/classes" -cp "$cp" "$bench/pipeline/PreparationBenchmark.java"

{
  if [ ${#repo_args[@]} -gt 0 ]; then
    built="built from this checkout, $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- transfer-maven-plugin || echo ' with local changes')"
  else
    built="installed $(date -r "$jar" '+%F %T')"
  fi
  echo "plugin $jar (SHA-256 $(sha256sum "$jar" | cut -c1-12)…), $built"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GB"
  echo "runs: cutPoint stage3 of mnist-base, validationSplit 0.1 (seed 42), learningRate 0.001, cacheMemoryMb $cache_mb, jvmArgs ${jvm_args:-(none)}; head $head_epochs epochs, end to end $e2e_epochs"
} > "$work/setup.txt"

project() { # dir, size, freezeBase, epochs: writes the generated POM
  mkdir -p "$1"
  cat > "$1/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by src/bench/scaling-benchmark.sh for one run; rewritten every time. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.github.transferml.bench</groupId>
  <artifactId>scaling-$(basename "$1")</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
  <build>
    <plugins>
      <plugin>
        <groupId>io.github.transferml</groupId>
        <artifactId>transfer-maven-plugin</artifactId>
        <version>$version</version>
        <configuration>
          <baseModel>
            <artifact>io.github.transferml.sample:mnist-base:$version:zip:model</artifact>
          </baseModel>
          <cutPoint>stage3</cutPoint>
          <freezeBase>$3</freezeBase>
          <dataset>
            <trainDirectory>$work/data/fashion-$2</trainDirectory>
            <validationSplit>0.1</validationSplit>
          </dataset>
          <seed>42</seed>
          <epochs>$4</epochs>
          <learningRate>0.001</learningRate>
          <cacheMemoryMb>$cache_mb</cacheMemoryMb>
          $([ -z "$jvm_args" ] || echo "<jvmArgs>$jvm_args</jvmArgs>")
          <force>true</force>
          <attach>false</attach>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
EOF
}

run() { # size, name, freezeBase, epochs
  local dir="$work/runs/$1-$2"
  rm -rf "$dir"
  project "$dir" "$1" "$3" "$4"
  echo "$(date +%T) $1 images, $2: building (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  cut -d' ' -f1-3 /proc/loadavg > "$dir/load-before.txt"
  /usr/bin/python3 "$bench/scaling/monitor.py" --out "$dir/monitor.json" --log "$dir/build.log" --watch "$dir/target" -- \
      "$root/mvnw" -o -B -f "$dir/pom.xml" transfer:train "${repo_args[@]}" \
      || { tail -40 "$dir/build.log"; exit 1; }
  cut -d' ' -f1-3 /proc/loadavg > "$dir/load-after.txt"
}

for size in "${sizes[@]}"; do
  data="$work/data/fashion-$size"
  if [ ! -d "$data" ]; then
    echo "$(date +%T) $size images: making the PNG folder"
    rm -rf "$data.part"
    /usr/bin/python3 "$bench/pipeline/fashion_pngs.py" --count "$size" --out "$data.part"
    mv "$data.part" "$data"
  fi
  echo "$(date +%T) $size images: decoding + preprocessing on 1 and 2 threads"
  /usr/bin/python3 "$bench/scaling/monitor.py" --out "$work/runs/decode-$size.json" --log "$work/runs/decode-$size.txt" -- \
      env OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=AVX2 \
      MKL_CBWR=COMPATIBLE OMP_WAIT_POLICY=PASSIVE OPT_OUT_TRACKING=true \
      java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
      -Dbench.grayscale=true -Dbench.augment=false -cp "$work/classes:$cp" \
      io.github.transferml.transfer.data.PreparationBenchmark "$data" 28 28 1 2 \
      || { cat "$work/runs/decode-$size.txt"; exit 1; }
  run "$size" frozen true "$head_epochs"
  run "$size" e2e false "$e2e_epochs"
done

echo "took $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s" >> "$work/setup.txt"
/usr/bin/python3 "$bench/scaling/report.py" "$work" "${sizes[@]}" | tee "$work/result.txt"
