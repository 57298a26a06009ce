"""Leiden communities of the fuzzy neighbour graph against k-means, as clusters to name, in scikit-learn 1.2.1,
umap-learn 0.5.3, igraph 0.10.2 and leidenalg 0.9.1 (Debian's python3-sklearn, python3-umap-learn, python3-igraph,
python3-leidenalg), on the fashion case: the prototype behind the trial's leiden (descry-bench/README.md,
"Session 8").

    /usr/bin/python3 descry-bench/leiden_naming.py ATTRIBUTE SET SEEDS [NEIGHBOURS,...]
    /usr/bin/python3 descry-bench/leiden_naming.py view hog 0,1,2,3,4,5,6,7,8,9,10,11
    /usr/bin/python3 descry-bench/leiden_naming.py colour color 0,1,2,3,4,5

For each seed: split by item 80/20 (GroupShuffleSplit), keep the inliers, scale (standard; color: hellinger, the
square root then l2), PCA 0.9, l2; k-means (k=100, n_init 4) on the training rows (km_), and Leiden
(RBConfigurationVertexPartition, seed 0) on umap-learn's fuzzy simplicial set of their NEIGHBOURS nearest rows
(scanpy's sc.pp.neighbors + sc.tl.leiden) with the resolution bisected for at most 100 communities (ld<n>_);
name every cluster by its members' majority truth; label the test rows by the vote of their 10 nearest
training members (vote). pur is the share of training rows whose cluster's name is their own.
"""
import pickle, sys, warnings
import numpy as np, pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.model_selection import GroupShuffleSplit
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler, normalize
import igraph as ig, leidenalg as la
from umap.umap_ import fuzzy_simplicial_set
warnings.filterwarnings('ignore')
base = '../shared/data/fashion-case/'
attr, dset = sys.argv[1], sys.argv[2]
seeds = [int(s) for s in sys.argv[3].split(',')]
nns = [int(s) for s in sys.argv[4].split(',')] if len(sys.argv) > 4 else [15]
truth = pd.read_csv(base + 'labels.csv')
X = np.asarray(pickle.load(open(base + 'descriptors/%s.pickle' % dset, 'rb')), dtype=np.float64)
inlier = truth.outlier.isna().values
y = truth[attr].values


def leiden(g, k):
    lo, hi, best, gamma = 0.0, np.inf, None, 1.0
    for _ in range(40):
        part = la.find_partition(g, la.RBConfigurationVertexPartition, weights='weight',
                                 resolution_parameter=gamma, seed=0)
        n = len(part)
        if n <= k and (best is None or n > best[0]):
            best = (n, np.array(part.membership))
        if n == k:
            break
        if n > k:
            hi = gamma
        else:
            lo = gamma
        gamma = hi / 2 if lo == 0 else lo * 2 if hi == np.inf else np.sqrt(lo * hi)
    return best


means = {}
for seed in seeds:
    tr, te = next(GroupShuffleSplit(1, test_size=0.2, random_state=seed).split(X, groups=truth.item))
    tr, te = tr[inlier[tr]], te[inlier[te]]
    A = normalize(np.sqrt(np.maximum(X, 0))) if dset == 'color' else StandardScaler().fit(X[tr]).transform(X)
    Z = normalize(PCA(0.9, random_state=0).fit(A[tr]).transform(A))
    r = {}

    def score(key, lab, k):
        nm = np.array([pd.Series(y[tr][lab == c]).value_counts().index[0] for c in range(k)])
        r[key + '_vote'] = (KNeighborsClassifier(10).fit(Z[tr], nm[lab]).predict(Z[te]) == y[te]).mean()
        r[key + '_pur'] = (nm[lab] == y[tr]).mean()
    score('km', KMeans(100, n_init=4, random_state=0).fit(Z[tr]).labels_, 100)
    for nn in nns:
        W = fuzzy_simplicial_set(Z[tr], nn, 0, 'euclidean')[0].tocoo()
        keep = W.row < W.col
        g = ig.Graph(n=len(tr), edges=list(zip(W.row[keep].tolist(), W.col[keep].tolist())),
                     edge_attrs={'weight': W.data[keep].tolist()})
        n, lab = leiden(g, 100)
        score('ld%d' % nn, lab, n)
    for key, v in r.items():
        means.setdefault(key, []).append(v)
    print('seed', seed, ' '.join('%s %.3f' % kv for kv in r.items()), flush=True)
print('mean over seeds', seeds)
for key, v in means.items():
    print('%-10s %.4f  %s' % (key, np.mean(v), ' '.join('%.3f' % x for x in v)))
