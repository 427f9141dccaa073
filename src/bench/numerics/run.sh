#!/usr/bin/env bash
# One probe run in a clean environment. Usage:
#   run.sh [--threads N] [--cpus LIST] [--qemu CPU] [--java-opt OPT]... [VAR=VALUE]... [-- probe -D options]
# Prints the probe's output (PARAMS <sha256> is the verdict). Needs the classes compiled by probe.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
threads=""; cpus=""; qemu=""; jopts=(); envs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --cpus) cpus="$2"; shift 2 ;;
    --qemu) qemu="$2"; shift 2 ;;
    --java-opt) jopts+=("$2"); shift 2 ;;
    --) shift; break ;;
    *=*) envs+=("$1"); shift ;;
    *) break ;;
  esac
done
java="$(readlink -f "$(command -v java)")"
cp="${PROBE_CLASSES:-/tmp/probe-classes}:$(cat "${PROBE_CP:-/tmp/cp.txt}")"
props=(-Dai.djl.offline=true)
if [ -n "$threads" ]; then
  props+=(-Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads="$threads")
  envs=("OMP_NUM_THREADS=$threads" "${envs[@]}")
fi
cmd=("$java" "${jopts[@]}" -cp "$cp" "${props[@]}" "$@" "${PROBE_MAIN:-NumericsProbe}")
if [ -n "$qemu" ]; then cmd=(qemu-x86_64 -cpu "$qemu" "${cmd[@]}"); fi
if [ -n "$cpus" ]; then cmd=(taskset -c "$cpus" "${cmd[@]}"); fi
exec env -i PATH=/usr/bin:/bin HOME="$HOME" OPT_OUT_TRACKING=true "${envs[@]}" "${cmd[@]}" 2> >(grep -v "TCG doesn't support" >&2)
