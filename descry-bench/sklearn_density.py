"""scikit-learn 1.2.1's DBSCAN and OPTICS on DensityBench's sample, for the ratios in the README.

    /usr/bin/python3 descry-bench/sklearn_density.py SAMPLE.npy EPS [--min-samples 10] [--skip-optics]

SAMPLE.npy is written by `DensityBench --dump`; EPS is the knee eps it prints. Both run on the float32 rows as
given (DBSCAN keeps float32, OPTICS converts to float64 itself); all n_jobs defaults.
"""
import argparse
import resource
import time

import numpy as np
from sklearn.cluster import DBSCAN, OPTICS

p = argparse.ArgumentParser()
p.add_argument("sample")
p.add_argument("eps", type=float)
p.add_argument("--min-samples", type=int, default=10)
p.add_argument("--skip-optics", action="store_true")
a = p.parse_args()
X = np.load(a.sample)
t = time.perf_counter()
db = DBSCAN(eps=a.eps, min_samples=a.min_samples).fit(X)
print(f"scikit-learn DBSCAN, {X.shape[0]} rows: {time.perf_counter() - t:.2f} s, "
      f"{db.labels_.max() + 1} clusters, {(db.labels_ == -1).sum()} noise")
if not a.skip_optics:
    t = time.perf_counter()
    op = OPTICS(min_samples=a.min_samples).fit(X)
    print(f"scikit-learn OPTICS, {X.shape[0]} rows: {time.perf_counter() - t:.2f} s, {op.labels_.max() + 1} xi clusters")
print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024:.2f} GB")
