#!/usr/bin/env bash
# Leiden at the reference size beside leidenalg on the very same graph: LeidenBench (JDK 25, -Xmx6g) builds the
# NN-descent 14-NN fuzzy graph of synthetic clustered rows, times one Leiden run at resolution 1 and the k=100
# resolution search, and exports the graph; leiden_bench.py (Debian's python3, igraph 0.10.2 + leidenalg 0.9.1)
# times la.find_partition on it and scores Descry's labels. Prints the ratio Descry / leidenalg of the single run.
# Usage: descry-bench/run-leiden-bench.sh [LeidenBench options, e.g. --rows 50000]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/descry-bench.jar"
java_bin=""
for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/*25*/bin/java; do
  if [[ -x "$j" ]] && "$j" -version 2>&1 | grep -q 'version "25'; then java_bin="$j"; break; fi
done
[[ -n "$java_bin" ]] || { echo "run-leiden-bench.sh: no JDK 25 found" >&2; exit 3; }
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/descry-core/src/main" "$here/src" -newer "$jar" -print -quit)" ]]; then
  echo "== building $jar"
  (cd "$root" && mvn -B -q -pl descry-bench -am package -DskipTests)
fi
dir="$(mktemp -d /tmp/leiden-bench.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
echo "== LeidenBench $* (load average $(cut -d' ' -f1-3 /proc/loadavg))"
"$java_bin" --add-modules jdk.incubator.vector -Xmx6g -cp "$jar" org.descry.bench.LeidenBench "$@" \
  --export "$dir" --labels "$dir/descry.npy" 2>&1 | grep -v '^WARNING: Using incubator modules' | tee "$dir/descry.txt"
echo
echo "== leidenalg on the same graph (load average $(cut -d' ' -f1-3 /proc/loadavg))"
/usr/bin/python3 "$here/leiden_bench.py" "$dir" "$dir/descry.npy" | tee "$dir/leidenalg.txt"
seconds() { sed -n "s/^RESULT step=$1 seconds=\([0-9.]*\).*/\1/p" "$2"; }
d="$(seconds leiden_single "$dir/descry.txt")"
l="$(seconds leidenalg_single "$dir/leidenalg.txt")"
echo
awk -v d="$d" -v l="$l" 'BEGIN { printf "ratio Descry / leidenalg, one run at resolution 1: %.2f (%.2f s / %.2f s)\n", d / l, d, l }'
