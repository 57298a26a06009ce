#!/usr/bin/python3
"""Reference values for org.descry.metrics from scikit-learn 1.2.1 (Debian python3-sklearn).

Run from this folder: /usr/bin/python3 make_fixtures.py [path/to/shared/data/fashion-case]
Writes inputs (X_<case>.npy float32, labels_<case>.npy / truth_<case>.npy int32 as (n, 1)) and expected.json.
Internal metrics are computed on the data as float64 (scikit-learn keeps float32 input in float32 for CH/DB;
Descry sums in double). Noise (-1) is scored both ways: "excluded" is scikit-learn on the rows without -1,
"cluster" is scikit-learn as is.
"""
import json
import os
import pickle
import sys

import numpy as np
import sklearn
from sklearn import metrics
from sklearn.cluster import KMeans

assert sklearn.__version__ == "1.2.1", sklearn.__version__
OUT = {"sklearn": sklearn.__version__, "cases": {}, "external": {}, "permutations": {}, "fashion": {}}


def save_col(name, a):
    np.save(name, np.asarray(a, dtype=np.int32).reshape(-1, 1))


def inertia(X, labels):
    s = 0.0
    for c in np.unique(labels):
        Xc = X[labels == c]
        s += ((Xc - Xc.mean(axis=0)) ** 2).sum()
    return float(s)


def internal(X, labels, sample_size=None, seed=0):
    X = X.astype(np.float64)
    r = {
        "ch": float(metrics.calinski_harabasz_score(X, labels)),
        "db": float(metrics.davies_bouldin_score(X, labels)),
        "silhouette": float(metrics.silhouette_score(X, labels)),
        "silhouette_samples": metrics.silhouette_samples(X, labels).tolist(),
        "inertia": inertia(X, labels),
    }
    if sample_size is not None:
        r["sampled"] = {"size": sample_size, "seed": seed,
                        "silhouette": float(metrics.silhouette_score(X, labels, sample_size=sample_size,
                                                                     random_state=seed))}
    return r


def external(t, p):
    h, c, v = metrics.homogeneity_completeness_v_measure(t, p)
    h2, c2, v2 = metrics.homogeneity_completeness_v_measure(t, p, beta=2.0)
    cm = metrics.cluster.contingency_matrix(t, p)
    return {
        "ari": float(metrics.adjusted_rand_score(t, p)),
        "nmi": {m: float(metrics.normalized_mutual_info_score(t, p, average_method=m))
                for m in ["arithmetic", "geometric", "min", "max"]},
        "ami": {m: float(metrics.adjusted_mutual_info_score(t, p, average_method=m))
                for m in ["arithmetic", "geometric", "min", "max"]},
        "mi": float(metrics.mutual_info_score(t, p)),
        "hcv": [h, c, v],
        "hcv_beta2": [h2, c2, v2],
        "purity": float(cm.max(axis=0).sum() / cm.sum()),
        "classes": np.unique(t).tolist(),
        "clusters": np.unique(p).tolist(),
        "contingency": cm.ravel().tolist() if cm.size <= 400 else None,
    }


def blobs(rng, sizes, d, spread, scale=1.0, offset=0.0):
    X, y = [], []
    for c, n in enumerate(sizes):
        centre = rng.normal(0, scale, d) + offset
        X.append(centre + rng.normal(0, spread, (n, d)))
        y += [c] * n
    X = np.concatenate(X).astype(np.float32)
    y = np.array(y)
    perm = rng.permutation(len(y))
    return X[perm], y[perm]


def case(name, X, labels, truth, sample_size=None, seed=0):
    np.save("X_%s.npy" % name, X)
    save_col("labels_%s.npy" % name, labels)
    save_col("truth_%s.npy" % name, truth)
    r = {"n": int(X.shape[0]), "d": int(X.shape[1])}
    keep = labels != -1
    r["excluded"] = internal(X[keep], labels[keep], sample_size, seed)
    if not keep.all():
        r["cluster"] = internal(X, labels, sample_size, seed)
    r["external"] = external(truth, labels)
    OUT["cases"][name] = r


rng = np.random.RandomState(20260101)
# balanced, few clusters
X, y = blobs(rng, [100, 100, 100], 5, 1.0, scale=3)
case("balanced", X, y, (y + rng.binomial(1, 0.2, len(y))) % 3, sample_size=120, seed=7)
# unbalanced with a singleton, label values spread out
X, y = blobs(rng, [300, 120, 50, 20, 5, 2, 1, 1, 1], 20, 1.5, scale=2)
case("unbalanced", X, y * 7 + 100, rng.randint(0, 4, len(y)))
# many clusters, many singletons
X, y = blobs(rng, [20] * 5 + [5] * 10 + [1] * 25, 8, 1.0, scale=1)
case("many", X, y, y // 4, sample_size=60, seed=123)
# noise rows labelled -1, labels a permutation of 0..4
X, y = blobs(rng, [120, 90, 80, 60, 50], 16, 1.0, scale=1.5)
perm = np.array([3, 0, 4, 1, 2])
lab = perm[y]
lab[rng.rand(len(lab)) < 0.1] = -1
case("noise", X, lab, y, sample_size=150, seed=2**32 - 1)
# several silhouette tiles (TILE = 512) and overlapping clusters
X, y = blobs(rng, [700, 400, 300, 100], 3, 1.0, scale=1.0)
case("tiles", X, y, rng.randint(0, 5, len(y)), sample_size=1000, seed=42)
# tight clusters far from the mean, with duplicated rows: float32 cancellation in ||x||^2 + ||y||^2 - 2xy
X, y = blobs(rng, [200, 150, 100], 32, 0.01, scale=1.0, offset=1000.0)
X[10:20] = X[10]
case("tight", X, y, y, sample_size=300, seed=5)

for name, (t, p) in {
    "random": (rng.randint(0, 10, 1000), rng.randint(0, 12, 1000)),
    "coarse_fine": (rng.randint(0, 3, 5000), rng.randint(0, 50, 5000)),
    "renamed": (np.repeat(np.arange(6), 50), (np.repeat(np.arange(6), 50) * 5 + 3) % 7),
    "one_class": (np.zeros(200, dtype=int), rng.randint(0, 4, 200)),
    "one_each": (np.zeros(100, dtype=int), np.zeros(100, dtype=int)),
    "large": (np.repeat(np.arange(10), 3000), np.where(rng.rand(30000) < 0.7, np.repeat(np.arange(10), 3000),
                                                     rng.randint(0, 12, 30000))),
    "singletons": (rng.randint(0, 5, 300), np.arange(300)),
}.items():
    save_col("ext_truth_%s.npy" % name, t)
    save_col("ext_pred_%s.npy" % name, p)
    OUT["external"][name] = external(t, p)

for seed, n in [(0, 10), (1, 1000), (42, 100000), (2**32 - 1, 37)]:
    OUT["permutations"][str(seed)] = {"n": n, "first": np.random.RandomState(seed).permutation(n)[:50].tolist()}

fashion = sys.argv[1] if len(sys.argv) > 1 else "../../../../../../../shared/data/fashion-case"
if os.path.isdir(fashion):
    import csv
    with open(os.path.join(fashion, "labels.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    truths = {col: np.array([r[col] for r in rows]) for col in ["type", "colour"]}
    hog = pickle.load(open(os.path.join(fashion, "descriptors", "hog.pickle"), "rb"))
    km = KMeans(n_clusters=10, n_init=4, random_state=0).fit(hog)
    save_col("fashion_kmeans_hog.npy", km.labels_)
    for desc in ["color", "hog"]:
        X = pickle.load(open(os.path.join(fashion, "descriptors", desc + ".pickle"), "rb")).astype(np.float64)
        for col, t in truths.items():
            keep = t != ""
            codes = np.unique(t[keep], return_inverse=True)[1]
            r = {
                "rows": int(keep.sum()),
                "ch": float(metrics.calinski_harabasz_score(X[keep], codes)),
                "db": float(metrics.davies_bouldin_score(X[keep], codes)),
                "silhouette": float(metrics.silhouette_score(X[keep], codes)),
                "silhouette_sampled_2000_seed3": float(metrics.silhouette_score(X[keep], codes, sample_size=2000,
                                                                               random_state=3)),
                "inertia": inertia(X[keep], codes),
            }
            OUT["fashion"]["%s_%s" % (desc, col)] = r
    for col, t in truths.items():
        keep = t != ""
        OUT["fashion"]["kmeans_vs_%s" % col] = external(t[keep], km.labels_[keep])
    keep = truths["type"] != ""
    OUT["fashion"]["type_vs_colour"] = external(truths["type"][keep], truths["colour"][keep])
else:
    print("no fashion case at", fashion, "- fashion fixtures not made")

with open("expected.json", "w") as f:
    json.dump(OUT, f, indent=1)
