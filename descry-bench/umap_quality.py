"""Trustworthiness (k=10) of Descry's UMAP embeddings written by org.descry.bench.UmapQuality.

/usr/bin/python3 descry-bench/umap_quality.py /tmp/umap-quality hog color
"""
import sys

import numpy as np
from sklearn.manifold import trustworthiness

TSNE_REFERENCE = {"hog": 0.969, "color": 0.995}

out = sys.argv[1]
for name in sys.argv[2:]:
    x = np.load("%s/%s-x.npy" % (out, name))
    e = np.load("%s/%s-umap.npy" % (out, name))
    t = trustworthiness(x, e, n_neighbors=10)
    ref = TSNE_REFERENCE.get(name)
    print("%s: %d x %d, trustworthiness(k=10) %.4f%s" % (name, x.shape[0], x.shape[1], t,
          "" if ref is None else "  (scikit-learn t-SNE %.3f, difference %+.4f)" % (ref, t - ref)))
