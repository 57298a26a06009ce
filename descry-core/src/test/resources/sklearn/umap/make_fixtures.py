"""Reference values for Descry's UMAP pieces, from umap-learn 0.5's algorithms re-implemented here.

umap-learn is not installed in the build environment, so its functions are copied below in plain numpy
(numba removed): smooth_knn_dist, compute_membership_strengths, the fuzzy union of fuzzy_simplicial_set and
find_ab_params (scipy.optimize.curve_fit, as umap-learn calls it). The spectral reference is
scipy.sparse.linalg.eigsh on the normalised Laplacian, as umap-learn's spectral_layout calls it.

Run with Debian's python (numpy, scipy): /usr/bin/python3 make_fixtures.py
"""
import json

import numpy as np
import scipy.sparse
import scipy.sparse.linalg
from scipy.optimize import curve_fit

SMOOTH_K_TOLERANCE = 1e-5
MIN_K_DIST_SCALE = 1e-3


def smooth_knn_dist(distances, k, n_iter=64, local_connectivity=1.0, bandwidth=1.0):
    target = np.log2(k) * bandwidth
    rho = np.zeros(distances.shape[0], dtype=np.float32)
    result = np.zeros(distances.shape[0], dtype=np.float32)
    mean_distances = np.mean(distances)
    for i in range(distances.shape[0]):
        lo = 0.0
        hi = np.inf
        mid = 1.0
        ith_distances = distances[i]
        non_zero_dists = ith_distances[ith_distances > 0.0]
        if non_zero_dists.shape[0] >= local_connectivity:
            index = int(np.floor(local_connectivity))
            interpolation = local_connectivity - index
            if index > 0:
                rho[i] = non_zero_dists[index - 1]
                if interpolation > SMOOTH_K_TOLERANCE:
                    rho[i] += interpolation * (non_zero_dists[index] - non_zero_dists[index - 1])
            else:
                rho[i] = interpolation * non_zero_dists[0]
        elif non_zero_dists.shape[0] > 0:
            rho[i] = np.max(non_zero_dists)
        for n in range(n_iter):
            psum = 0.0
            for j in range(1, distances.shape[1]):
                d = distances[i, j] - rho[i]
                if d > 0:
                    psum += np.exp(-(d / mid))
                else:
                    psum += 1.0
            if np.fabs(psum - target) < SMOOTH_K_TOLERANCE:
                break
            if psum > target:
                hi = mid
                mid = (lo + hi) / 2.0
            else:
                lo = mid
                if hi == np.inf:
                    mid *= 2
                else:
                    mid = (lo + hi) / 2.0
        result[i] = mid
        if rho[i] > 0.0:
            mean_ith_distances = np.mean(ith_distances)
            if result[i] < MIN_K_DIST_SCALE * mean_ith_distances:
                result[i] = MIN_K_DIST_SCALE * mean_ith_distances
        else:
            if result[i] < MIN_K_DIST_SCALE * mean_distances:
                result[i] = MIN_K_DIST_SCALE * mean_distances
    return result, rho


def compute_membership_strengths(knn_indices, knn_dists, sigmas, rhos, bipartite=False):
    n_samples, n_neighbors = knn_indices.shape
    rows = np.zeros(knn_indices.size, dtype=np.int32)
    cols = np.zeros(knn_indices.size, dtype=np.int32)
    vals = np.zeros(knn_indices.size, dtype=np.float32)
    for i in range(n_samples):
        for j in range(n_neighbors):
            if (not bipartite) and knn_indices[i, j] == i:
                val = 0.0
            elif knn_dists[i, j] - rhos[i] <= 0.0 or sigmas[i] == 0.0:
                val = 1.0
            else:
                val = np.exp(-((knn_dists[i, j] - rhos[i]) / (sigmas[i])))
            rows[i * n_neighbors + j] = i
            cols[i * n_neighbors + j] = knn_indices[i, j]
            vals[i * n_neighbors + j] = val
    return rows, cols, vals


def fuzzy_simplicial_set(knn_indices, knn_dists, n, n_neighbors, set_op_mix_ratio=1.0, local_connectivity=1.0):
    sigmas, rhos = smooth_knn_dist(knn_dists, float(n_neighbors), local_connectivity=float(local_connectivity))
    rows, cols, vals = compute_membership_strengths(knn_indices, knn_dists, sigmas, rhos)
    result = scipy.sparse.coo_matrix((vals, (rows, cols)), shape=(n, n))
    result.eliminate_zeros()
    transpose = result.transpose()
    prod_matrix = result.multiply(transpose)
    result = set_op_mix_ratio * (result + transpose - prod_matrix) + (1.0 - set_op_mix_ratio) * prod_matrix
    result = result.tocsr()
    result.eliminate_zeros()
    result.sort_indices()
    return result, sigmas, rhos


def find_ab_params(spread, min_dist):
    def curve(x, a, b):
        return 1.0 / (1.0 + a * x ** (2 * b))

    xv = np.linspace(0, spread * 3, 300)
    yv = np.zeros(xv.shape)
    yv[xv < min_dist] = 1.0
    yv[xv >= min_dist] = np.exp(-(xv[xv >= min_dist] - min_dist) / spread)
    params, covar = curve_fit(curve, xv, yv)
    return params[0], params[1]


def knn_with_self(x, queries, k):
    """k nearest rows of x to each query, distances in double from the float32 values, then float32."""
    xd = x.astype(np.float64)
    qd = queries.astype(np.float64)
    d = np.sqrt(((qd[:, None, :] - xd[None, :, :]) ** 2).sum(axis=2))
    idx = np.argsort(d, axis=1, kind="stable")[:, :k]
    return idx.astype(np.int32), np.take_along_axis(d, idx, axis=1).astype(np.float32)


def spectral(graph, dim):
    diag = np.asarray(graph.sum(axis=0)).ravel()
    n = graph.shape[0]
    d = scipy.sparse.spdiags(1.0 / np.sqrt(diag), 0, n, n)
    lap = scipy.sparse.identity(n, dtype=np.float64) - d * graph * d
    k = dim + 1
    ncv = max(2 * k + 1, int(np.sqrt(n)))
    values, vectors = scipy.sparse.linalg.eigsh(lap, k, which="SM", ncv=ncv, tol=1e-8, v0=np.ones(n), maxiter=n * 5)
    order = np.argsort(values)[1:k]
    return values[order], vectors[:, order]


def main():
    rng = np.random.RandomState(7)
    centres = rng.normal(scale=1.5, size=(4, 8))
    x = np.vstack([c + rng.normal(size=(150, 8)) for c in centres]).astype(np.float32)
    x = x[rng.permutation(x.shape[0])]
    queries = (x[:20] + rng.normal(scale=0.3, size=(20, 8))).astype(np.float32)
    np.save("x.npy", x)
    np.save("queries.npy", queries)
    n_neighbors = 10
    idx, dist = knn_with_self(x, x, n_neighbors)
    assert (idx[:, 0] == np.arange(x.shape[0])).all()
    graph, sigmas, rhos = fuzzy_simplicial_set(idx, dist, x.shape[0], n_neighbors)
    n_comp, _ = scipy.sparse.csgraph.connected_components(graph)
    assert n_comp == 1, n_comp
    np.save("sigmas.npy", sigmas.reshape(1, -1))
    np.save("rhos.npy", rhos.reshape(1, -1))
    np.save("graph-indptr.npy", graph.indptr.astype(np.int32).reshape(1, -1))
    np.save("graph-indices.npy", graph.indices.astype(np.int32).reshape(1, -1))
    np.save("graph-data.npy", graph.data.astype(np.float32).reshape(1, -1))
    for dim in (2, 3):
        values, vectors = spectral(graph.astype(np.float64), dim)
        np.save("spectral-%d.npy" % dim, vectors.T.astype(np.float64))
        np.save("spectral-values-%d.npy" % dim, values.reshape(1, -1))

    small = x[:120]
    sidx, sdist = knn_with_self(small, small, n_neighbors)
    sgraph, _, _ = fuzzy_simplicial_set(sidx, sdist, small.shape[0], n_neighbors)
    assert scipy.sparse.csgraph.connected_components(sgraph)[0] == 1
    np.save("small-graph-indptr.npy", sgraph.indptr.astype(np.int32).reshape(1, -1))
    np.save("small-graph-indices.npy", sgraph.indices.astype(np.int32).reshape(1, -1))
    np.save("small-graph-data.npy", sgraph.data.astype(np.float32).reshape(1, -1))
    for dim in (2, 3):
        values, vectors = spectral(sgraph.astype(np.float64), dim)
        np.save("small-spectral-%d.npy" % dim, vectors.T.astype(np.float64))

    qidx, qdist = knn_with_self(x, queries, n_neighbors)
    qsigmas, qrhos = smooth_knn_dist(qdist, float(n_neighbors), local_connectivity=0.0)
    _, _, qvals = compute_membership_strengths(qidx, qdist, qsigmas, qrhos, bipartite=True)
    np.save("query-sigmas.npy", qsigmas.reshape(1, -1))
    np.save("query-rhos.npy", qrhos.reshape(1, -1))
    np.save("query-weights.npy", qvals.reshape(len(queries), n_neighbors))

    ab = []
    for min_dist, spread in ((0.1, 1.0), (0.0, 1.0), (0.5, 1.0), (0.25, 2.0), (0.8, 1.0)):
        a, b = find_ab_params(spread, min_dist)
        ab.append({"min_dist": min_dist, "spread": spread, "a": float(a), "b": float(b)})
    with open("ab.json", "w") as f:
        json.dump(ab, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
