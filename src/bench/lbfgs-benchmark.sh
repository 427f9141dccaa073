#!/usr/bin/env bash
# What the exact linear head (<head><solver>lbfgs</solver>) costs as the cached features grow:
# seconds per evaluation of the loss and gradient, and of the whole penalty path, on synthetic
# features in 10 classes. Needs the plugin's jar (the README's first command builds it).
# Usage: bash src/bench/lbfgs-benchmark.sh [rows:features ...]   (default: 2000:64 10000:512 50000:2048)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="$root/src/bench/target/lbfgs"
mkdir -p "$target/classes"
cp -f "$(ls "$root"/transfer-maven-plugin/target/transfer-maven-plugin-*.jar | grep -v sources | head -1)" "$target/plugin.jar"
"$root/mvnw" -q -B -f "$root/transfer-maven-plugin/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$target/cp.txt" -Dmdep.includeScope=runtime > /dev/null
cp="$target/plugin.jar:$(cat "$target/cp.txt")"
javac -d "$target/classes" -cp "$cp" "$root/src/bench/lbfgs/LinearProbeScaleBenchmark.java"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000:64 10000:512 50000:2048)
java -Xmx8g -cp "$target/classes:$cp" io.github.transferml.transfer.train.LinearProbeScaleBenchmark "${sizes[@]}"
