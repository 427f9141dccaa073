#!/usr/bin/env bash
# Portable numerics across CPUs, proven on one machine: the same tiny end-to-end training (ResNet-20,
# 3 steps) and the same frozen pass with an exact head (the sample's mnist-base, cut after stage3;
# BatchNorms folded, images channels-last) with its worker JVM on this CPU and on CPUs that qemu-user
# emulates, whose CPUID reports that model's instruction sets (Haswell-v4: AVX2, no AVX-512;
# EPYC-Rome: AMD; Nehalem: no AVX).
# portable must give one archive SHA-256 on every CPU with AVX2, compatible one on every CPU, fast
# differs between CPUs (so the check can fail), and portable on a CPU without AVX2 must refuse.
# Emulation is slow (a worker takes a minute or two); CI runs this after the README's commands.
#
# Needs: the README's first command run (installs the plugin and the sample's base); qemu-user
# (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
project="$root/.ci/emulated-cpus"
if ! command -v qemu-x86_64 > /dev/null; then
  apt-get update -qq && apt-get install -y -qq qemu-user > /dev/null
fi
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; else java="$(command -v java)"; fi
java="$(readlink -f "$java")"
target="$project/target"
rm -rf "$target" && mkdir -p "$target"
printf '#!/bin/sh\nexec "%s" "$@"\n' "$java" > "$target/java-native"
for cpu in Haswell-v4 EPYC-Rome Nehalem; do
  printf '#!/bin/sh\nexec qemu-x86_64 -cpu %s "%s" "$@"\n' "$cpu" "$java" > "$target/java-$cpu"
done
chmod +x "$target"/java-*

train() { # mode cpu
  local start=$SECONDS
  if "$root/mvnw" -B -ntp -o -f "$project/pom.xml" package -Dcpus.mode="$1" -Dcpus.name="$2" \
      -Dcpus.jvm="$target/java-$2" > "$target/$1-$2.log" 2>&1; then
    # one line: the end-to-end archive's SHA-256, then the frozen-pass-and-head archive's
    for kind in "" -frozen; do
      sha256sum "$target/emulated-cpus-0.1.0-SNAPSHOT-$1-$2$kind.zip" | cut -c1-64
    done | paste -sd' ' > "$target/$1-$2.sha"
  else
    echo failed > "$target/$1-$2.sha"
  fi
  printf '%-10s %-11s %s  (%d s)\n' "$1" "$2" "$(sed -E 's/([0-9a-f]{8})[0-9a-f]{56}/\1…/g' "$target/$1-$2.sha")" \
      $((SECONDS - start))
}

echo "numerics   cpu         archive SHA-256: end to end, frozen pass and head"
for cpu in native Haswell-v4 EPYC-Rome; do train portable "$cpu"; done
for cpu in native EPYC-Rome Nehalem; do train compatible "$cpu"; done
for cpu in native Nehalem; do train fast "$cpu"; done
train portable Nehalem

same() { [ "$(sort -u "$@" | wc -l)" = 1 ] && ! grep -q failed "$@"; }
ok=true
same "$target"/portable-{native,Haswell-v4,EPYC-Rome}.sha || { echo "FAIL: portable differs between CPUs with AVX2"; ok=false; }
same "$target"/compatible-{native,EPYC-Rome,Nehalem}.sha || { echo "FAIL: compatible differs between CPUs"; ok=false; }
if same "$target"/fast-{native,Nehalem}.sha; then echo "FAIL: fast was expected to differ between CPUs"; ok=false; fi
grep -q "portable pins the engine's kernels at AVX2, and this CPU has no AVX2" "$target/portable-Nehalem.log" \
  || { echo "FAIL: portable on a CPU without AVX2 should refuse, naming <numerics>compatible"; ok=false; }
$ok && echo "emulated CPUs: portable and compatible numerics give one archive per mode on every CPU"
$ok
