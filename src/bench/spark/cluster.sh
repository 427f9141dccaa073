#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from Spark's own classes (no Spark distribution needed):
#   bash cluster.sh start WORKERS CORES_PER_WORKER   a master on 127.0.0.1:7077 and the workers
#   bash cluster.sh stop                             stops them (also their executors)
#   bash cluster.sh executors                        prints the process ids of the executor JVMs
# Spark's jars come from `mvnw dependency:copy-dependencies` into target/spark-home/jars (done here
# on first use); logs and the workers' folders go to target/cluster. Executors that the workers
# launch get the plugin's jars from the application (spark.jars), as on a real cluster.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
home="$here/target/spark-home"
state="$here/target/cluster"
opens="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true"

# The executor JVMs the workers started (from /proc: procps may not be installed).
executors() {
  local proc
  for proc in /proc/[0-9]*; do
    if tr '\0' ' ' < "$proc/cmdline" 2>/dev/null | grep -q 'org.apache.spark.executor.CoarseGrainedExecutorBackend'; then
      echo "${proc#/proc/}"
    fi
  done
}

stop() {
  if [ -d "$state" ]; then
    for pid in "$state"/*.pid; do
      [ -f "$pid" ] || continue
      kill "$(cat "$pid")" 2>/dev/null || true
      rm -f "$pid"
    done
  fi
  local pid
  for pid in $(executors); do kill "$pid" 2>/dev/null || true; done
}

case "${1:-}" in
  start)
    workers="${2:-1}"; cores="${3:-1}"
    stop
    if [ ! -d "$home/jars" ]; then
      "$root/mvnw" -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=provided \
          -DoutputDirectory="$home/jars" >/dev/null
    fi
    mkdir -p "$state"
    export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOG_DIR="$state"
    # The master and the workers are plain JVMs; a worker starts executors with SPARK_HOME's jars.
    java -Xmx512m $opens -cp "$home/jars/*" org.apache.spark.deploy.master.Master \
        --host 127.0.0.1 --port 7077 --webui-port 8080 > "$state/master.log" 2>&1 &
    echo $! > "$state/master.pid"
    for i in $(seq 1 "$workers"); do
      mkdir -p "$state/worker-$i"
      java -Xmx512m $opens -cp "$home/jars/*" org.apache.spark.deploy.worker.Worker \
          --host 127.0.0.1 --cores "$cores" --memory 3g --webui-port 0 --work-dir "$state/worker-$i" \
          spark://127.0.0.1:7077 > "$state/worker-$i.log" 2>&1 &
      echo $! > "$state/worker-$i.pid"
    done
    # Ready when the master has registered every worker (its log says so; no HTTP client needed).
    for _ in $(seq 1 120); do
      alive=$(grep -c 'Registering worker' "$state/master.log" 2>/dev/null || true)
      if [ "${alive:-0}" -ge "$workers" ]; then
        echo "Spark standalone: master spark://127.0.0.1:7077, $workers worker(s) of $cores core(s)"
        exit 0
      fi
      sleep 1
    done
    echo "The standalone cluster did not come up; see $state/*.log" >&2
    tail -20 "$state"/*.log >&2
    stop
    exit 1
    ;;
  stop)
    stop
    ;;
  executors)
    executors
    ;;
  *)
    echo "usage: cluster.sh start WORKERS CORES | stop | executors" >&2
    exit 2
    ;;
esac
