#!/usr/bin/env bash
# The frozen pass on a Spark standalone cluster (a master and one worker that this script starts on
# this machine from Spark's jars), after the README's first command: the same training here, in
# local[2] and on the cluster, where one executor is killed in the middle of the pass. Spark must
# run the lost tasks again on a new executor, and the three archives must be the same bytes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/src/bench/spark"
log="$bench/target/ci"
mkdir -p "$log"
export OPT_OUT_TRACKING=true
# Eight augmented views of each image: a pass long enough (about 2,200 rows) to kill an executor in.
run() { # name, extra Maven arguments
  local name="$1"; shift
  "$root/mvnw" -o -B -ntp -f "$bench/pom.xml" package -Dspark.run="$name" -Dspark.views=8 "$@" \
      > "$log/$name.log" 2>&1 || { tail -60 "$log/$name.log"; return 1; }
}
sha() { grep -o 'SHA-256 [0-9a-f]\{64\}$' "$log/$1.log" | tail -1 | cut -d' ' -f2; }

trap 'bash "$bench/cluster.sh" stop' EXIT
bash "$bench/cluster.sh" start 1 2

run here
run local -Dtransfer.spark.master='local[2]'

run standalone -Dtransfer.spark.master=spark://127.0.0.1:7077 &
build=$!
# Once the executors compute the training rows, kill the cluster's executor JVM.
for _ in $(seq 1 240); do
  grep -q 'Caching features of training data on Spark' "$log/standalone.log" 2>/dev/null && break
  sleep 0.5
done
sleep 4
killed=$(bash "$bench/cluster.sh" executors)
[ -n "$killed" ] || { echo "no executor to kill"; wait $build; exit 1; }
kill -9 $killed
echo "Killed executor JVM(s) $killed during the pass"
wait $build

grep -E 'Spark (computed|listed)|Caching features of training' "$log/standalone.log" | sed 's/^\[INFO\] /  /'
here=$(sha here); local=$(sha local); standalone=$(sha standalone)
echo "here:       $here"
echo "local[2]:   $local"
echo "standalone: $standalone (one executor killed)"
[ -n "$here" ] && [ "$here" = "$local" ] && [ "$here" = "$standalone" ] || { echo "The archives differ"; exit 1; }
grep -q 'Spark computed 2,160 rows of training data .* ran again (1 executor lost)' "$log/standalone.log" \
    || { echo "The log does not say that Spark ran the killed executor's tasks again"; exit 1; }
# Spark ran the lost tasks again: the master saw the killed executor and the worker started another.
grep -h 'Executor app-.* finished with state KILLED\|Executor app-.* finished with state EXITED\|Asked to launch executor' \
    "$bench/target/cluster/master.log" "$bench/target/cluster/worker-1.log" | sed 's/^/  /' | head -6
echo "Spark standalone: the same archive here, in local[2] and on the cluster with a killed executor"
