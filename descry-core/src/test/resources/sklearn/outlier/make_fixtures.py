"""scikit-learn 1.2.1 reference values for org.descry.outlier and the ranking metrics.

Run with /usr/bin/python3 from this folder. Writes small .npy inputs and outputs and expected.json.
The fashion-case output (fashion_color_lof.npy) needs ../shared/data/fashion-case beside the checkout;
only the output is committed.
"""
import json
import os
import pickle

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import LocalOutlierFactor, NearestNeighbors

assert sklearn.__version__ == "1.2.1", sklearn.__version__
rng = np.random.RandomState(7)
out = {}


def save(name, a):
    np.save(name + ".npy", a)


# LOF: three blobs, planted outliers and exact duplicates (groups smaller than k, and one of k + 3 rows).
centres = rng.uniform(-10, 10, size=(3, 5))
x = np.vstack([c + rng.normal(scale=s, size=(90, 5)) for c, s in zip(centres, [0.5, 1.0, 2.0])])
x = np.vstack([x, rng.uniform(-15, 15, size=(15, 5))])
x = np.vstack([x, np.repeat(x[:3], 3, axis=0), np.repeat(x[[100]], 23, axis=0)]).astype(np.float32)
save("lof_x", x)
q = np.vstack([x[:5], rng.uniform(-15, 15, size=(40, 5))]).astype(np.float32)
save("lof_queries", q)
for k in (20, 5):
    lof = LocalOutlierFactor(n_neighbors=k).fit(x)
    save("lof_nof_k%d" % k, lof.negative_outlier_factor_)
    nov = LocalOutlierFactor(n_neighbors=k, novelty=True, contamination=0.1).fit(x)
    save("lof_novelty_k%d" % k, nov.score_samples(q))
    out["lof_offset_k%d" % k] = float(nov.offset_)
    out["lof_predict_k%d" % k] = LocalOutlierFactor(n_neighbors=k, contamination=0.1).fit_predict(x).tolist()

# kNN distance on the same rows (kneighbors without X leaves each row out).
d, _ = NearestNeighbors(n_neighbors=20).fit(x).kneighbors()
save("knn_kth_k20", d[:, 19])
save("knn_mean_k20", d.mean(axis=1))

# LOF over a range of k (Breunig et al. 2000: the maximum factor over MinPts 10..50), training rows and novelty.
save("lof_range_10_50", np.max([-LocalOutlierFactor(n_neighbors=k).fit(x).negative_outlier_factor_
                                for k in range(10, 51, 10)], axis=0))
save("lof_range_novelty_10_50", np.max([-LocalOutlierFactor(n_neighbors=k, novelty=True).fit(x).score_samples(q)
                                        for k in range(10, 51, 10)], axis=0))

# Isolation forest on a planted-outlier set: scores are compared statistically (different random numbers).
inl = np.vstack([rng.normal(size=(450, 4)), rng.normal(loc=4, scale=0.5, size=(200, 4))])
outl = rng.uniform(-6, 8, size=(40, 4))
xi = np.vstack([inl, outl]).astype(np.float32)
yi = np.r_[np.zeros(len(inl)), np.ones(len(outl))].astype(np.int32)
save("iforest_x", xi)
save("iforest_y", yi)
forest = IsolationForest(random_state=0).fit(xi)
si = -forest.score_samples(xi)
save("iforest_scores", si)
out["iforest_auc"] = float(roc_auc_score(yi, si))

# GMM negative log-likelihood: one full-covariance component (no initialisation freedom).
g = GaussianMixture(n_components=1).fit(xi)
save("gmm_nll", -g.score_samples(xi))

# Ranking metrics with many ties.
ys = rng.randint(0, 2, size=300).astype(np.int32)
ss = np.round(rng.normal(size=300) + 0.7 * ys, 1)
save("metric_y", ys)
save("metric_scores", ss)
out["roc_auc"] = float(roc_auc_score(ys, ss))
out["average_precision"] = float(average_precision_score(ys, ss))
out["roc_auc_iforest"] = out["iforest_auc"]

# Fashion case: LOF(20) on the raw colour descriptor.
fashion = os.path.join("..", "..", "..", "..", "..", "..", "..", "shared", "data", "fashion-case", "descriptors",
                       "color.pickle")
if os.path.exists(fashion):
    with open(fashion, "rb") as f:
        c = np.asarray(pickle.load(f), dtype=np.float32)
    save("fashion_color_lof", LocalOutlierFactor(n_neighbors=20).fit(c).negative_outlier_factor_)

# Fisher's combination of normalised ranks (ViewCombination.FISHER): scipy's combine_pvalues on the empirical
# p-values 1 - (average rank - 1/2) / n, floored at 1 / (2n); Descry's score is half of scipy's statistic.
from scipy.stats import combine_pvalues, rankdata

rf = np.random.RandomState(11)
members = np.round(rf.normal(size=(3, 60)), 1)  # ties on purpose
fresh = np.round(rf.normal(scale=1.5, size=(3, 25)), 1)
fresh[:, 0] = 10.0  # beyond every training score: p floored at 1 / (2n)
save("fisher_members", members)
save("fisher_fresh", fresh)


def p_values(train, values):
    srt = np.sort(train)
    lo = np.searchsorted(srt, values, "left")
    hi = np.searchsorted(srt, values, "right")
    return np.maximum(1 - (lo + (hi - lo) / 2) / len(srt), 0.5 / len(srt))


p_train = np.array([np.maximum(1 - (rankdata(m) - 0.5) / m.size, 0.5 / m.size) for m in members])
p_fresh = np.array([p_values(m, f) for m, f in zip(members, fresh)])
save("fisher_train", np.array([combine_pvalues(p_train[:, i], method="fisher")[0] / 2 for i in range(60)]))
save("fisher_new", np.array([combine_pvalues(p_fresh[:, i], method="fisher")[0] / 2 for i in range(25)]))

out["sklearn"] = sklearn.__version__
with open("expected.json", "w") as f:
    json.dump(out, f, indent=1)
