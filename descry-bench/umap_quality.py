"""Trustworthiness (k=10) of Descry's UMAP embeddings written by org.descry.bench.UmapQuality.

/usr/bin/python3 descry-bench/umap_quality.py /tmp/umap-quality hog color [tag ...]

Scores <out>/<set>-umap.npy, or <out>/<set>-umap-<tag>.npy for every tag given after the set names (a tag is any
argument that is not hog, color, pixels or randconv).
"""
import sys

import numpy as np
from sklearn.manifold import trustworthiness

TSNE_REFERENCE = {"hog": 0.969, "color": 0.995}
SETS = {"hog", "color", "pixels", "randconv"}

out = sys.argv[1]
names = [a for a in sys.argv[2:] if a in SETS]
tags = [a for a in sys.argv[2:] if a not in SETS] or [None]
for name in names:
    x = np.load("%s/%s-x.npy" % (out, name))
    for tag in tags:
        e = np.load("%s/%s-umap%s.npy" % (out, name, "" if tag is None else "-" + tag))
        t = trustworthiness(x, e, n_neighbors=10)
        ref = TSNE_REFERENCE.get(name)
        print("%s%s: %d x %d, trustworthiness(k=10) %.4f%s" % (
            name, "" if tag is None else " [" + tag + "]", x.shape[0], x.shape[1], t,
            "" if ref is None else "  (scikit-learn t-SNE %.3f, difference %+.4f)" % (ref, t - ref)))
