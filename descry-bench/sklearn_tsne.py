#!/usr/bin/python3
"""Reference t-SNE runs of scikit-learn 1.2.1 on the fashion case, for the t-SNE rows of descry-bench/README.md.

Per descriptor set: StandardScaler, PCA(n_components=0.9, svd_solver='full'), then
TSNE(n_components=2, perplexity=30, init='pca', learning_rate='auto', random_state=SEED) (Barnes-Hut, angle 0.5,
1000 iterations, the 1.2 defaults otherwise) and trustworthiness(X_pca, Y, n_neighbors=10).
Usage: /usr/bin/python3 descry-bench/sklearn_tsne.py [../shared/data/fashion-case] [seed]
"""
import pickle
import sys
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, trustworthiness
from sklearn.preprocessing import StandardScaler

case = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/fashion-case"
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, seed {seed}, "
      f"load average {open('/proc/loadavg').read().strip()}")
for name in ("hog", "color"):
    with open(f"{case}/descriptors/{name}.pickle", "rb") as f:
        x = np.asarray(pickle.load(f), dtype=np.float32)
    t0 = time.perf_counter()
    z = PCA(n_components=0.9, svd_solver="full").fit_transform(StandardScaler().fit_transform(x))
    t1 = time.perf_counter()
    c1 = time.process_time()
    tsne = TSNE(n_components=2, perplexity=30.0, init="pca", learning_rate="auto", random_state=seed)
    y = tsne.fit_transform(z)
    t2 = time.perf_counter()
    c2 = time.process_time()
    tw = trustworthiness(z, y, n_neighbors=10)
    t3 = time.perf_counter()
    print(f"{name}: {x.shape[0]} x {x.shape[1]} -> PCA {z.shape[1]} ({t1 - t0:.1f} s); "
          f"t-SNE {t2 - t1:.1f} s (process CPU {c2 - c1:.1f} s), KL {tsne.kl_divergence_:.4f}, {tsne.n_iter_ + 1} iterations; "
          f"trustworthiness(k=10) {tw:.4f} ({t3 - t2:.1f} s)", flush=True)
