"""Reference values for org.descry.knn from scikit-learn 1.2.1 (run with Debian's /usr/bin/python3).

    /usr/bin/python3 make_fixtures.py [path/to/shared/data/fashion-case]

Small cases (inputs saved as <name>_x.npy): NearestNeighbors(algorithm="brute").kneighbors() (self excluded)
-> <name>_indices.npy, <name>_distances.npy; kneighbors_graph(X, k, mode, include_self=False) as CSR arrays
-> <name>_{connectivity,distance}_{indptr,indices,data}.npy; the union (A + A.T) > 0 in canonical CSR
-> <name>_union_{indptr,indices}.npy; and for the query case kneighbors(Q) on new rows.
Fashion case: StandardScaler().fit_transform(color) then kneighbors(), k=10 (outputs only).
"""
import json
import os
import pickle
import sys

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.datasets import make_blobs
from sklearn.neighbors import NearestNeighbors, kneighbors_graph
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": {}}


def save(name, a, dtype):
    np.save(os.path.join(HERE, name + ".npy"), np.ascontiguousarray(a, dtype=dtype))


def self_case(name, X, k, metric, save_input=True):
    X = np.ascontiguousarray(X, dtype=np.float32)
    if save_input:
        save(name + "_x", X, np.float32)
    nn = NearestNeighbors(n_neighbors=k, algorithm="brute", metric=metric).fit(X)
    dist, ind = nn.kneighbors()
    save(name + "_indices", ind, np.int32)
    save(name + "_distances", dist, np.float32)
    case = {"n": X.shape[0], "d": X.shape[1], "k": k, "metric": metric}
    if save_input:
        for mode in ("connectivity", "distance"):
            g = kneighbors_graph(X, k, mode=mode, metric=metric, include_self=False)
            save(f"{name}_{mode}_indptr", g.indptr, np.int32)
            save(f"{name}_{mode}_indices", g.indices, np.int32)
            save(f"{name}_{mode}_data", g.data, np.float32)
        a = kneighbors_graph(X, k, mode="connectivity", metric=metric, include_self=False)
        u = sp.csr_matrix((a + a.T) > 0)
        u.sort_indices()
        save(f"{name}_union_indptr", u.indptr, np.int32)
        save(f"{name}_union_indices", u.indices, np.int32)
    out["cases"][name] = case


rng = np.random.RandomState(0)
X, _ = make_blobs(n_samples=300, n_features=5, centers=4, cluster_std=1.5, random_state=1)
self_case("blobs", X, 7, "euclidean")
self_case("uniform_cosine", rng.uniform(-1, 1, size=(200, 20)), 10, "cosine")
self_case("wide", rng.normal(size=(120, 300)) * 3 + 10, 5, "euclidean")

R = rng.normal(size=(150, 8)).astype(np.float32)
Q = rng.normal(size=(40, 8)).astype(np.float32)
Q[0] = R[3]
save("query_reference", R, np.float32)
save("query_queries", Q, np.float32)
for metric in ("euclidean", "cosine"):
    dist, ind = NearestNeighbors(n_neighbors=6, algorithm="brute", metric=metric).fit(R).kneighbors(Q)
    save(f"query_{metric}_indices", ind, np.int32)
    save(f"query_{metric}_distances", dist, np.float32)

fashion = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, *[".."] * 7, "shared", "data", "fashion-case")
with open(os.path.join(fashion, "descriptors", "color.pickle"), "rb") as f:
    color = np.asarray(pickle.load(f), dtype=np.float32)
scaled = StandardScaler().fit_transform(color)
self_case("fashion_color", scaled, 10, "euclidean", save_input=False)
g = kneighbors_graph(scaled, 10, mode="connectivity", include_self=False)
assert (g.indices.reshape(-1, 10) == np.load(os.path.join(HERE, "fashion_color_indices.npy"))).all()

with open(os.path.join(HERE, "fixtures.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
