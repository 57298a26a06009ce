"""Outlier ensemble combinations on the fashion case (docs/outlier-ensemble.md), in scikit-learn/numpy.

Replicates Descry's default ensemble: per descriptor set l2 + PCA 0.9, lof-range (max LOF over k 10..50 by 10)
and dense (minus the 20th-neighbour distance), each ranked among its training scores (mid-ranks); then combines
the members and the sets by several rules and prints, per trial split (GroupSplit by item, 20%, seeds 0..4),
test ROC-AUC / test inliers flagged / bad images flagged at contamination 0.03 (threshold on the training
scores), and the ROC-AUC of the same ensemble fitted on the whole case (l2 and standard scaler).
Run with /usr/bin/python3 from the repository root; the splits come from Descry's GroupSplit, written by
    java -cp descry-cli/target/descry.jar descry-bench/OutlierSplits.java  (one 0/1 line per image, split<seed>.txt)
Usage: /usr/bin/python3 descry-bench/outlier_combination.py SPLIT_DIR [CASE]
"""
import os
import pickle
import sys

import numpy as np
import pandas as pd
from scipy.special import erf
from scipy.stats import norm, rankdata
from sklearn.decomposition import PCA
from sklearn.metrics import roc_auc_score
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler, normalize

split_dir = sys.argv[1]
case = sys.argv[2] if len(sys.argv) > 2 else "../shared/data/fashion-case"
labels = pd.read_csv(os.path.join(case, "labels.csv"))
truth = labels.outlier.notna().values
SETS = ["color", "hog", "pixels", "randconv"]
X = {s: np.asarray(pickle.load(open(os.path.join(case, "descriptors", s + ".pickle"), "rb")), dtype=np.float64)
     for s in SETS}


def lofs(d, i, dq, iq, ks):
    tr, te = [], []
    for k in ks:
        kd = d[:, k - 1]
        lrd = 1 / (np.maximum(d[:, :k], kd[i[:, :k]]).mean(1) + 1e-10)
        tr.append(lrd[i[:, :k]].mean(1) * (np.maximum(d[:, :k], kd[i[:, :k]]).mean(1) + 1e-10))
        te.append(lrd[iq[:, :k]].mean(1) * (np.maximum(dq[:, :k], kd[iq[:, :k]]).mean(1) + 1e-10))
    return np.max(tr, 0), np.max(te, 0)


def members(tr, te, scaler):
    out = {}
    for s in SETS:
        a = normalize(X[s]) if scaler == "l2" else StandardScaler().fit(X[s][tr]).transform(X[s])
        z = PCA(0.9, svd_solver="full").fit(a[tr]).transform(a)
        nn = NearestNeighbors(n_neighbors=51).fit(z[tr])
        d, i = nn.kneighbors(z[tr])
        d, i = d[:, 1:], i[:, 1:]
        dq, iq = nn.kneighbors(z[te], n_neighbors=50)
        out[(s, "lof-range")] = lofs(d, i, dq, iq, [10, 20, 30, 40, 50])
        out[(s, "dense")] = (-d[:, 19], -dq[:, 19])
    return out


def ranks(train, new):
    srt = np.sort(train)
    lo, hi = np.searchsorted(srt, new, "left"), np.searchsorted(srt, new, "right")
    return (rankdata(train) - 0.5) / len(train), (lo + (hi - lo) / 2) / len(train)


def fisher(r, n):
    return -np.log(np.maximum(1 - r, 0.5 / n)).sum(0)


def flat(rule):
    return lambda m: tuple(rule(np.array([ranks(*m[k])[j] for k in m]), len(next(iter(m.values()))[0]))
                           for j in (0, 1))


def nested(inner, outer):
    def f(m):
        n = len(next(iter(m.values()))[0])
        per_set = []
        for s in SETS:
            r = [ranks(*m[(s, k)]) for k in ("lof-range", "dense")]
            per_set.append(ranks(inner(np.array([x[0] for x in r]), n), inner(np.array([x[1] for x in r]), n)))
        return tuple(outer(np.array([p[j] for p in per_set]), n) for j in (0, 1))
    return f


def gauss_max(m):
    out = []
    for j in (0, 1):
        out.append(np.max([np.maximum(0, erf((v[j] - v[0].mean()) / (v[0].std() * np.sqrt(2)))) for v in m.values()],
                          0))
    return tuple(out)


mx = lambda r, n: r.max(0)
mean = lambda r, n: r.mean(0)
RULES = {
    "max / max (before)": nested(mx, mx),
    "fisher / fisher (now)": nested(fisher, fisher),
    "fisher over all 8 members": flat(fisher),
    "Thresh (sum of max(0, probit(r) - 1))": flat(lambda r, n: np.maximum(norm.ppf(np.clip(r, 1e-6, 1 - 1e-6)) - 1,
                                                                          0).sum(0)),
    "mean of the two largest ranks": flat(lambda r, n: np.sort(r, 0)[-2:].mean(0)),
    "mean / mean": nested(mean, mean),
    "Gaussian scaling, max": gauss_max,
}
trials = {}
for seed in range(5):
    is_test = np.loadtxt(os.path.join(split_dir, "split%d.txt" % seed)).astype(bool)
    trials[seed] = (np.where(~is_test)[0], np.where(is_test)[0])
fitted = {seed: members(tr, te, "l2") for seed, (tr, te) in trials.items()}
everything = np.arange(len(labels))
whole = {sc: members(everything, everything[:2], sc) for sc in ("l2", "standard")}
for name, rule in RULES.items():
    cells, total = [], 0
    for seed, (tr, te) in trials.items():
        train, new = rule(fitted[seed])
        flagged = new > np.percentile(train, 97)
        y = truth[te]
        total += (flagged & ~y).sum()
        cells.append("%.3f/%d/%d" % (roc_auc_score(y, new), (flagged & ~y).sum(), (flagged & y).sum()))
    print("| %s | %s | %d | %.3f | %.3f |" % (name, " | ".join(cells), total,
                                             roc_auc_score(truth, rule(whole["l2"])[0]),
                                             roc_auc_score(truth, rule(whole["standard"])[0])))
