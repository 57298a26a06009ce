#!/usr/bin/env bash
# The outlier study on a case with a truth column (default: the fashion case beside the checkout):
# ROC-AUC and precision at the true outlier rate per method x descriptor set x preprocessing.
#   descry-bench/run-outlier-study.sh [CASE] [labels.csv] [column]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case_dir="${1:-$root/../shared/data/fashion-case}"
jdk=/usr/lib/jvm/temurin-25-jdk-amd64
jar="$root/descry-bench/target/descry-bench.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root" -path "$root/descry-*/src/main/*" -newer "$jar" -print -quit)" ]; then
  (cd "$root" && JAVA_HOME="$jdk" mvn -B -q -pl descry-bench -am package -DskipTests)
fi
exec "$jdk/bin/java" --add-modules jdk.incubator.vector -Xmx4g -cp "$jar" org.descry.bench.OutlierStudy \
  "$case_dir" "${2:-$case_dir/labels.csv}" "${3:-outlier}"
