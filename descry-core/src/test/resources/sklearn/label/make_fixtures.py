"""Reference values for NameVote: scikit-learn 1.2.1's KNeighborsClassifier (uniform weights, brute force) on
training rows labelled with their cluster's name. Run with Debian's python3 from this folder:
    /usr/bin/python3 make_fixtures.py [path/to/fashion-case]
Writes blobs_*.npy (synthetic, committed in full) and fashion_*.npy (labels and expected votes for the fashion
case's color descriptors, which the test reads from ../shared).
"""
import json, os, pickle, sys
import numpy as np
from sklearn.cluster import KMeans
from sklearn.neighbors import KNeighborsClassifier

out = {}


def vote(tag, train, labels, names, queries, k=10):
    y = np.array([names[c] for c in labels])
    clf = KNeighborsClassifier(n_neighbors=k, algorithm='brute').fit(train, y)
    proba = clf.predict_proba(queries)
    pred = clf.predict(queries)
    top = np.sort(proba, axis=1)
    unique = top[:, -1] > top[:, -2] if proba.shape[1] > 1 else np.ones(len(queries), bool)
    np.save(tag + '_labels.npy', labels.astype(np.int32).reshape(1, -1))
    np.save(tag + '_share.npy', proba.max(1).astype(np.float32).reshape(1, -1))
    out[tag] = {'k': k, 'names': list(names), 'predicted': [str(p) for p in pred],
                'unique': [bool(u) for u in unique]}


rng = np.random.default_rng(7)
centres = rng.normal(0, 4, (6, 5))
train = np.concatenate([c + rng.normal(0, 1.5, (120, 5)) for c in centres]).astype(np.float32)
queries = (centres[rng.integers(0, 6, 200)] + rng.normal(0, 2.5, (200, 5))).astype(np.float32)
labels = KMeans(12, n_init=4, random_state=0).fit(train).labels_
names = ['n%d' % (c % 5) for c in range(12)]
np.save('blobs_train.npy', train)
np.save('blobs_queries.npy', queries)
vote('blobs', train, labels, names, queries)

case = sys.argv[1] if len(sys.argv) > 1 else '../../../../../../../shared/data/fashion-case'
if os.path.isdir(case):
    import pandas as pd
    x = np.asarray(pickle.load(open(os.path.join(case, 'descriptors', 'color.pickle'), 'rb')), dtype=np.float32)
    truth = pd.read_csv(os.path.join(case, 'labels.csv'))
    train, queries = x[:2000], x[2000:2500]
    labels = KMeans(20, n_init=4, random_state=0).fit(train).labels_
    colour = truth.colour.fillna('').values[:2000]
    names = [pd.Series(colour[labels == c]).value_counts().index[0] for c in range(20)]
    vote('fashion', train, labels, names, queries)

json.dump(out, open('fixtures.json', 'w'), indent=1)
