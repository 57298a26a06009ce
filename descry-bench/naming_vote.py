"""The members' vote against the nearest centroid, in plain scikit-learn 1.2.1, on the fashion case: the
prototype behind NameVote and the trial's assignment axis (descry-bench/README.md, "Session 6").

    /usr/bin/python3 descry-bench/naming_vote.py ATTRIBUTE SET SCALER AFTER ALGORITHMS [SEEDS]
    /usr/bin/python3 descry-bench/naming_vote.py view hog standard l2 km,ward 0,1,2,3,4,5

For each seed: split by item 80/20 (GroupShuffleSplit), keep the inliers, scale (standard, or hellinger: the
square root then l2), PCA 0.9, optionally l2 after it, cluster the training rows into 100 clusters (km: k-means,
n_init 4; ward: Ward on the 15-NN graph; tied: a Gaussian mixture with one shared covariance), name every cluster
by the majority truth of its members, and label the test rows by the nearest centroid (cen; the mixture's own
prediction for tied), by the vote of their k nearest members each carrying its cluster's name (u5..u30 uniform,
d5..d30 distance-weighted; KNeighborsClassifier), and, for reference, a supervised 10-NN (sup10).
"""
import pickle, sys, warnings
import numpy as np, pandas as pd
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import PCA
from sklearn.mixture import GaussianMixture
from sklearn.model_selection import GroupShuffleSplit
from sklearn.neighbors import KNeighborsClassifier, kneighbors_graph
from sklearn.preprocessing import StandardScaler, normalize

warnings.filterwarnings('ignore')
base = '../shared/data/fashion-case/'
attr, dset, scaler, after, algs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5].split(',')
seeds = [int(s) for s in (sys.argv[6] if len(sys.argv) > 6 else '0,1,2').split(',')]
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
    out = []
    for alg in algs:
        if alg == 'km':
            m = KMeans(100, n_init=4, random_state=0).fit(Z[tr])
            labels, predicted = m.labels_, m.predict(Z[te])
        elif alg == 'ward':
            labels = AgglomerativeClustering(100, connectivity=kneighbors_graph(Z[tr], 15, include_self=False),
                                             linkage='ward').fit(Z[tr]).labels_
            centres = np.array([Z[tr][labels == c].mean(0) for c in range(100)])
            predicted = ((Z[te][:, None, :] - centres[None]) ** 2).sum(2).argmin(1)
        else:
            m = GaussianMixture(100, covariance_type='tied', random_state=0).fit(Z[tr])
            labels, predicted = m.predict(Z[tr]), m.predict(Z[te])
        names = np.array([pd.Series(y[tr][labels == c]).value_counts().index[0] if (labels == c).any() else ''
                          for c in range(100)])
        r = {'cen': (names[predicted] == y[te]).mean()}
        for k in [5, 10, 20, 30]:
            for w in ['uniform', 'distance']:
                clf = KNeighborsClassifier(k, weights=w).fit(Z[tr], names[labels])
                r['%s%d' % (w[0], k)] = (clf.predict(Z[te]) == y[te]).mean()
        r['sup10'] = (KNeighborsClassifier(10).fit(Z[tr], y[tr]).predict(Z[te]) == y[te]).mean()
        for key, v in r.items():
            means.setdefault(alg + ' ' + key, []).append(v)
        out.append(alg + ' ' + ' '.join('%s %.3f' % kv for kv in r.items()))
    print('seed', seed, ' | '.join(out), flush=True)
print('mean over seeds', seeds)
for key, v in means.items():
    print('%-12s %.4f  %s' % (key, np.mean(v), ' '.join('%.3f' % x for x in v)))
