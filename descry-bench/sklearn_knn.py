"""scikit-learn 1.2.1's exact k-NN graph on data shaped like KnnBench's, for the ratio in the README.

    /usr/bin/python3 descry-bench/sklearn_knn.py [--rows 416314] [--cols 50] [--k 15] [--queries 10000]

Same generator shape as KMeansBench.data (40 Gaussian clusters, feature scales 1/sqrt(1+j)), drawn with numpy
(not the same values). Times NearestNeighbors(algorithm="brute").kneighbors on the first --queries rows against
all rows (float32, as Descry) and extrapolates linearly to the whole graph, as KnnBench does.
"""
import argparse
import time

import numpy as np
from sklearn.neighbors import NearestNeighbors

p = argparse.ArgumentParser()
p.add_argument("--rows", type=int, default=416314)
p.add_argument("--cols", type=int, default=50)
p.add_argument("--k", type=int, default=15)
p.add_argument("--queries", type=int, default=10000)
a = p.parse_args()
rng = np.random.default_rng(42)
scale = (1 / np.sqrt(1 + np.arange(a.cols))).astype(np.float32)
means = (4 * rng.standard_normal((40, a.cols)) * scale).astype(np.float32)
labels = rng.integers(0, 40, a.rows)
X = (means[labels] + rng.standard_normal((a.rows, a.cols)).astype(np.float32) * scale).astype(np.float32)
nn = NearestNeighbors(n_neighbors=a.k, algorithm="brute").fit(X)
nn.kneighbors(X[:1000])
t = time.perf_counter()
nn.kneighbors(X[:a.queries])
s = time.perf_counter() - t
print(f"scikit-learn brute kneighbors: {a.queries} query rows x all {a.rows} rows {s:.1f} s -> whole graph "
      f"(x {a.rows / a.queries:.2f}) {s * a.rows / a.queries:.1f} s, extrapolated")
