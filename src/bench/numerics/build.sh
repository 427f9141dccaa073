#!/usr/bin/env bash
# Compiles the numerics probes against the jars in ~/.m2 (the versions the plugin's pom uses) and
# the small C proofs. Writes the classpath to $PROBE_CP (default /tmp/cp.txt) and classes to
# $PROBE_CLASSES (default /tmp/probe-classes), which run.sh reads.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
m2="$HOME/.m2/repository"
jars=(
  ai/djl/api/0.36.0/api-0.36.0.jar
  ai/djl/pytorch/pytorch-engine/0.36.0/pytorch-engine-0.36.0.jar
  ai/djl/pytorch/pytorch-jni/2.7.1-0.36.0/pytorch-jni-2.7.1-0.36.0.jar
  ai/djl/pytorch/pytorch-native-cpu/2.7.1/pytorch-native-cpu-2.7.1-linux-x86_64.jar
  com/google/code/gson/gson/2.13.1/gson-2.13.1.jar
  net/java/dev/jna/jna/5.17.0/jna-5.17.0.jar
  org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar
)
cp=""
for j in "${jars[@]}"; do
  [ -f "$m2/$j" ] || { echo "missing $m2/$j (build the plugin once online)" >&2; exit 1; }
  cp="${cp:+$cp:}$m2/$j"
done
echo "$cp" > "${PROBE_CP:-/tmp/cp.txt}"
classes="${PROBE_CLASSES:-/tmp/probe-classes}"
mkdir -p "$classes"
javac -cp "$cp" -d "$classes" "$here/NumericsProbe.java" "$here/OpProbe.java"
c="${PROBE_C:-/tmp/probe-c}"
mkdir -p "$c"
gcc -O1 -msse2 -o "$c/approx" "$here/approx.c" -lm
gcc -O1 -o "$c/mklsqrt" "$here/mklsqrt.c" -ldl -lm
gcc -O1 -o "$c/cpuid" "$here/cpuid.c"
echo "classes in $classes, C proofs in $c"
