#!/usr/bin/env bash
# The neighbour-graph, density and outlier benchmark of issue 6 in one command, each harness in its own JVM on
# synthetic clustered float32 rows, printing seconds, ratios and peak RSS:
#   kNN graph 416,314 x 50, k = 15: NN-descent vs exact brute force, recall@15 (KnnBench)
#   agglomerative Ward on a 15-NN graph at 50k, 100k, 416,314 rows; scikit-learn beside it at 50k (--sklearn)
#   OPTICS on a kNN graph and DBSCAN at 416,314 (DensityBench), HDBSCAN at 416,314 (HdbscanBench)
#   LOF(20), kNN distance, isolation forest at 416,314 (OutlierBench)
# About 40 minutes on an idle 2-core machine; needs about 6 GB. Prints the load average before each step: figures
# taken with other work running are not comparable.
# Usage: descry-bench/run-graph-bench.sh [--quick]   (--quick: 20,000 rows everywhere, a smoke run)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/descry-bench.jar"
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
java_bin=""
for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/*25*/bin/java; do
  if [[ -x "$j" ]] && "$j" -version 2>&1 | grep -q 'version "25'; then java_bin="$j"; break; fi
done
[[ -n "$java_bin" ]] || { echo "run-graph-bench.sh: no JDK 25 found" >&2; exit 3; }
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
if [[ $quick == 1 ]]; then
  full=20000; mid=20000; small=20000
else
  full=416314; mid=100000; small=50000
fi
run "kNN graph, $full x 50, k=15" -Xmx4g -cp "$jar" org.descry.bench.KnnBench --rows "$full" --cols 50 --k 15
run "agglomerative, $small x 50 (with scikit-learn)" -Xmx4g -cp "$jar" org.descry.bench.AgglomerativeBench --rows "$small" --sklearn
run "agglomerative, $mid x 50" -Xmx4g -cp "$jar" org.descry.bench.AgglomerativeBench --rows "$mid"
run "agglomerative, $full x 50" -Xmx5g -cp "$jar" org.descry.bench.AgglomerativeBench --rows "$full"
run "density (k-distance, OPTICS on a kNN graph, DBSCAN), $full x 50" -Xmx5g -cp "$jar" org.descry.bench.DensityBench --rows "$full"
run "HDBSCAN, $full x 50" -Xmx4g -cp "$jar" org.descry.bench.HdbscanBench --rows "$full"
run "outliers (LOF, kNN distance, isolation forest), $full x 50" -Xmx4g -cp "$jar" org.descry.bench.OutlierBench --rows "$full"
