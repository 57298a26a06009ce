#!/usr/bin/env bash
# The full-size benchmark of the study's first half (scaling, PCA, k-means family, Gaussian mixtures, metrics) in
# one command: each harness generates synthetic float32 data of the reference size with cluster structure in its
# own JVM and prints seconds, the ratio against the scikit-learn 1.2.1 figure measured on this 2-core machine, and
# peak RSS. About 10 minutes on an idle machine; needs about 12 GB of free memory.
# Usage: descry-bench/run-core-bench.sh [--rows N]   (default 416314; a smaller N for a smoke run)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/descry-bench.jar"
rows=416314
[[ "${1:-}" == "--rows" ]] && rows="$2"

java_bin=""
for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/*25*/bin/java; do
  if [[ -x "$j" ]] && "$j" -version 2>&1 | grep -q 'version "25'; then java_bin="$j"; break; fi
done
[[ -n "$java_bin" ]] || { echo "run-core-bench.sh: no JDK 25 found" >&2; exit 2; }
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/descry-core/src/main" "$here/src" -newer "$jar" -print -quit)" ]]; then
  echo "== building $jar"
  (cd "$root" && mvn -B -q -pl descry-bench -am package -DskipTests)
fi

run() {
  local name="$1"; shift
  echo
  echo "== $name (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  "$java_bin" --add-modules jdk.incubator.vector "$@" 2>&1 | grep -v '^WARNING: Using incubator modules'
}
run "scaling and PCA, $rows x 2560" -Xmx2g -XX:MaxDirectMemorySize=12g -cp "$jar" org.descry.bench.PrepBench --rows "$rows"
run "k-means family, $rows x 250" -Xmx3g -cp "$jar" org.descry.bench.KMeansBench --rows "$rows" --reps 3
run "Gaussian mixture, $rows x 250" -Xmx4g -cp "$jar" org.descry.bench.GmmBench --rows "$rows"
run "metrics, $rows x 250" -Xmx4g -cp "$jar" org.descry.bench.MetricsBench --rows "$rows" --reps 3
