#!/usr/bin/env bash
# Two trainings at once on one machine: each build's worker lets idle engine threads sleep
# (OMP_WAIT_POLICY=PASSIVE) and, in portable mode, runs a fixed number of threads, so two builds
# share the cores instead of starving each other. Prints the wall time of one build alone and of
# two side by side, for both numerics modes, and the ratio (goal: at most 2.2 on 2 cores).
#
# Needs: the README's main command run first (installs the plugin), python3, npm.
# Usage: bash src/bench/parallel-benchmark.sh [epochs]   (default 1)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
epochs="${1:-1}"
bench="$root/src/bench"
data="$bench/target/bench-data"
if [ ! -d "$data/train" ]; then
  mkdir -p "$data"
  python3 "$root/src/data/mnist_digits.py" --per-class-train 800 --per-class-validation 60 --out "$data"
fi
work="$bench/target/parallel"
rm -rf "$work"
for copy in a b; do
  mkdir -p "$work/$copy"
  sed -e "s#<relativePath>../../../pom.xml</relativePath>#<relativePath>$root/pom.xml</relativePath>#" \
      -e "s#\${project.basedir}/../target/bench-data#$data#" "$bench/parallel/pom.xml" > "$work/$copy/pom.xml"
done

build() { # copy, numerics: prints seconds
  local start end
  start=$(date +%s.%N)
  "$root/mvnw" -B -q -o -f "$work/$1/pom.xml" transfer:train -Dbench.epochs="$epochs" -Dtransfer.numerics="$2" \
      > "$work/$1-$2.log" 2>&1 || { cat "$work/$1-$2.log"; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.1f}')"
}

printf '%-9s %10s %14s %14s %7s\n' numerics 'alone s' 'two at once a' 'two at once b' ratio
for mode in portable fast; do
  alone=$(build a "$mode")
  build a "$mode" > "$work/a.time" & pa=$!
  build b "$mode" > "$work/b.time" & pb=$!
  wait "$pa" "$pb"
  a=$(cat "$work/a.time"); b=$(cat "$work/b.time")
  ratio=$(python3 -c "print(f'{max($a, $b) / $alone:.2f}')")
  printf '%-9s %10s %14s %14s %7s\n' "$mode" "$alone" "$a" "$b" "$ratio"
done
echo "cores: $(nproc); each build: resnet20 from scratch, $epochs epochs on 8,000 + 600 MNIST digits (28x28)."
