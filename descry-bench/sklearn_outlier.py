"""scikit-learn 1.2.1 outlier scores on data shaped like OutlierBench's, for the ratios in the README.

    /usr/bin/python3 descry-bench/sklearn_outlier.py [--rows 416314] [--cols 50] [--lof-rows 50000]

Same generator shape as KMeansBench.data (40 Gaussian clusters, feature scales 1/sqrt(1+j)), drawn with numpy.
Times IsolationForest(random_state=0).fit + score_samples on all rows, and LocalOutlierFactor(20) (brute force,
n_jobs=2) on the first --lof-rows rows (its neighbour search is quadratic: the full-size figure is the measured
one times (rows / lof-rows)^2 for the search, stated as an extrapolation).
"""
import argparse
import resource
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.neighbors import LocalOutlierFactor

p = argparse.ArgumentParser()
p.add_argument("--rows", type=int, default=416314)
p.add_argument("--cols", type=int, default=50)
p.add_argument("--lof-rows", type=int, default=50000)
a = p.parse_args()
rng = np.random.default_rng(42)
scale = (1 / np.sqrt(1 + np.arange(a.cols))).astype(np.float32)
means = (4 * rng.standard_normal((40, a.cols)) * scale).astype(np.float32)
labels = rng.integers(0, 40, a.rows)
X = (means[labels] + rng.standard_normal((a.rows, a.cols)).astype(np.float32) * scale).astype(np.float32)

t = time.perf_counter()
f = IsolationForest(random_state=0, n_jobs=2).fit(X)
f.score_samples(X)
print("isolation forest fit + score all %d rows  %8.2f s" % (a.rows, time.perf_counter() - t), flush=True)

m = min(a.lof_rows, a.rows)
t = time.perf_counter()
LocalOutlierFactor(n_neighbors=20, algorithm="brute", n_jobs=2).fit(X[:m])
s = time.perf_counter() - t
print("LOF(20) brute on %d rows                %8.2f s -> %d rows x %.1f: %.0f s extrapolated"
      % (m, s, a.rows, (a.rows / m) ** 2, s * (a.rows / m) ** 2), flush=True)
print("peak RSS %.2f GB" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024))
