#!/usr/bin/python3
"""numpy float32 a @ b.T and a.T @ a on the shapes of MatrixKernelsBench, for run-kernels.sh.

Run with Debian's /usr/bin/python3 (numpy + OpenBLAS); the thread count comes from OPENBLAS_NUM_THREADS /
OMP_NUM_THREADS, set by the caller. Prints one JSON object per line: the BLAS in use (from threadpoolctl when
installed), then {"op", "shape", "threads", "seconds", "best_seconds", "gflops"} per shape, where "seconds" is the
mean over the timed calls after one warm-up call (the analogue of JMH's average time) and "gflops" follows from it.
"""
import argparse
import json
import os
import time

import numpy as np


def blas_info():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return {"blas": "unknown (threadpoolctl not installed)"}
    return {"blas": [{k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
                     for i in threadpool_info() if i.get("user_api") == "blas"]}


def timings(fn, repeats, min_seconds):
    fn()
    times = []
    while len(times) < repeats or sum(times) < min_seconds:
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return sum(times) / len(times), min(times)


def report(op, shape, threads, flops, mean, best):
    print(json.dumps({"op": op, "shape": shape, "threads": threads, "seconds": mean, "best_seconds": best,
                      "gflops": flops / mean / 1e9}), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--matmul", nargs="*", default=[], help="shapes n x m x k for a(n,k) @ b(m,k).T")
    p.add_argument("--gram", nargs="*", default=[], help="shapes n x d x d for a(n,d).T @ a")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--min-seconds", type=float, default=2.0)
    args = p.parse_args()
    threads = int(os.environ.get("OPENBLAS_NUM_THREADS", "0")) or os.cpu_count()
    print(json.dumps(blas_info()), flush=True)
    rng = np.random.default_rng(1)
    for shape in args.matmul:
        n, m, k = (int(x) for x in shape.split("x"))
        a = rng.uniform(-1, 1, (n, k)).astype(np.float32)
        b = rng.uniform(-1, 1, (m, k)).astype(np.float32)
        report("multiplyTransposed", shape, threads, 2.0 * n * m * k,
               *timings(lambda: a @ b.T, args.repeats, args.min_seconds))
    for shape in args.gram:
        n, d, _ = (int(x) for x in shape.split("x"))
        a = rng.uniform(-1, 1, (n, d)).astype(np.float32)
        report("gram", shape, threads, 2.0 * n * d * d,
               *timings(lambda: a.T @ a, args.repeats, args.min_seconds))


if __name__ == "__main__":
    main()
