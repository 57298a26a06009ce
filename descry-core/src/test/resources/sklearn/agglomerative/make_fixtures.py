"""scikit-learn 1.2.1 reference values for org.descry.cluster.AgglomerativeClustering.

Run with Debian's python3 (numpy, scipy, scikit-learn 1.2.1) from this folder:
    /usr/bin/python3 make_fixtures.py [path/to/fashion-case]
Writes fixtures.json and .npy files here. For each case: the float32 input X (not for the fashion case, which
the test recomputes from the shared pickle), the connectivity graph as CSR (indptr, indices) when there is one,
and per linkage the children_, distances_ and the labels_ for several n_clusters.

scikit-learn is fed X.astype(float64): for ward and the dense paths that changes nothing (moments and pdist are
float64 anyway); for average/complete/single with a graph it avoids the float32 einsum of paired_distances,
whose rounding depends on the CPU's vector width.
"""
import json
import pickle
import sys
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.cluster import AgglomerativeClustering
from sklearn.datasets import make_blobs
from sklearn.decomposition import PCA
from sklearn.neighbors import kneighbors_graph
from sklearn.preprocessing import StandardScaler

OUT = Path(__file__).resolve().parent
LINKAGES = ["ward", "complete", "average", "single"]
cases = {}


def save(name, a):
    np.save(OUT / (name + ".npy"), a.reshape(1, -1) if a.ndim == 1 else a)


def run(name, X, graph, linkages, ks, save_x=True):
    X = np.ascontiguousarray(X, dtype=np.float32)
    X64 = X.astype(np.float64)
    n = X.shape[0]
    case = {"n": n, "d": X.shape[1], "ks": ks, "linkages": linkages, "graph": graph is not None}
    if save_x:
        save(name + "_x", X)
    if graph is not None:
        g = graph.tocsr()
        save(name + "_indptr", g.indptr.astype(np.int32))
        save(name + "_indices", g.indices.astype(np.int32))
    for linkage in linkages:
        labels = []
        children = None
        for k in ks:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                m = AgglomerativeClustering(n_clusters=k, linkage=linkage, connectivity=graph,
                                            compute_distances=True).fit(X64)
            if children is None and len(m.children_) == n - 1:
                children = m.children_
                distances = m.distances_
                case["components"] = int(m.n_connected_components_)
                case["warned"] = any("connected components" in str(w.message) for w in caught)
            labels.append(m.labels_)
        save(f"{name}_{linkage}_children", children.astype(np.int32))
        save(f"{name}_{linkage}_distances", distances.astype(np.float64))
        save(f"{name}_{linkage}_labels", np.array(labels, dtype=np.int16))
    cases[name] = case


rng = np.random.default_rng(7)

# small blobs, every linkage, with and without a 10-NN graph
X, _ = make_blobs(n_samples=200, n_features=4, centers=4, cluster_std=1.5, random_state=0)
run("blobs", X, None, LINKAGES, [1, 2, 3, 4, 7, 12])
run("blobs_knn", X, kneighbors_graph(X.astype(np.float32), 10, include_self=False), LINKAGES, [1, 2, 3, 4, 7, 12])

# integer lattice with duplicates: many exactly equal distances, so tie order decides
X = rng.integers(0, 4, size=(60, 2)).astype(np.float32)
run("ties", X, None, LINKAGES, [2, 3, 5, 9])
run("ties_knn", X, kneighbors_graph(X, 6, include_self=False), LINKAGES, [2, 3, 5, 9])

# three far-apart groups with a 4-NN graph: several components, completed by closest pairs
X = np.vstack([rng.normal(c, 0.5, size=(50, 3)) for c in (0.0, 20.0, 45.0)])
X = X[rng.permutation(len(X))]
run("disconnected", X, kneighbors_graph(X.astype(np.float32), 4, include_self=False), LINKAGES, [2, 3, 4, 6])

# larger: 1500 x 20, 15-NN graph; k=120 is past max(100, 0.02 n), where scikit-learn stops the tree early
X, _ = make_blobs(n_samples=1500, n_features=20, centers=6, cluster_std=3.0, random_state=3)
X = X @ rng.normal(size=(20, 20))
run("medium_knn", X, kneighbors_graph(X.astype(np.float32), 15, include_self=False), ["ward", "average"],
    [2, 5, 10, 30, 120])
run("medium", X[:600], None, ["ward", "average", "complete"], [2, 5, 10, 30], save_x=False)  # medium_knn_x[:600]

# fashion case: hog, first 3000 rows, StandardScaler + PCA(50), 15-NN graph
fashion = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT.parents[5] / ".." / "shared" / "data" / "fashion-case"
pk = fashion / "descriptors" / "hog.pickle"
if pk.exists():
    with open(pk, "rb") as f:
        H = np.asarray(pickle.load(f))[:3000]
    Z = PCA(n_components=50, svd_solver="full").fit_transform(StandardScaler().fit_transform(H))
    Z = Z.astype(np.float32)
    G = kneighbors_graph(Z, 15, include_self=False)
    run("fashion", Z, G, ["ward", "average"], [2, 3, 5, 8, 13, 21, 30, 150], save_x=False)
    cases["fashion"]["source"] = "hog.pickle rows 0..2999, StandardScaler, PCA(50, full)"
else:
    print("no fashion case at", fashion, "- fashion fixture not written")

json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases},
          open(OUT / "fixtures.json", "w"), indent=1)
print(json.dumps(cases, indent=1))
