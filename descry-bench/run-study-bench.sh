#!/usr/bin/env bash
# The full-size study benchmark in one command: writes a synthetic case with the reference shapes (416,314 rows;
# efficientnet-b7 2560, osnet 512, vdc_color 128, vdc_type 512 wide; about 6.2 GB of pickles, reused when present)
# and runs `descry study` on it with the default grid (or --config FILE), printing each stage's log line with its
# time, the total time and the peak RSS (GNU time). The JVM gets -Xmx6g unless DESCRY_JAVA_OPTS says otherwise: the
# study's preprocessing reads the mapped sets in place and copies no full-width rows, so no off-heap matrix larger
# than the heap limit (which is also the default direct-memory limit) is made any more; -Xmx8g was there for the
# 4.1 GB off-heap copy of efficientnet's inliers.
# Usage: descry-bench/run-study-bench.sh [--rows N] [--dir DIR] [--config study.json]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
rows=416314
dir="${TMPDIR:-/tmp}/descry-study-bench"
config=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --config) config=(--config "$2"); shift 2 ;;
    *) echo "run-study-bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
java_bin=""
for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/*25*/bin/java; do
  if [[ -x "$j" ]] && "$j" -version 2>&1 | grep -q 'version "25'; then java_bin="$j"; break; fi
done
[[ -n "$java_bin" ]] || { echo "run-study-bench.sh: no JDK 25 found" >&2; exit 3; }
jar="$here/target/descry-bench.jar"
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/descry-core/src/main" "$here/src" -newer "$jar" -print -quit)" ]]; then
  (cd "$root" && mvn -B -q -pl descry-bench -am package -DskipTests)
fi
case_dir="$dir/case-$rows"
if [[ ! -f "$case_dir/labels.csv" ]]; then
  echo "== writing the synthetic case $case_dir"
  "$java_bin" --add-modules jdk.incubator.vector -Xmx2g -cp "$jar" org.descry.bench.SyntheticCase --out "$case_dir.tmp" --rows "$rows" 2>&1 | grep -v '^WARNING: Using incubator'
  mv "$case_dir.tmp" "$case_dir"
fi
out="$dir/study-$rows"
rm -rf "$out"
echo "== descry study $case_dir (load average $(cut -d' ' -f1-3 /proc/loadavg))"
/usr/bin/time -f 'study: %e s wall, %U s user, peak RSS %M KB' \
  env DESCRY_JAVA_OPTS="${DESCRY_JAVA_OPTS:--Xmx6g}" "$root/descry" study "$case_dir" --out "$out" "${config[@]}"
