"""Reference values for org.descry.cluster from scikit-learn 1.2.1 (run with Debian's /usr/bin/python3).

    /usr/bin/python3 make_fixtures.py [path/to/shared/data/fashion-case]

For every case: k-means from given initial centres (lloyd and elkan) -> labels, centres, inertia, n_iter;
k-means++ inertia over 20 seeds (for the quality range test); MiniBatchKMeans inertia over 10 seeds.
Fashion-case descriptors are read from the shared folder and only outputs are written.
"""
import json
import os
import pickle
import sys
import warnings

import numpy as np
import sklearn
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import make_blobs

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": {}}


def fit_given(name, X, k, init_idx, save_input):
    X = np.ascontiguousarray(X, dtype=np.float32)
    init = X[init_idx].copy()
    case = {"n": X.shape[0], "d": X.shape[1], "k": k, "init_rows": [int(i) for i in init_idx]}
    if save_input:
        np.save(os.path.join(HERE, name + "_x.npy"), X)
    for algo in ("lloyd", "elkan"):
        km = KMeans(n_clusters=k, init=init, n_init=1, algorithm=algo, max_iter=300, tol=1e-4).fit(X)
        case[algo] = {"inertia": float(km.inertia_), "n_iter": int(km.n_iter_)}
        np.save(os.path.join(HERE, f"{name}_{algo}_labels.npy"), km.labels_.astype(np.int32).reshape(1, -1))
        np.save(os.path.join(HERE, f"{name}_{algo}_centres.npy"), km.cluster_centers_.astype(np.float32))
    return case


def quality(X, k, case):
    X = np.ascontiguousarray(X, dtype=np.float32)
    pp = [float(KMeans(n_clusters=k, init="k-means++", n_init=1, random_state=s).fit(X).inertia_) for s in range(20)]
    mb = [float(MiniBatchKMeans(n_clusters=k, random_state=s, n_init=3, batch_size=256).fit(X).inertia_)
          for s in range(10)]
    best = float(KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).inertia_)
    case["kmeanspp_inertia"] = pp
    case["minibatch_inertia"] = mb
    case["best_of_10_inertia"] = best


rng = np.random.RandomState(0)
shapes = [
    ("blobs_2d", dict(n_samples=300, n_features=2, centers=3, cluster_std=1.0), 3),
    ("blobs_10d", dict(n_samples=500, n_features=10, centers=5, cluster_std=[0.5, 1.0, 2.0, 1.5, 0.8]), 5),
    ("blobs_50d", dict(n_samples=1200, n_features=50, centers=8, cluster_std=3.0), 8),
]
for name, kw, k in shapes:
    X, y = make_blobs(random_state=1, **kw)
    X = X.astype(np.float32)
    case = fit_given(name, X, k, rng.choice(X.shape[0], k, replace=False), True)
    np.save(os.path.join(HERE, name + "_truth.npy"), y.astype(np.int32).reshape(1, -1))
    quality(X, k, case)
    out["cases"][name] = case

U = rng.uniform(-1, 1, size=(400, 5)).astype(np.float32)
out["cases"]["uniform_5d"] = fit_given("uniform_5d", U, 6, rng.choice(400, 6, replace=False), True)

fashion = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, *[".."] * 7, "..", "shared", "data",
                                                                  "fashion-case")
for name, k in (("color", 8), ("hog", 6)):
    with open(os.path.join(fashion, "descriptors", name + ".pickle"), "rb") as f:
        X = np.asarray(pickle.load(f), dtype=np.float32)
    out["cases"]["fashion_" + name] = fit_given("fashion_" + name, X, k,
                                                 rng.choice(X.shape[0], k, replace=False), False)

with open(os.path.join(HERE, "fixtures.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps({c: {a: v[a] for a in ("lloyd", "elkan")} for c, v in out["cases"].items()}, indent=1))
