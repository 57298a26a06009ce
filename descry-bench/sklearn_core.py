"""scikit-learn's side of run-core-bench.sh: times each step of the study's first half on the matrices the Java
harnesses wrote with --dump DIR, one fresh subprocess per step so each step's peak RSS (VmHWM) is its own.

Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1):
    /usr/bin/python3 descry-bench/sklearn_core.py DIR [--steps load,scale,...] [--pca-full]
Prints one machine-readable line per step:
    SKLEARN step=<id> seconds=<s> rss_gb=<peak RSS of the step's process, input included>
Steps (the ids of the Java RESULT lines):
    load            pickle.load of the 2560-wide float32 pickle (copies it into memory)
    scale           StandardScaler().fit_transform, 2560 wide
    pca_randomized  PCA(250, svd_solver='randomized').fit_transform of the standardised 2560-wide rows
    pca_full        PCA(250, svd_solver='full') likewise (only with --pca-full: about 340 s)
    lloyd_iter      one Lloyd iteration, k=10, 250 wide: KMeans(init=centres, n_init=1, tol=0, algorithm='lloyd')
                    fitted with max_iter=11 and max_iter=1, the difference divided by the iterations between
    kmeanspp        kmeans_plusplus(X, 10)
    minibatch       MiniBatchKMeans(10, batch_size=4096, n_init=3).fit
    chdb            calinski_harabasz_score + davies_bouldin_score
    silhouette      silhouette_score(sample_size=10000)
    gmm_diag_iter   one EM iteration, diag: fit(max_iter=2) - fit(max_iter=1) from the given means, unit precisions
                    (each the best of 3, as GmmBench)
    gmm_full_iter   the same, full, on the first 50,000 rows, scaled by n / 50,000 (as the issue measured it)
"""
import os
import pickle
import subprocess
import sys
import time
import warnings

STEPS = ["load", "scale", "pca_randomized", "pca_full", "lloyd_iter", "kmeanspp", "minibatch", "chdb", "silhouette",
         "gmm_diag_iter", "gmm_full_iter"]
FULL_SUBSET = 50_000


def peak_rss_gb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e9
    return float("nan")


def load_pickle(d):
    with open(os.path.join(d, "x2560.pickle"), "rb") as f:
        return pickle.load(f)


def timed(f):
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def run_step(step, d):
    import numpy as np
    from sklearn.cluster import KMeans, MiniBatchKMeans, kmeans_plusplus
    from sklearn.decomposition import PCA
    from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score
    from sklearn.mixture import GaussianMixture
    from sklearn.preprocessing import StandardScaler

    warnings.simplefilter("ignore")
    if step == "load":
        return timed(lambda: load_pickle(d))[0]
    if step == "scale":
        x = load_pickle(d)
        return timed(lambda: StandardScaler().fit_transform(x))[0]
    if step in ("pca_randomized", "pca_full"):
        x = StandardScaler(copy=False).fit_transform(load_pickle(d))
        solver = "randomized" if step == "pca_randomized" else "full"
        return timed(lambda: PCA(250, svd_solver=solver, random_state=0).fit_transform(x))[0]
    if step in ("lloyd_iter", "kmeanspp", "minibatch"):
        x = np.load(os.path.join(d, "kmeans_x.npy"))
        if step == "kmeanspp":
            return timed(lambda: kmeans_plusplus(x, 10, random_state=0))[0]
        if step == "minibatch":
            return timed(lambda: MiniBatchKMeans(10, batch_size=4096, n_init=3, random_state=0).fit(x))[0]
        init = np.load(os.path.join(d, "kmeans_init.npy"))

        def fit(iters):
            return KMeans(10, init=init, n_init=1, max_iter=iters, tol=0, algorithm="lloyd").fit(x)

        fit(2)
        t1, m1 = timed(lambda: fit(1))
        t11, m11 = timed(lambda: fit(11))
        return (t11 - t1) / max(1, m11.n_iter_ - m1.n_iter_)
    if step in ("chdb", "silhouette"):
        x = np.load(os.path.join(d, "metrics_x.npy"))
        labels = np.load(os.path.join(d, "metrics_labels.npy")).ravel()
        if step == "chdb":
            return timed(lambda: (calinski_harabasz_score(x, labels), davies_bouldin_score(x, labels)))[0]
        return timed(lambda: silhouette_score(x, labels, sample_size=10_000, random_state=0))[0]
    if step in ("gmm_diag_iter", "gmm_full_iter"):
        x = np.load(os.path.join(d, "gmm_x.npy"))
        means = np.load(os.path.join(d, "gmm_means.npy")).astype(np.float64)
        k, dim = means.shape
        n = x.shape[0]
        kind = "diag" if step == "gmm_diag_iter" else "full"
        scale = 1.0
        if kind == "full" and n > FULL_SUBSET:
            x = x[:FULL_SUBSET]
            scale = n / FULL_SUBSET
        precisions = np.ones((k, dim)) if kind == "diag" else np.tile(np.eye(dim), (k, 1, 1))

        def fit(iters):
            return GaussianMixture(k, covariance_type=kind, max_iter=iters, weights_init=np.full(k, 1.0 / k),
                                   means_init=means, precisions_init=precisions).fit(x)

        repeats = 3 if kind == "diag" else 1
        t1 = min(timed(lambda: fit(1))[0] for _ in range(repeats))
        t2 = min(timed(lambda: fit(2))[0] for _ in range(repeats))
        return (t2 - t1) * scale
    raise SystemExit("unknown step " + step)


def main():
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    d = args[0]
    if "--one" in args:
        seconds = run_step(args[args.index("--one") + 1], d)
        print("SKLEARN_CHILD seconds=%.4f rss_gb=%.2f" % (seconds, peak_rss_gb()))
        return
    steps = [s for s in STEPS if s != "pca_full" or "--pca-full" in args]
    if "--steps" in args:
        steps = args[args.index("--steps") + 1].split(",")
    for step in steps:
        p = subprocess.run([sys.executable, os.path.abspath(__file__), d, "--one", step], capture_output=True,
                           text=True)
        line = [l for l in p.stdout.splitlines() if l.startswith("SKLEARN_CHILD ")]
        if p.returncode != 0 or not line:
            print("SKLEARN step=%s failed: %s" % (step, (p.stderr.strip().splitlines() or ["?"])[-1]), flush=True)
            continue
        print("SKLEARN step=%s %s" % (step, line[0][len("SKLEARN_CHILD "):]), flush=True)


if __name__ == "__main__":
    main()
