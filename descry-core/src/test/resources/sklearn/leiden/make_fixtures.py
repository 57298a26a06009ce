"""Reference values for Leiden: igraph 0.10.2 and leidenalg 0.9.1 (Debian's python3-igraph and python3-leidenalg)
with umap-learn 0.5.3's fuzzy_simplicial_set, the scanpy recipe (sc.pp.neighbors then sc.tl.leiden). Run with
Debian's python3 from this folder:
    /usr/bin/python3 make_fixtures.py [path/to/fashion-case]
Writes:
- karate.npy (edges, 78 x 2) and sbm_edges.npy / sbm_weights.npy / sbm_truth.npy (a weighted planted partition);
- modularity.json: the modularity of fixed memberships at three resolutions (leidenalg's quality / 2m; igraph's
  Graph.modularity at resolution 1 beside it), and the best modularity
  leidenalg's RBConfigurationVertexPartition reaches over 20 seeds at resolution 1, per graph;
- blobs.npy / blobs_truth.npy and blobs.json: leidenalg on the fuzzy graph of blobs, with the resolution bisected
  for 8 communities (ARI against the truth);
- fashion.json: on the fashion case's inlier hog rows (standard scaler, PCA 0.9, l2), leidenalg's 100 communities
  and k-means' 100 clusters, each named by its majority view: purity (the share of rows whose cluster's name is
  their own view).
"""
import json, os, pickle, sys
import numpy as np
import igraph as ig
import leidenalg as la
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score
from umap.umap_ import fuzzy_simplicial_set

out = {}


def best_modularity(g, weights):
    return max(la.find_partition(g, la.RBConfigurationVertexPartition, weights=weights, seed=s).quality()
               / (2 * sum(weights or [1] * g.ecount())) for s in range(20))


def rb_modularity(g, weights, membership, resolution):
    # igraph 0.10.2's Graph.modularity ignores its resolution argument, so the quality of leidenalg's
    # RBConfigurationVertexPartition, divided by 2m, gives modularity at other resolutions.
    p = la.RBConfigurationVertexPartition(g, initial_membership=membership, weights=weights,
                                          resolution_parameter=resolution)
    return p.quality() / (2 * sum(weights or [1] * g.ecount()))


def graph_of(x, nn):
    w, _, _ = fuzzy_simplicial_set(x, nn, 0, 'euclidean')
    w = w.tocoo()
    keep = w.row < w.col
    g = ig.Graph(n=x.shape[0], edges=list(zip(w.row[keep].tolist(), w.col[keep].tolist())))
    return g, w.data[keep].tolist()


def leiden_k(g, weights, k):
    lo, hi, best = 0.0, np.inf, None
    gamma = 1.0
    for _ in range(40):
        p = la.find_partition(g, la.RBConfigurationVertexPartition, weights=weights, resolution_parameter=gamma,
                              seed=0)
        n = len(p)
        if n <= k and (best is None or n > len(set(best))):
            best = np.array(p.membership)
        if n == k:
            break
        if n > k:
            hi = gamma
        else:
            lo = gamma
        gamma = hi / 2 if lo == 0 else lo * 2 if hi == np.inf else np.sqrt(lo * hi)
    return best


karate = ig.Graph.Famous('Zachary')
np.save('karate.npy', np.array(karate.get_edgelist(), dtype=np.int32))
rng = np.random.default_rng(3)
truth = np.repeat(np.arange(6), [40, 35, 30, 30, 25, 20])
edges, weights = [], []
for i in range(len(truth)):
    for j in range(i + 1, len(truth)):
        p = 0.3 if truth[i] == truth[j] else 0.02
        if rng.random() < p:
            edges.append((i, j))
            weights.append(float(np.float32(rng.uniform(0.5, 1.5))))
sbm = ig.Graph(n=len(truth), edges=edges)
np.save('sbm_edges.npy', np.array(edges, dtype=np.int32))
np.save("sbm_weights.npy", np.array(weights, dtype=np.float32).reshape(1, -1))
np.save('sbm_truth.npy', truth.astype(np.int32).reshape(1, -1))
memberships = {'karate': [i % 3 for i in range(34)], 'sbm': truth.tolist()}
mod = {}
for name, g, w in [('karate', karate, None), ('sbm', sbm, weights)]:
    mod[name] = {'membership': memberships[name],
                 'modularity': {str(r): rb_modularity(g, w, memberships[name], r) for r in (0.5, 1.0, 2.0)},
                 'igraph_modularity': g.modularity(memberships[name], weights=w),
                 'leidenalg_best': best_modularity(g, w)}
p = la.find_partition(sbm, la.RBConfigurationVertexPartition, weights=weights, seed=0)
mod['sbm']['leidenalg_ari'] = adjusted_rand_score(truth, p.membership)
json.dump(mod, open('modularity.json', 'w'), indent=1)

x, y = make_blobs(800, n_features=6, centers=8, cluster_std=1.2, random_state=5)
np.save('blobs.npy', x.astype(np.float32))
np.save('blobs_truth.npy', y.astype(np.int32).reshape(1, -1))
g, w = graph_of(x.astype(np.float32), 15)
lab = leiden_k(g, w, 8)
json.dump({'k': 8, 'leidenalg_count': int(lab.max() + 1), 'leidenalg_ari': adjusted_rand_score(y, lab)},
          open('blobs.json', 'w'), indent=1)

case = sys.argv[1] if len(sys.argv) > 1 else '../../../../../../../shared/data/fashion-case'
if os.path.isdir(case):
    import pandas as pd
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler, normalize
    labels = pd.read_csv(os.path.join(case, 'labels.csv'))
    inlier = labels.outlier.isna().values
    hog = np.asarray(pickle.load(open(os.path.join(case, 'descriptors', 'hog.pickle'), 'rb')), dtype=np.float64)
    z = normalize(PCA(0.9, random_state=0).fit_transform(StandardScaler().fit_transform(hog[inlier])))
    view = labels.view.values[inlier]

    def purity(lab):
        named = pd.Series(view).groupby(lab).agg(lambda s: s.value_counts().index[0])
        return float((named.reindex(lab).values == view).mean())
    g, w = graph_of(z.astype(np.float32), 15)
    ld = leiden_k(g, w, 100)
    km = KMeans(100, n_init=4, random_state=0).fit(z).labels_
    json.dump({'rows': int(inlier.sum()), 'leidenalg_count': int(ld.max() + 1), 'leidenalg_view_purity':
               purity(ld), 'kmeans_view_purity': purity(km)}, open('fashion.json', 'w'), indent=1)
