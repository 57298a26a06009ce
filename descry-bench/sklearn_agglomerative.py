"""scikit-learn 1.2.1's ward AgglomerativeClustering on AgglomerativeBench's data and graph.

    /usr/bin/python3 descry-bench/sklearn_agglomerative.py DIR K

DIR holds x.npy (float32 rows), knn.npy (int32 rows x neighbours, each row's neighbours without itself: exactly
kneighbors_graph(X, k, include_self=False)'s structure) and labels.npy (Descry's labels at K). Times
AgglomerativeClustering(n_clusters=K, connectivity=G).fit(X) (G as scikit-learn's CSR), prints seconds, peak RSS
and whether the labels equal Descry's.
"""
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import adjusted_rand_score

d = Path(sys.argv[1])
k = int(sys.argv[2])
X = np.load(d / "x.npy")
knn = np.load(d / "knn.npy")
ours = np.load(d / "labels.npy").ravel()
n, m = knn.shape
G = sparse.csr_matrix((np.ones(n * m), knn.ravel(), np.arange(0, n * m + 1, m)), shape=(n, n))
t = time.perf_counter()
labels = AgglomerativeClustering(n_clusters=k, connectivity=G).fit(X).labels_
s = time.perf_counter() - t
print(f"sklearn fit seconds {s:.1f}")
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(f"sklearn peak RSS {hwm / 1024 / 1024:.2f} GB (VmHWM)")
print(f"labels equal to Descry's: {bool((labels == ours).all())}, ARI {adjusted_rand_score(labels, ours):.6f}")
