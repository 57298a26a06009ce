#!/usr/bin/python3
"""Reference values for org.descry.cluster.GaussianMixture from scikit-learn 1.2.1 (run with /usr/bin/python3).

For each case (data saved as float32 .npy; the fashion case is read from ../shared/data and only outputs are
kept) and each covariance type: starting parameters from a k-means labelling (sklearn's own
_estimate_gaussian_parameters; precisions perturbed so they are not the exact M-step of the start), then
GaussianMixture(weights_init, means_init, precisions_init) fitted with max_iter=1 (one EM step) and with the
defaults (to convergence). The data is given to scikit-learn as float64, so it computes in double.
"""
import json
import warnings
import os
import pickle
import sys

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters

assert sklearn.__version__ == "1.2.1", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = ["full", "tied", "diag", "spherical"]


def cases():
    x, _ = make_blobs(n_samples=300, centers=3, n_features=2, random_state=1)
    x = x @ np.array([[0.6, -0.64], [-0.41, 0.85]])
    yield "aniso2", x.astype(np.float32), 3, True
    x, _ = make_blobs(n_samples=500, centers=4, n_features=8, cluster_std=[0.5, 1.0, 1.5, 2.0], random_state=2)
    yield "blobs8", x.astype(np.float32), 4, True
    x, _ = make_blobs(n_samples=400, centers=5, n_features=20, center_box=(-6, 6), random_state=3)
    yield "offset20", (x + 40).astype(np.float32), 5, True
    path = os.path.join(HERE, "../../../../../../../shared/data/fashion-case/descriptors/color.pickle")
    path = os.path.normpath(path)
    if os.path.exists(path):
        with open(path, "rb") as f:
            a = pickle.load(f)
        cols = np.flatnonzero(a.std(axis=0) > 0.01)
        yield "fashion_color", np.ascontiguousarray(a[:, cols]).astype(np.float32), 6, False, cols
    else:
        print("fashion case not found at", path, file=sys.stderr)


def start(x64, k, cov_type):
    labels = KMeans(n_clusters=k, n_init=1, random_state=0).fit(x64).labels_
    resp = np.zeros((len(x64), k))
    resp[np.arange(len(x64)), labels] = 1
    w, means, cov = _estimate_gaussian_parameters(x64, resp, 1e-6, cov_type)
    w = w / w.sum()
    if cov_type in ("full", "tied"):
        d = x64.shape[1]
        cov = cov + 0.05 * np.mean(np.diagonal(cov, axis1=-2, axis2=-1)) * np.eye(d)
        prec = np.linalg.inv(cov)
        prec = (prec + np.swapaxes(prec, -1, -2)) / 2
    else:
        prec = 1.0 / (cov * 1.1)
    return w, means, prec


def flat2d(a):
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 1:
        return a.reshape(1, -1)
    return a.reshape(-1, a.shape[-1])


def main():
    index = {}
    for case in cases():
        name, x, k, keep_data = case[:4]
        x64 = x.astype(np.float64)
        entry = {"k": k, "rows": int(x.shape[0]), "cols": int(x.shape[1])}
        if keep_data:
            np.save(os.path.join(HERE, name + "_x.npy"), x)
        else:
            entry["columns"] = [int(c) for c in case[4]]
        for t in TYPES:
            w, means, prec = start(x64, k, t)
            prefix = os.path.join(HERE, f"{name}_{t}")
            np.save(prefix + "_init_weights.npy", flat2d(w))
            np.save(prefix + "_init_means.npy", flat2d(means))
            np.save(prefix + "_init_precisions.npy", flat2d(prec))
            out = {}
            for run, max_iter in (("step", 1), ("fit", 100)):
                gm = GaussianMixture(k, covariance_type=t, weights_init=w, means_init=means, precisions_init=prec,
                                     max_iter=max_iter, random_state=0)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    gm.fit(x64)
                p = f"{prefix}_{run}"
                np.save(p + "_weights.npy", flat2d(gm.weights_))
                np.save(p + "_means.npy", flat2d(gm.means_))
                np.save(p + "_covariances.npy", flat2d(gm.covariances_))
                if run == "fit":
                    np.save(p + "_score_samples.npy", flat2d(gm.score_samples(x64[:300])))
                    np.save(p + "_labels.npy", gm.predict(x64).astype(np.int32).reshape(1, -1))
                    np.save(p + "_proba.npy", flat2d(gm.predict_proba(x64[:50])))
                out[run] = {
                    "lower_bound": float(gm.lower_bound_), "n_iter": int(gm.n_iter_),
                    "converged": bool(gm.converged_), "score": float(gm.score(x64)),
                    "bic": float(gm.bic(x64)), "aic": float(gm.aic(x64)), "n_parameters": int(gm._n_parameters()),
                }
            entry[t] = out
        index[name] = entry
    with open(os.path.join(HERE, "fixtures.json"), "w") as f:
        json.dump(index, f, indent=1)


if __name__ == "__main__":
    main()
