#!/usr/bin/env bash
# Kernel benchmark: JMH (vector vs scalar, 1 and 2 threads) and numpy's float32 matmul on the same shapes and
# thread counts; prints GFLOP/s, vector/scalar and Descry/numpy ratios. About three minutes.
# Usage: descry-bench/run-kernels.sh [--quick]   (--quick: shorter JMH iterations, for a smoke run)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/descry-bench.jar"
py=/usr/bin/python3

java_bin="${JAVA:-}"
if [[ -z "$java_bin" ]]; then
  for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/*25*/bin/java; do
    if [[ -x "$j" ]] && "$j" -version 2>&1 | grep -q 'version "25'; then java_bin="$j"; break; fi
  done
fi
[[ -n "$java_bin" ]] || { echo "run-kernels.sh: no JDK 25 found; set JAVA=/path/to/java" >&2; exit 2; }

if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/descry-core/src/main" "$here/src" "$here/pom.xml" "$root/descry-core/pom.xml" "$root/pom.xml" \
      -newer "$jar" -print -quit)" ]]; then
  echo "== building $jar"
  (cd "$root" && mvn -B -q -pl descry-bench -am package -DskipTests)
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
if [[ "${1:-}" == "--quick" ]]; then
  rows=(-wi 1 -w 200ms -i 2 -r 200ms); mats=(-wi 1 -w 1s -i 2 -r 1s)
else
  rows=(-wi 2 -w 500ms -i 3 -r 500ms); mats=(-wi 2 -w 1s -i 3 -r 1s)
fi
jmh() { local name="$1"; shift; "$java_bin" -jar "$jar" "$@" -f 1 -rf json -rff "$out/$name.json" >"$out/$name.log" 2>&1 \
  || { cat "$out/$name.log" >&2; exit 1; }; echo "   done: $name (load average $(cut -d' ' -f1-3 /proc/loadavg))"; }

# Big shapes: Descry vector vs numpy. Small shapes: also the scalar twin (minutes per call on the big ones).
big_mm=(2048x2048x2560 4096x4096x512); small_mm=(512x512x2560)
big_gram=(16384x1024x1024); small_gram=(2048x512x512)
join() { local IFS=,; echo "$*"; }

echo "== JMH (java: $java_bin); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   (the benchmark itself adds up to 2 to the load; a higher load means other work shared the CPU)"
jmh rows org.descry.bench.RowKernelsBench "${rows[@]}"
jmh mm_big 'MatrixKernelsBench.multiplyTransposed' -p impl=vector -p threads=1,2 -p shape="$(join "${big_mm[@]}")" "${mats[@]}"
jmh mm_small 'MatrixKernelsBench.multiplyTransposed' -p impl=vector,scalar -p threads=1,2 -p shape="$(join "${small_mm[@]}")" "${mats[@]}"
jmh gram_big 'MatrixKernelsBench.gram' -p impl=vector -p threads=1,2 -p shape="$(join "${big_gram[@]}")" "${mats[@]}"
jmh gram_small 'MatrixKernelsBench.gram' -p impl=vector,scalar -p threads=1,2 -p shape="$(join "${small_gram[@]}")" "${mats[@]}"

echo "== numpy ($py, OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for this command only)"
for t in 1 2; do
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t \
    "$py" "$here/numpy_matmul.py" --matmul "${big_mm[@]}" "${small_mm[@]}" --gram "${big_gram[@]}" "${small_gram[@]}" \
    > "$out/numpy-$t.jsonl"
  echo "   done: numpy, $t thread(s) (load average $(cut -d' ' -f1-3 /proc/loadavg))"
done

"$py" - "$out" <<'PY'
import glob, json, os, platform, sys
out = sys.argv[1]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"\nCPU: {cpu}, {os.cpu_count()} cores")
flops_per_element = {"dot": 2, "squaredDistance": 3, "squaredDistanceTreeSum": 3, "axpy": 2}
jmh = {}
for f in glob.glob(os.path.join(out, "*.json")):
    for r in json.load(open(f)):
        op = r["benchmark"].rsplit(".", 1)[1]
        p = r["params"]
        unit = r["primaryMetric"]["scoreUnit"]
        secs = r["primaryMetric"]["score"] * {"ns/op": 1e-9, "us/op": 1e-6, "ms/op": 1e-3, "s/op": 1}[unit]
        if op in flops_per_element:
            n = int(p["length"])
            jmh[(op, p["length"], 1, p["impl"])] = (flops_per_element[op] * n / secs / 1e9, r["primaryMetric"]["score"], unit)
        else:
            n, m, k = (int(x) for x in p["shape"].split("x"))
            flops = 2.0 * n * m * k if op == "multiplyTransposed" else 2.0 * n * k * k
            jmh[(op, p["shape"], int(p["threads"]), p["impl"])] = (flops / secs / 1e9, r["primaryMetric"]["score"], unit)
numpy, blas = {}, []
for f in sorted(glob.glob(os.path.join(out, "numpy-*.jsonl"))):
    for line in open(f):
        r = json.loads(line)
        if "blas" in r:
            blas.append(r["blas"])
        else:
            numpy[(r["op"], r["shape"], r["threads"])] = r["gflops"]
print("numpy BLAS (threadpoolctl):", *blas, sep="\n  ")
print("\nRow kernels (1 thread), GFLOP/s")
print(f"{'op':22} {'length':>6} {'vector':>8} {'scalar':>8} {'vec/scal':>8}")
for op in flops_per_element:
    for n in ("128", "512", "2560"):
        v, s = jmh.get((op, n, 1, "vector")), jmh.get((op, n, 1, "scalar"))
        if v and s:
            print(f"{op:22} {n:>6} {v[0]:8.1f} {s[0]:8.1f} {v[0] / s[0]:8.1f}")
print("\nMatrix kernels, GFLOP/s (2nmk for a·bᵀ, 2nd² for aᵀa)")
print(f"{'op':19} {'shape':15} {'thr':>3} {'vector':>8} {'scalar':>8} {'numpy':>8} {'vec/scal':>8} {'vec/numpy':>9}")
for (op, shape, t, impl) in sorted(k for k in jmh if k[0] in ("multiplyTransposed", "gram") and k[3] == "vector"):
    v = jmh[(op, shape, t, "vector")][0]
    s = jmh.get((op, shape, t, "scalar"), (None,))[0]
    npv = numpy.get((op, shape, t))
    f = lambda x: f"{x:8.1f}" if x else f"{'-':>8}"
    print(f"{op:19} {shape:15} {t:3d} {f(v)} {f(s)} {f(npv)} {f(v / s if s else None)} "
          f"{(f'{v / npv:9.2f}' if npv else '-'):>9}")
PY
