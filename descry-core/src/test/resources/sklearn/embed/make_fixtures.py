#!/usr/bin/python3
"""Fixtures for org.descry.embed and org.descry.metrics.Trustworthiness, from scikit-learn 1.2.1.

Run from this folder: /usr/bin/python3 make_fixtures.py
  trust_x.npy (300 x 8), trust_y.npy (300 x 2): a noisy, partly scrambled projection; trust.json: T(5), T(10)
  aff_x.npy (200 x 5): rows; aff_p.npy: the dense symmetric P of _joint_probabilities_nn at perplexity 10
    (k = 31 neighbours, squared Euclidean distances, as TSNE._fit computes them)
  grad_y.npy (200 x 2): an embedding; grad.npy: _kl_divergence's exact gradient at P = aff_p; grad.json: its KL
  blobs_x.npy (400 x 10): 4 Gaussian blobs; blobs.json: TSNE(perplexity=30, init='pca', learning_rate='auto',
    random_state=0..2).kl_divergence_ and the trustworthiness (k=10) of each embedding
"""
import json

import numpy as np
import sklearn
from scipy.spatial.distance import squareform
from sklearn.datasets import make_blobs
from sklearn.manifold import TSNE, trustworthiness
from sklearn.manifold._t_sne import _joint_probabilities_nn, _kl_divergence
from sklearn.neighbors import NearestNeighbors

assert sklearn.__version__ == "1.2.1", sklearn.__version__
rng = np.random.RandomState(0)

x = rng.normal(size=(300, 8)).astype(np.float32)
y = (x[:, :2] + 0.3 * rng.normal(size=(300, 2))).astype(np.float32)
y[:30] = y[rng.permutation(30)]
np.save("trust_x.npy", x)
np.save("trust_y.npy", y)
json.dump({"k5": trustworthiness(x, y, n_neighbors=5), "k10": trustworthiness(x, y, n_neighbors=10)},
          open("trust.json", "w"), indent=1)

a = rng.normal(size=(200, 5)).astype(np.float32)
a[:100] += 3
perplexity = 10.0
k = min(a.shape[0] - 1, int(3.0 * perplexity + 1))
nn = NearestNeighbors(n_neighbors=k).fit(a)
d = nn.kneighbors_graph(mode="distance")
d.data **= 2
p = _joint_probabilities_nn(d, perplexity, 0).toarray()
np.save("aff_x.npy", a)
np.save("aff_p.npy", p.astype(np.float32))

gy = rng.normal(size=(200, 2)) * 3
error, grad = _kl_divergence(gy.ravel(), squareform(p, checks=False), 1, 200, 2)
np.save("grad_y.npy", gy)
np.save("grad.npy", grad.reshape(200, 2))
json.dump({"kl": float(error)}, open("grad.json", "w"), indent=1)

bx, _ = make_blobs(n_samples=400, n_features=10, centers=4, cluster_std=2.0, random_state=1)
bx = bx.astype(np.float32)
np.save("blobs_x.npy", bx)
kls, tws = [], []
for seed in range(3):
    t = TSNE(n_components=2, perplexity=30.0, init="pca", learning_rate="auto", random_state=seed)
    e = t.fit_transform(bx)
    kls.append(float(t.kl_divergence_))
    tws.append(float(trustworthiness(bx, e, n_neighbors=10)))
json.dump({"kl": kls, "trustworthiness_k10": tws}, open("blobs.json", "w"), indent=1)
print("done")
