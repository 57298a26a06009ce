"""scikit-learn 1.2.1 reference values for DBSCAN and OPTICS (org.descry.cluster.Dbscan / Optics tests).

    /usr/bin/python3 make_fixtures.py [path/to/shared/data/fashion-case]

Inputs are float32; scikit-learn runs on them upcast to float64 (OPTICS converts to float64 itself; DBSCAN is
given float64 so that its radius queries are exact in double as in Descry). Every eps is checked to lie at least
1e-6 (relative) away from every pairwise distance, except in the "ties" case, whose integer grid makes
distances exact in both implementations.
"""
import json
import os
import pickle
import sys

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN, OPTICS
from sklearn.decomposition import PCA
from sklearn.metrics import pairwise_distances
from sklearn.preprocessing import StandardScaler

assert sklearn.__version__ == "1.2.1", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))
out = {"sklearn": sklearn.__version__, "cases": {}}


def save(name, a, dtype):
    np.save(os.path.join(HERE, name + ".npy"), np.ascontiguousarray(a, dtype=dtype))


def check_eps(X, eps, metric, margin):
    d = pairwise_distances(X.astype(np.float64), metric=metric)
    gap = np.min(np.abs(d - eps)) / eps
    assert gap > margin, (eps, gap)


def case(name, X, metric, dbscan_eps, min_samples, optics=(), save_input=True, margin=1e-6, ties=False):
    X = np.asarray(X, dtype=np.float32)
    X64 = X.astype(np.float64)
    if save_input:
        save(name + "_x", X, np.float32)
    if not ties:
        check_eps(X, dbscan_eps, metric, margin)
    db = DBSCAN(eps=dbscan_eps, min_samples=min_samples, metric=metric).fit(X64)
    save(name + "_dbscan_labels", db.labels_, np.int32)
    save(name + "_dbscan_core", db.core_sample_indices_, np.int32)
    c = {"metric": metric, "eps": dbscan_eps, "min_samples": min_samples, "rows": X.shape[0], "cols": X.shape[1],
         "dbscan_clusters": int(db.labels_.max() + 1), "dbscan_noise": int((db.labels_ == -1).sum()), "optics": []}
    for i, params in enumerate(optics):
        if "eps" in params and not ties:
            check_eps(X, params["eps"], metric, margin)
        op = OPTICS(metric=metric, **params).fit(X)
        tag = f"{name}_optics{i}"
        save(tag + "_ordering", op.ordering_, np.int32)
        save(tag + "_reachability", op.reachability_, np.float64)
        save(tag + "_core_distances", op.core_distances_, np.float64)
        save(tag + "_predecessor", op.predecessor_, np.int32)
        save(tag + "_labels", op.labels_, np.int32)
        if params.get("cluster_method", "xi") == "xi":
            save(tag + "_hierarchy", op.cluster_hierarchy_.reshape(-1, 2), np.int32)
        p = dict(params)
        if p.get("max_eps") == np.inf:
            del p["max_eps"]
        c["optics"].append(p)
    out["cases"][name] = c


rng = np.random.default_rng(20261125)

# Three 2-D blobs plus uniform noise.
blobs = np.vstack([rng.normal(m, 0.4, size=(90, 2)) for m in ((0, 0), (4, 4), (0, 5))]
                  + [rng.uniform(-3, 7, size=(40, 2))])
case("blobs", blobs, "euclidean", 0.5013, 5,
     optics=[{"min_samples": 5},
             {"min_samples": 8, "xi": 0.1, "min_cluster_size": 12, "predecessor_correction": False},
             {"min_samples": 5, "max_eps": 1.5, "cluster_method": "dbscan", "eps": 0.5013},
             {"min_samples": 5, "max_eps": 0.8}])

# Varying density in 8 dimensions.
dens = np.vstack([rng.normal(0, 0.3, size=(120, 8)), rng.normal(3, 1.0, size=(150, 8)) + 2,
                  rng.normal(-4, 2.0, size=(130, 8))])
perm = rng.permutation(len(dens))
case("density", dens[perm], "euclidean", 1.9031, 6,
     optics=[{"min_samples": 6}, {"min_samples": 10, "xi": 0.02},
             {"min_samples": 6, "cluster_method": "dbscan", "eps": 1.9031}])

# An integer grid with duplicates: distances tie exactly (eps on a distance, ties in the ordering).
grid = rng.integers(0, 9, size=(220, 2)).astype(np.float32)
case("ties", grid, "euclidean", 1.0, 4, ties=True,
     optics=[{"min_samples": 4}, {"min_samples": 3, "max_eps": 2.0},
             {"min_samples": 4, "cluster_method": "dbscan", "eps": 1.0}])

# Directions in 10 dimensions, cosine distance.
dirs = rng.normal(size=(4, 10))
cos = np.vstack([(d + rng.normal(0, 0.15, size=(70, 10))) * rng.uniform(0.5, 3, size=(70, 1)) for d in dirs]
                + [rng.normal(size=(30, 10))])
case("cosine", cos, "cosine", 0.02017, 5,
     optics=[{"min_samples": 5}, {"min_samples": 5, "max_eps": 0.3, "cluster_method": "dbscan", "eps": 0.02017}])

# A fashion-case descriptor: 2500 seeded rows of hog, StandardScaler + PCA(0.9); the rows are not committed,
# the Java test rebuilds them with Descry's scaler and PCA from the shared data. Those differ from scikit-learn's
# in the last float bits, and among 3 million pairwise distances some lie that close to eps, so this case is
# compared with tolerances (see DbscanSklearnTest / OpticsSklearnTest), not bit for bit.
fashion = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, *[".."] * 7, "shared", "data", "fashion-case")
with open(os.path.join(fashion, "descriptors", "hog.pickle"), "rb") as f:
    hog = np.asarray(pickle.load(f), dtype=np.float32)
rows = np.sort(np.random.default_rng(7).choice(hog.shape[0], 2500, replace=False))
save("fashion_rows", rows, np.int32)
Z = PCA(0.9, svd_solver="full").fit_transform(StandardScaler().fit_transform(hog[rows])).astype(np.float32)
out["fashion_components"] = int(Z.shape[1])
kd = np.sort(pairwise_distances(Z.astype(np.float64)), axis=1)[:, 9]
eps = float(np.round(np.quantile(kd, 0.5), 3))
case("fashion", Z, "euclidean", eps, 10, save_input=False, ties=True,
     optics=[{"min_samples": 10}, {"min_samples": 10, "cluster_method": "dbscan", "eps": eps}])

with open(os.path.join(HERE, "fixtures.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
