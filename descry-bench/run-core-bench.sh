#!/usr/bin/env bash
# The full-size benchmark of the study's first half (load, scaling, PCA, k-means family, Gaussian mixtures,
# metrics) in one command. Each Java harness generates synthetic float32 data of the reference size with cluster
# structure in its own JVM, times Descry and prints RESULT lines. When Debian's /usr/bin/python3 has scikit-learn,
# the harnesses also write the exact matrices they timed to a scratch folder (--dump) and sklearn_core.py then
# times scikit-learn on the same data, one fresh process per step; otherwise the scikit-learn figures of the issue
# table (kept in the harnesses; shown at full size only) are used. Everything runs one after the other: never a
# JVM and Python at full size at once (scikit-learn's scaling alone peaks at 13.6 GB). The table at the end gives per step Descry and
# scikit-learn seconds, their ratio and both peak RSS.
# Full size: about 15 minutes and 14 GB free memory, 6 GB of scratch disk.
# Usage: descry-bench/run-core-bench.sh [--rows N] [--no-sklearn] [--sklearn-pca-full] [--scratch DIR]
#   --rows N            rows of every data set (default 416314; e.g. 20000 for a smoke run)
#   --no-sklearn        do not time scikit-learn; compare with the issue's figures
#   --sklearn-pca-full  also time scikit-learn's PCA(svd_solver='full') (about 340 s at full size)
#   --scratch DIR       where the dumped matrices go (default: a new folder under ${TMPDIR:-/tmp}); removed at exit
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/descry-bench.jar"
rows=416314
use_sklearn=1
pca_full=""
scratch_parent="${TMPDIR:-/tmp}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --no-sklearn) use_sklearn=0; shift ;;
    --sklearn-pca-full) pca_full="--pca-full"; shift ;;
    --scratch) scratch_parent="$2"; shift 2 ;;
    *) echo "run-core-bench.sh: unknown argument '$1' (use --rows N, --no-sklearn, --sklearn-pca-full, --scratch DIR)" >&2
       exit 2 ;;
  esac
done

java_bin=""
for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/*25*/bin/java; do
  if [[ -x "$j" ]] && "$j" -version 2>&1 | grep -q 'version "25'; then java_bin="$j"; break; fi
done
[[ -n "$java_bin" ]] || { echo "run-core-bench.sh: no JDK 25 found" >&2; exit 2; }
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/descry-core/src/main" "$here/src" -newer "$jar" -print -quit)" ]]; then
  echo "== building $jar"
  (cd "$root" && mvn -B -q -pl descry-bench -am package -DskipTests)
fi
if [[ $use_sklearn == 1 ]] && ! /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
  echo "== /usr/bin/python3 has no scikit-learn: comparing with the issue's figures"
  use_sklearn=0
fi

mkdir -p "$scratch_parent"
scratch="$(mktemp -d "$scratch_parent/descry-core-bench.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
log="$scratch/results.txt"
dump=()
[[ $use_sklearn == 1 ]] && dump=(--dump "$scratch")

run() {
  local name="$1"; shift
  echo
  echo "== $name (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  "$java_bin" --add-modules jdk.incubator.vector "$@" 2>&1 | grep -v '^WARNING: Using incubator modules' | tee -a "$log"
}
run "load, scaling and PCA, $rows x 2560" -Xmx2g -XX:MaxDirectMemorySize=12g -cp "$jar" org.descry.bench.PrepBench \
  --rows "$rows" --randomized "${dump[@]}"
run "k-means family, $rows x 250" -Xmx3g -cp "$jar" org.descry.bench.KMeansBench --rows "$rows" --reps 3 "${dump[@]}"
run "Gaussian mixture, $rows x 250" -Xmx4g -cp "$jar" org.descry.bench.GmmBench --rows "$rows" "${dump[@]}"
run "metrics, $rows x 250" -Xmx4g -cp "$jar" org.descry.bench.MetricsBench --rows "$rows" --reps 3 "${dump[@]}"

if [[ $use_sklearn == 1 ]]; then
  echo
  echo "== scikit-learn $(/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)') on the same data, one process per step (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  /usr/bin/python3 "$here/sklearn_core.py" "$scratch" $pca_full | tee -a "$log"
fi

echo
echo "== $rows rows, $(nproc) cores; ratio = scikit-learn s / Descry s; RSS = peak resident set in GB"
awk -v full="$([[ $rows == 416314 ]] && echo 1 || echo 0)" '
  function field(name,   i, kv) {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] }
    return ""
  }
  /^RESULT / { s = field("step"); order[++n] = s; js[s] = field("seconds"); jr[s] = field("rss_gb"); ref[s] = field("sklearn_ref") }
  /^SKLEARN / && / seconds=/ { s = field("step"); ss[s] = field("seconds"); sr[s] = field("rss_gb") }
  END {
    printf "%-16s %10s %14s %8s %10s %12s  %s\n", "step", "Descry s", "scikit-learn s", "ratio", "Descry RSS", "sklearn RSS", "scikit-learn figure"
    for (i = 1; i <= n; i++) {
      s = order[i]
      if (s in ss) { sk = ss[s]; rss = sr[s]; src = "measured here" }
      else if (ref[s] != "" && full) { sk = ref[s]; rss = "-"; src = "issue table (416,314 rows)" }
      else { sk = ""; rss = "-"; src = "-" }
      ratio = (sk != "" && js[s] > 0) ? sprintf("%.1fx", sk / js[s]) : "-"
      printf "%-16s %10.4f %14s %8s %10s %12s  %s\n", s, js[s], (sk == "" ? "-" : sprintf("%.3f", sk)), ratio, jr[s], rss, src
    }
  }' "$log"
