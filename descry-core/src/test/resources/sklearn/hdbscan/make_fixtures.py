"""Reference values for Descry's HDBSCAN tests (run with Debian's /usr/bin/python3: numpy, scipy 1.10.1,
scikit-learn 1.2.1, which has no HDBSCAN).

What is checked against real libraries:
- core distances: scikit-learn's OPTICS(min_samples=m).core_distances_ (the distance to the m-th nearest row,
  the row itself counted), the same definition as HDBSCAN's (hdbscan library, scikit-learn 1.3);
- the mutual reachability minimum spanning tree: scipy.sparse.csgraph.minimum_spanning_tree of the dense
  mutual reachability matrix (its total weight and sorted edge weights);
- the single-linkage hierarchy: scipy.cluster.hierarchy.linkage(squareform(mr), 'single'), compared through
  its merge heights and its cophenetic distances (unique even when ties make the tree itself ambiguous).

    /usr/bin/python3 make_fixtures.py      # writes *.npy and fixtures.json beside this file
"""
import json
import os

import numpy as np
from scipy.cluster.hierarchy import cophenet, linkage
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial.distance import cdist, squareform
from sklearn.cluster import OPTICS
from sklearn.datasets import make_blobs

HERE = os.path.dirname(os.path.abspath(__file__))


def case(name, x, min_samples, metric):
    x = x.astype(np.float32)
    xd = x.astype(np.float64)
    # OPTICS reads min_samples=1 as the fraction 1.0 of the rows; one neighbour counting the row itself is 0
    core = (OPTICS(min_samples=min_samples, metric=metric).fit(xd).core_distances_ if min_samples > 1
            else np.zeros(len(x)))
    d = cdist(xd, xd, metric=metric)
    np.fill_diagonal(d, 0.0)
    mr = np.maximum(d, np.maximum(core[:, None], core[None, :]))
    np.fill_diagonal(mr, 0.0)
    mst = minimum_spanning_tree(mr).tocoo()
    # zero-weight edges are absent from a scipy sparse MST; pad with zeros to n - 1 edges
    weights = np.sort(np.concatenate([mst.data, np.zeros(len(x) - 1 - len(mst.data))]))
    z = linkage(squareform(mr, checks=False), method="single")
    coph = cophenet(z)
    np.save(os.path.join(HERE, name + "_x.npy"), x)
    # vectors as 1 x n, as Descry's model folders store them
    np.save(os.path.join(HERE, name + "_core.npy"), core.astype(np.float64)[None, :])
    np.save(os.path.join(HERE, name + "_mst_weights.npy"), weights[None, :])
    np.save(os.path.join(HERE, name + "_linkage.npy"), z)
    np.save(os.path.join(HERE, name + "_cophenet.npy"), coph.astype(np.float32)[None, :])
    return {"rows": int(len(x)), "cols": int(x.shape[1]), "min_samples": int(min_samples), "metric": metric,
            "mst_total_weight": float(weights.sum())}


def main():
    rng = np.random.RandomState(0)
    cases = {}
    x, _ = make_blobs(n_samples=180, centers=4, n_features=2, cluster_std=0.6, random_state=0)
    x = np.vstack([x, rng.uniform(-12, 12, size=(20, 2))])
    cases["blobs2d"] = case("blobs2d", x, 5, "euclidean")
    x, _ = make_blobs(n_samples=240, centers=5, n_features=8, cluster_std=1.5, random_state=1)
    cases["blobs8d"] = case("blobs8d", x, 10, "euclidean")
    x = rng.normal(size=(150, 6)) + np.repeat(rng.normal(scale=3, size=(3, 6)), 50, axis=0)
    cases["cosine"] = case("cosine", x, 4, "cosine")
    cases["uniform_ms1"] = case("uniform_ms1", rng.uniform(size=(120, 3)), 1, "euclidean")
    with open(os.path.join(HERE, "fixtures.json"), "w") as f:
        json.dump({"generator": "make_fixtures.py", "numpy": np.__version__,
                   "scipy": __import__("scipy").__version__, "sklearn": __import__("sklearn").__version__,
                   "cases": cases}, f, indent=2)


if __name__ == "__main__":
    main()
