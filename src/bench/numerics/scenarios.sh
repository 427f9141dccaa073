#!/usr/bin/env bash
# Reproduces the tables in README.md: thread count vs core count, each pin alone, emulated CPUs,
# single ops, and timings. Needs build.sh run first; qemu-user for the emulated part
# (apt-get install -y qemu-user) and dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist).
# Usage: scenarios.sh [cores|pins|emulated|ops|timing]...   (default: all; emulated takes ~10 min)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
R="$here/run.sh"
F=-Dfashion=/usr/share/datasets/fashion-mnist
MID="-Dimages=4096 -Dbatch=128 -Dwidth=16 $F"
TINY="-Dimages=32 -Dbatch=16 -Dwidth=4 -Dtrace=true $F"
BIG="-Dimages=12000 -Dbatch=64 -Dwidth=16 $F"
SSE="ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41 MKL_CBWR=COMPATIBLE"
AVX2="ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_CBWR=COMPATIBLE"
verdict() { "$R" "$@" 2>/dev/null | awk '/^train/{printf "%8.3f s  ", $4} /^PARAMS/{print substr($2,1,16)}'; }

cores() {
  for th in 1 2 4; do for c in 0 0,1; do echo "threads=$th taskset -c $c: $(verdict --threads $th --cpus $c -- $MID)"; done; done
  for c in 0 0,1; do echo "threads unset taskset -c $c: $(verdict --cpus $c -- $MID)"; done
}
pins() {
  for pin in NONE=1 ATEN_CPU_CAPABILITY=default ATEN_CPU_CAPABILITY=avx2 ATEN_CPU_CAPABILITY=avx512 \
      ONEDNN_MAX_CPU_ISA=SSE41 ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=SSE41 MKL_CBWR=COMPATIBLE MKL_CBWR=AVX2 \
      MKL_CBWR=AVX512 MKL_DYNAMIC=FALSE OMP_DYNAMIC=FALSE OMP_WAIT_POLICY=PASSIVE; do
    echo "threads=1 $pin: $(verdict --threads 1 "$pin" -- $MID)"
  done
}
emulated() {
  for adam in djl pow; do for set in SSE AVX2; do for cpu in native Haswell-v4 EPYC-Rome Nehalem max max,xlevel=0x8000001e; do
    [ "$set" = AVX2 ] && [ "$cpu" = Nehalem ] && continue
    q=(); [ "$cpu" != native ] && q=(--qemu "$cpu")
    echo "adam=$adam $set $cpu: $(verdict "${q[@]}" --threads 1 ${!set} -- $TINY -Dadam=$adam)"
  done; done; done
}
ops() {
  for set in SSE AVX2; do for cpu in native Haswell-v4 EPYC-Rome; do
    q=(); [ "$cpu" != native ] && q=(--qemu "$cpu")
    echo "== $set $cpu"; PROBE_MAIN=OpProbe "$R" "${q[@]}" --threads 1 ${!set} 2>/dev/null
  done; done
  c="${PROBE_C:-/tmp/probe-c}"; lib="$(ls -d "$HOME"/.djl.ai/pytorch/*-cpu-linux-x86_64 | head -1)"
  for cpu in native Haswell-v4 EPYC-Rome; do
    q=(); [ "$cpu" != native ] && q=(qemu-x86_64 -cpu "$cpu")
    echo "== $cpu"; "${q[@]}" "$c/approx" 2>/dev/null
    for cb in COMPATIBLE AVX2; do echo "MKL_CBWR=$cb $(LD_LIBRARY_PATH="$lib" MKL_CBWR=$cb "${q[@]}" "$c/mklsqrt" 2>/dev/null)"; done
  done
}
timing() {
  for rep in 1 2 3; do
    echo "fast (no pins, threads=cores, PASSIVE): $(verdict OMP_WAIT_POLICY=PASSIVE -- $BIG)"
    echo "fast (no pins, threads=cores, default ACTIVE wait): $(verdict -- $BIG)"
    echo "SSE  threads=1: $(verdict --threads 1 $SSE OMP_WAIT_POLICY=PASSIVE -- $BIG -Dadam=pow)"
    echo "AVX2 threads=1: $(verdict --threads 1 $AVX2 OMP_WAIT_POLICY=PASSIVE -- $BIG -Dadam=pow)"
    echo "AVX2 threads=2: $(verdict --threads 2 $AVX2 OMP_WAIT_POLICY=PASSIVE -- $BIG -Dadam=pow)"
  done
}
for part in "${@:-cores pins emulated ops timing}"; do for p in $part; do echo "### $p"; "$p"; done; done
