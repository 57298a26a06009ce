"""Reference values for org.descry.preprocess from scikit-learn 1.2.1 (run with Debian's /usr/bin/python3).

Writes one folder per case: inputs as x.npy (float32), outputs as 2-D float64 .npy (1-D arrays as 1 x n) and
scalars in values.json. Fashion-case inputs are read from ../shared/data and only their outputs are written.
`make_fixtures.py options` writes only the scaler-option cases (<case>_options: RobustScaler unit_variance,
MinMaxScaler clip, scipy's norm.ppf), leaving every other fixture file as it is; `make_fixtures.py power` writes
only the power-normalisation cases (<case>_power: signed square root, alone and followed by Normalizer('l2'));
`make_fixtures.py after` writes only the after-PCA cases (<case>_after: a scaler, PCA, then Normalizer('l2') or the
Hellinger map, on the fit rows and on new rows; for the fashion case hog, only outputs).
"""
import json
import os
import pickle
import sys

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from scipy.stats import norm
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler, Normalizer, RobustScaler, StandardScaler
from sklearn.pipeline import make_pipeline

HERE = os.path.dirname(os.path.abspath(__file__))


def out(case, **arrays):
    d = os.path.join(HERE, case)
    os.makedirs(d, exist_ok=True)
    scalars = {}
    for k, v in arrays.items():
        if np.isscalar(v) or np.ndim(v) == 0:
            scalars[k] = float(v) if not isinstance(v, (int, np.integer)) else int(v)
            continue
        a = np.asarray(v)
        if k != "x":
            a = a.astype(np.float64)
        if a.ndim == 1:
            a = a.reshape(1, -1)
        np.save(os.path.join(d, k + ".npy"), np.ascontiguousarray(a))
    if scalars:
        with open(os.path.join(d, "values.json"), "w") as f:
            json.dump(scalars, f, indent=1, sort_keys=True)


def scaler_case(name, x):
    s = StandardScaler().fit(x)
    s_nm = StandardScaler(with_mean=False).fit(x)
    s_ns = StandardScaler(with_std=False).fit(x)
    m = MinMaxScaler().fit(x)
    m2 = MinMaxScaler(feature_range=(-1, 2)).fit(x)
    r = RobustScaler().fit(x)
    r2 = RobustScaler(quantile_range=(10, 90), with_centering=False).fit(x)
    out(name, x=x,
        standard=s.transform(x), standard_mean=s.mean_, standard_var=s.var_, standard_scale=s.scale_,
        standard_nomean=s_nm.transform(x), standard_nostd=s_ns.transform(x),
        minmax=m.transform(x), minmax_m1_2=m2.transform(x), minmax_scale=m.scale_, minmax_min=m.min_,
        robust=r.transform(x), robust_center=r.center_, robust_scale=r.scale_,
        robust_10_90_nocenter=r2.transform(x), robust_10_90_scale=r2.scale_,
        l2=Normalizer(norm="l2").fit_transform(x))


def scaler_options_case(name, x):
    """Options added later, in their own folder so the original fixtures stay untouched; x is read from `name`."""
    x_new = np.concatenate([x * np.float32(1.5) - np.float32(1), x[::-1] * np.float32(-0.5)]).astype(np.float32)
    r = RobustScaler(unit_variance=True).fit(x)
    r2 = RobustScaler(quantile_range=(10, 90), unit_variance=True).fit(x)
    r3 = RobustScaler(quantile_range=(2.5, 60), with_centering=False, unit_variance=True).fit(x)
    m = MinMaxScaler(clip=True).fit(x)
    m2 = MinMaxScaler(feature_range=(-1, 2), clip=True).fit(x)
    out(name + "_options", x_new=x_new,
        robust_uv=r.transform(x), robust_uv_scale=r.scale_, robust_uv_new=r.transform(x_new),
        robust_uv_10_90=r2.transform(x), robust_uv_10_90_scale=r2.scale_,
        robust_uv_2p5_60_nocenter=r3.transform(x_new), robust_uv_2p5_60_scale=r3.scale_,
        minmax_clip=m.transform(x), minmax_clip_new=m.transform(x_new), minmax_m1_2_clip_new=m2.transform(x_new))


def power_case(name, x):
    """Signed square root (Perronnin et al. 2010), alone and with an l2 Normalizer after it (Hellinger)."""
    signed_sqrt = FunctionTransformer(lambda a: np.sign(a) * np.sqrt(np.abs(a)))
    out(name + "_power", sqrt=signed_sqrt.fit_transform(x),
        hellinger=make_pipeline(signed_sqrt, Normalizer(norm="l2")).fit_transform(x))


def after_case(name, x, x_new=None):
    """Scaler, PCA to a variance fraction, then a scaler on the reduced rows (spherical k-means' input)."""
    signed_sqrt = FunctionTransformer(lambda a: np.sign(a) * np.sqrt(np.abs(a)))
    res = {}
    if x_new is not None:
        res["x_new"] = x_new
    for tag, first in (("standard", StandardScaler()), ("l2", Normalizer(norm="l2"))):
        for after_tag, after in (("l2", Normalizer(norm="l2")),
                                 ("hellinger", make_pipeline(signed_sqrt, Normalizer(norm="l2")))):
            p = make_pipeline(first, PCA(n_components=0.9, svd_solver="full"), after).fit(x)
            key = tag + "_pca0.9_" + after_tag
            res[key] = p.transform(x[:50])
            if x_new is not None:
                res[key + "_new"] = p.transform(x_new)
    out(name + "_after", **res)


def pca_outputs(x, prefix="", rows=None):
    res = {}
    sel = slice(None) if rows is None else slice(0, rows)
    for k in [5]:
        p = PCA(n_components=k, svd_solver="full").fit(x)
        res.update({prefix + "full_components": p.components_, prefix + "full_ev": p.explained_variance_,
                    prefix + "full_ratio": p.explained_variance_ratio_, prefix + "full_sv": p.singular_values_,
                    prefix + "full_mean": p.mean_, prefix + "full_noise": p.noise_variance_,
                    prefix + "full_transform": p.transform(x[sel]),
                    prefix + "full_inverse": p.inverse_transform(p.transform(x[sel]))})
        w = PCA(n_components=k, svd_solver="full", whiten=True).fit(x)
        res.update({prefix + "whiten_transform": w.transform(x[sel]),
                    prefix + "whiten_inverse": w.inverse_transform(w.transform(x[sel]))})
        rp = PCA(n_components=k, svd_solver="randomized", random_state=0).fit(x)
        res.update({prefix + "randomized_components": rp.components_, prefix + "randomized_ratio":
                    rp.explained_variance_ratio_, prefix + "randomized_ev": rp.explained_variance_,
                    prefix + "randomized_noise": rp.noise_variance_})
    for f in (0.5, 0.9, 0.99):
        p = PCA(n_components=f, svd_solver="full").fit(x)
        res[prefix + "count_%g" % f] = int(p.n_components_)
        res[prefix + "noise_%g" % f] = p.noise_variance_
    return res


def spectrum_data(rng, n, d, rank_decay):
    z = rng.standard_normal((n, d))
    scales = np.exp(-rank_decay * np.arange(d)) * 5 + 0.05
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    return (z * scales @ q.T + rng.uniform(-3, 3, d)).astype(np.float32)


def main(only_options=False, only_power=False, only_after=False):
    rng = np.random.default_rng(20260125)
    if only_after:
        a = spectrum_data(np.random.default_rng(1), 300, 20, 0.35)
        after_case("pca_a", a, spectrum_data(np.random.default_rng(11), 30, 20, 0.35))
        shared = os.path.normpath(os.path.join(HERE, *([".."] * 6), "..", "shared", "data", "fashion-case",
                                               "descriptors"))
        with open(os.path.join(shared, "hog.pickle"), "rb") as f:
            after_case("fashion_hog", np.asarray(pickle.load(f), dtype=np.float32))
        return
    # scalers: offsets and spreads of many sizes, a constant column, a near-constant column, a zero row
    x = (rng.standard_normal((200, 12)) * np.logspace(-2, 3, 12) + rng.uniform(-50, 50, 12)).astype(np.float32)
    x[:, 3] = 7.25
    x[:, 5] = np.float32(1.0) + (rng.random(200) < 0.5) * np.float32(1e-7)
    x[17] = 0
    y = np.maximum(rng.standard_normal((61, 40)), 0).astype(np.float32) * 3
    z = rng.standard_t(2, (150, 7)).astype(np.float32)
    for name, a in (("scale_a", x), ("scale_relu", y), ("scale_heavy", z)):
        power_case(name, a)
        if only_power:
            continue
        if not only_options:
            scaler_case(name, a)
        scaler_options_case(name, a)
    p = np.array([1e-10, 1e-6, 1e-4, 0.001, 0.01, 0.025, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.975, 0.99, 0.999,
                  1 - 1e-6])
    if only_power:
        return
    out("norm_ppf", p=p, ppf=norm.ppf(p))
    if only_options:
        return

    out("pca_a", x=spectrum_data(np.random.default_rng(1), 300, 20, 0.35),
        **pca_outputs(spectrum_data(np.random.default_rng(1), 300, 20, 0.35), rows=40))
    out("pca_wide", x=spectrum_data(np.random.default_rng(2), 60, 100, 0.3),
        **pca_outputs(spectrum_data(np.random.default_rng(2), 60, 100, 0.3), rows=40))
    out("pca_b", x=spectrum_data(np.random.default_rng(3), 500, 40, 0.2),
        **pca_outputs(spectrum_data(np.random.default_rng(3), 500, 40, 0.2), rows=40))

    shared = os.path.join(HERE, *([".."] * 6), "..", "shared", "data", "fashion-case", "descriptors")
    shared = os.path.normpath(shared)
    if not os.path.isdir(shared):
        print("no fashion case at", shared, file=sys.stderr)
        return
    for name in ("hog", "color"):
        with open(os.path.join(shared, name + ".pickle"), "rb") as f:
            a = np.asarray(pickle.load(f), dtype=np.float32)
        s = StandardScaler().fit(a)
        xs = s.transform(a)
        res = {"standard_mean": s.mean_, "standard_scale": s.scale_, "standard_head": xs[:20]}
        p = PCA(n_components=10, svd_solver="full").fit(xs)
        res.update({"full_components": p.components_, "full_ratio": p.explained_variance_ratio_,
                    "full_ev": p.explained_variance_, "full_noise": p.noise_variance_,
                    "full_transform": p.transform(xs[:50])})
        for f in (0.5, 0.9, 0.99):
            res["count_%g" % f] = int(PCA(n_components=f, svd_solver="full").fit(xs).n_components_)
        out("fashion_" + name, **res)


if __name__ == "__main__":
    print("scikit-learn", sklearn.__version__, "numpy", np.__version__)
    main(only_options=sys.argv[1:] == ["options"], only_power=sys.argv[1:] == ["power"],
         only_after=sys.argv[1:] == ["after"])
