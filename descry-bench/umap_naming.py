"""Clustering in a UMAP embedding against clustering the reduced rows, in scikit-learn 1.2.1 and umap-learn 0.5.3
(Debian's python3-sklearn and python3-umap-learn), on the fashion case: the prototype behind the trial's
umap-kmeans and umap-agglomerative (descry-bench/README.md, "Session 7").

    /usr/bin/python3 descry-bench/umap_naming.py ATTRIBUTE SET SCALER AFTER SEEDS [COMPONENTS [NEIGHBOURS]]
    /usr/bin/python3 descry-bench/umap_naming.py colour color hellinger none 0,1,2,3,4,5
    /usr/bin/python3 descry-bench/umap_naming.py view hog standard l2 0,1,2,3,4,5

For each seed: split by item 80/20 (GroupShuffleSplit), keep the inliers, scale (standard, or hellinger: the
square root then l2), PCA 0.9, optionally l2 after it; k-means (k=100, n_init 4) on the reduced training rows
(km_) and on their UMAP (u_: 10 components, 15 neighbours, min_dist 0, as umap-learn's "Using UMAP for
clustering"); name every cluster by its members' majority truth; label the test rows by the nearest centroid
(cen; for u_ after UMAP.transform) or by the vote of their 10 nearest training members in the reduced space
(vote). purity_* is the share of training rows whose cluster's name is their own; sup10 a supervised 10-NN.
"""
import pickle, sys, warnings, time
import numpy as np, pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.model_selection import GroupShuffleSplit
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler, normalize
import umap
warnings.filterwarnings('ignore')
base = '../shared/data/fashion-case/'
attr, dset, scaler, after = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
seeds = [int(s) for s in sys.argv[5].split(',')]
ncomp = int(sys.argv[6]) if len(sys.argv) > 6 else 10
nn = int(sys.argv[7]) if len(sys.argv) > 7 else 15
truth = pd.read_csv(base + 'labels.csv')
X = np.asarray(pickle.load(open(base + 'descriptors/%s.pickle' % dset, 'rb')), dtype=np.float64)
inlier = truth.outlier.isna().values
y = truth[attr].values
means = {}
for seed in seeds:
    tr, te = next(GroupShuffleSplit(1, test_size=0.2, random_state=seed).split(X, groups=truth.item))
    tr, te = tr[inlier[tr]], te[inlier[te]]
    A = StandardScaler().fit(X[tr]).transform(X) if scaler == 'standard' else normalize(np.sqrt(np.maximum(X, 0)))
    Z = PCA(0.9, random_state=0).fit(A[tr]).transform(A)
    if after == 'l2':
        Z = normalize(Z)
    r = {}
    def name(labels):
        k = labels.max() + 1
        return np.array([pd.Series(y[tr][labels == c]).value_counts().index[0] if (labels == c).any() else '' for c in range(k)])
    m = KMeans(100, n_init=4, random_state=0).fit(Z[tr])
    nm = name(m.labels_)
    r['km_cen'] = (nm[m.predict(Z[te])] == y[te]).mean()
    r['km_vote'] = (KNeighborsClassifier(10).fit(Z[tr], nm[m.labels_]).predict(Z[te]) == y[te]).mean()
    t = time.time()
    u = umap.UMAP(n_neighbors=nn, n_components=ncomp, min_dist=0.0, random_state=0).fit(Z[tr])
    E = u.embedding_
    m2 = KMeans(100, n_init=4, random_state=0).fit(E)
    nm2 = name(m2.labels_)
    r['u_vote'] = (KNeighborsClassifier(10).fit(Z[tr], nm2[m2.labels_]).predict(Z[te]) == y[te]).mean()
    Et = u.transform(Z[te])
    r['u_cen'] = (nm2[m2.predict(Et)] == y[te]).mean()
    r['purity_km'] = (nm[m.labels_] == y[tr]).mean()
    r['purity_u'] = (nm2[m2.labels_] == y[tr]).mean()
    r['sup10'] = (KNeighborsClassifier(10).fit(Z[tr], y[tr]).predict(Z[te]) == y[te]).mean()
    for key, v in r.items():
        means.setdefault(key, []).append(v)
    print('seed', seed, ' '.join('%s %.3f' % kv for kv in r.items()), 'umap %.0fs' % (time.time() - t), flush=True)
print('mean over seeds', seeds)
for key, v in means.items():
    print('%-12s %.4f  %s' % (key, np.mean(v), ' '.join('%.3f' % x for x in v)))
