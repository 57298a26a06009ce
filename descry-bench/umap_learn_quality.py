"""Same-machine reference for UmapQuality: umap-learn (Debian's 0.5.3) on the rows UmapQuality wrote.

Fits umap-learn on <out>/<set>-x.npy (the standard-scaled, PCA-0.9 rows) and prints scikit-learn 1.2.1's
trustworthiness(k=10) of its embedding, the wall and CPU seconds, beside Descry's (<out>/<set>-umap.npy) when
present. Extra umap-learn parameters as name=value (n_neighbors=15 min_dist=0.1 n_epochs=500 ...).

/usr/bin/python3 descry-bench/umap_learn_quality.py /tmp/umap-quality hog color [seeds=0,1,2] [min_dist=0.05 ...]
"""
import os
import sys
import time
import warnings

import numpy as np
from sklearn.manifold import trustworthiness

warnings.filterwarnings("ignore")
import umap  # noqa: E402  (after the warnings filter: numba/pynndescent warn at import)

TSNE_REFERENCE = {"hog": 0.969, "color": 0.995}

out = sys.argv[1]
names = [a for a in sys.argv[2:] if "=" not in a]
params = {}
seeds = [0]
for a in sys.argv[2:]:
    if "=" in a:
        k, v = a.split("=", 1)
        if k == "seeds":
            seeds = [int(s) for s in v.split(",")]
        else:
            params[k] = int(v) if v.lstrip("-").isdigit() else float(v)

for name in names:
    x = np.load("%s/%s-x.npy" % (out, name))
    for seed in seeds:
        reducer = umap.UMAP(random_state=seed, **params)
        wall, cpu = time.time(), time.process_time()
        e = reducer.fit_transform(x)
        wall, cpu = time.time() - wall, time.process_time() - cpu
        np.save("%s/%s-umap-learn-%d.npy" % (out, name, seed), e)
        t = trustworthiness(x, e, n_neighbors=10)
        print("%s: %d x %d, umap-learn %s seed %d %s: trustworthiness(k=10) %.4f in %.1f s wall, %.1f s CPU "
              "(scikit-learn t-SNE %.3f)" % (name, x.shape[0], x.shape[1], umap.__version__, seed, params or "defaults",
                                             t, wall, cpu, TSNE_REFERENCE.get(name, float("nan"))))
    descry = "%s/%s-umap.npy" % (out, name)
    if os.path.exists(descry):
        print("%s: Descry UMAP trustworthiness(k=10) %.4f" % (name, trustworthiness(x, np.load(descry), n_neighbors=10)))
