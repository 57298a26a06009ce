package org.descry.preprocess;

import java.util.LinkedHashMap;
import java.util.Map;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSubset;

/**
 * Principal component analysis, as scikit-learn's {@code PCA} (1.2.1): the data are centered (not scaled),
 * explained variances use {@code n - 1}, and each component's sign follows {@code svd_flip} with the U-based
 * decision: the entry of largest magnitude of each column of U (equivalently of each projected-data column
 * {@code (x - mean) · component}) is made positive.
 *
 * <p>{@code components} is either a count or, when {@code varianceFraction} is set, chosen as the fewest components
 * whose cumulative explained variance ratio exceeds the fraction, exactly scikit-learn's
 * {@code searchsorted(cumsum(ratio), f, side='right') + 1} for {@code PCA(n_components=f, svd_solver='full')}; a
 * fraction of 1 keeps all {@code min(n, d)} components (scikit-learn refuses 1.0).
 *
 * <p>Solvers:
 * <ul>
 * <li>{@link Solver#EXACT}: the covariance route. One blocked multi-threaded pass forms the centered scatter matrix
 * {@code (x - mean)ᵀ(x - mean)} in double ({@code Kernels.centeredGram}); then, as LAPACK's {@code dsyevx} for a
 * subset, a blocked Householder tridiagonal reduction ({@code dsytrd}), all eigenvalues by bisection, eigenvectors
 * of the kept ones only by inverse iteration, back-transformed by the reflectors ({@link SymmetricEigen}). After a
 * column-affine scaler ({@link #fit(FloatMatrix, ColumnScaling, Progress)}) the scatter matrix of the raw rows is
 * rescaled to that of the scaled rows, {@code D C D}, so the scaled rows are never materialised. scikit-learn's
 * {@code svd_solver='full'} runs LAPACK's SVD of the centered data instead; both give the same components and
 * variances (checked against scikit-learn on the fixtures to 1e-5 and better), this one with one pass over the data
 * and memory {@code O(d^2)}. The price is the
 * squared condition number: eigenvalues at or below about {@code 1e-16 lambda_max} (singular values below
 * {@code 1e-8 sigma_max}), and their directions, are rounding noise here where the SVD resolves them.</li>
 * <li>{@link Solver#RANDOMIZED}: Halko, Martinsson and Tropp (2011), Algorithm 4.4 as scikit-learn's
 * {@code randomized_svd}: a seeded Gaussian test matrix of {@code k + oversamples} columns, power iterations
 * ({@code auto}: 7 when {@code k < 0.1 min(n, d)}, else 4) normalised after every product, then the SVD of the small
 * projected matrix. The normalisation is SVQB (Stathopoulos and Wu 2002: eigenvectors of the small Gram matrix)
 * rather than scikit-learn's LU; both keep the same range, so only rounding differs. The test matrix comes from
 * Java's {@code SplittableRandom}, not numpy's, so results equal scikit-learn's to the accuracy of the method, not
 * bitwise. The explained variance ratio is relative to the total variance of the data, as scikit-learn's.</li>
 * </ul>
 *
 * @param components       number of components, or 0 when {@code varianceFraction} decides
 * @param varianceFraction target explained variance in (0, 1], or 0 when {@code components} is given
 * @param solver           {@link Solver#EXACT} (default) or {@link Solver#RANDOMIZED}
 * @param whiten           divide projections by the square root of the explained variance (default false)
 * @param seed             seed of the randomized solver's test matrix
 * @param oversamples      extra columns of the randomized solver (default 10, scikit-learn's {@code n_oversamples})
 * @param powerIterations  power iterations of the randomized solver, or -1 for scikit-learn's {@code 'auto'}
 */
public record Pca(int components, double varianceFraction, Solver solver, boolean whiten, long seed, int oversamples,
                  int powerIterations) {

    public static final String KIND = "pca";

    /** How the components are computed. */
    public enum Solver { EXACT, RANDOMIZED }

    public Pca {
        if (solver == null) {
            throw new DescryException("solver must be exact or randomized, got null");
        }
        boolean byCount = components != 0;
        if (byCount && components < 1) {
            throw new DescryException("n_components must be >= 1, got " + components);
        }
        if (byCount == (varianceFraction != 0)) {
            throw new DescryException("give either n_components or a variance fraction, got n_components="
                    + components + " and fraction=" + varianceFraction);
        }
        if (!byCount && !(varianceFraction > 0 && varianceFraction <= 1)) {
            throw new DescryException("variance fraction must be in (0, 1], got " + varianceFraction);
        }
        if (!byCount && solver == Solver.RANDOMIZED) {
            throw new DescryException("a variance fraction (" + varianceFraction + ") needs solver exact; the "
                    + "randomized solver takes a component count, as scikit-learn's");
        }
        if (oversamples < 0) {
            throw new DescryException("oversamples must be >= 0, got " + oversamples);
        }
        if (powerIterations < -1) {
            throw new DescryException("powerIterations must be >= 0 or -1 (auto), got " + powerIterations);
        }
    }

    /** Keeps {@code k} components, exact solver. */
    public static Pca components(int k) {
        return new Pca(k, 0, Solver.EXACT, false, 0, 10, -1);
    }

    /** Keeps the fewest components explaining more than {@code fraction} of the variance, exact solver. */
    public static Pca varianceFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new DescryException("variance fraction must be in (0, 1], got " + fraction);
        }
        return new Pca(0, fraction, Solver.EXACT, false, 0, 10, -1);
    }

    /** Parses {@code n_components} as the CLI gives it: an integer count, or a fraction like {@code 0.9}. */
    public static Pca parse(String nComponents) {
        String s = nComponents.trim();
        try {
            if (s.matches("[0-9]+")) {
                return components(Integer.parseInt(s));
            }
            return varianceFraction(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            throw new DescryException("n_components must be a count or a fraction in (0, 1], got '" + nComponents
                    + "'");
        }
    }

    public Pca withSolver(Solver value) {
        return new Pca(components, varianceFraction, value, whiten, seed, oversamples, powerIterations);
    }

    public Pca withWhiten(boolean value) {
        return new Pca(components, varianceFraction, solver, value, seed, oversamples, powerIterations);
    }

    public Pca withSeed(long value) {
        return new Pca(components, varianceFraction, solver, whiten, value, oversamples, powerIterations);
    }

    public Pca withOversamples(int value) {
        return new Pca(components, varianceFraction, solver, whiten, seed, value, powerIterations);
    }

    public Pca withPowerIterations(int value) {
        return new Pca(components, varianceFraction, solver, whiten, seed, oversamples, value);
    }

    public PcaModel fit(FloatMatrix x) {
        return fit(x, Progress.NONE);
    }

    /** Fits on the rows of {@code x} (at least 2; NaN or infinite values are refused). */
    public PcaModel fit(FloatMatrix x, Progress progress) {
        return PcaFitter.fit(RowSubset.all(x), null, this, false, progress).model();
    }

    /**
     * Fits on the rows of {@code raw} scaled by {@code scaling} (fitted on the same rows), as
     * {@code fit(scaling.transform(raw))} but without the scaled copy: one scatter pass over the raw rows, rescaled.
     * The model keeps the scaling and {@link PcaModel#transform transforms} raw rows (see {@link PcaModel}).
     */
    public PcaModel fit(FloatMatrix raw, ColumnScaling scaling, Progress progress) {
        return PcaFitter.fit(RowSubset.all(raw), java.util.Objects.requireNonNull(scaling, "scaling"), this, false,
                progress).model();
    }

    /** {@link #fit(FloatMatrix, ColumnScaling, Progress)} and the projection of {@code raw}, from the same pass. */
    public PcaFit fitTransform(FloatMatrix raw, ColumnScaling scaling, Progress progress) {
        return fitTransform(RowSubset.all(raw), scaling, progress);
    }

    /**
     * {@link #fitTransform(FloatMatrix, ColumnScaling, Progress)} on some rows of {@code raw}, read in place: bitwise
     * the fit and projection of a copy of them (both solvers), without the copy. What a fit on the inliers of a
     * 4 GB mapped descriptor set needs: the scaler fitted on the same subset, and only the small projection made.
     */
    public PcaFit fitTransform(RowSubset raw, ColumnScaling scaling, Progress progress) {
        return PcaFitter.fit(raw, java.util.Objects.requireNonNull(scaling, "scaling"), this, true, progress);
    }

    /**
     * Fits and returns the projection of {@code x} as well, from the pass that decides the signs (scikit-learn's
     * {@code fit_transform}), saving a second pass over the data.
     */
    public PcaFit fitTransform(FloatMatrix x, Progress progress) {
        return fitTransform(RowSubset.all(x), progress);
    }

    /** {@link #fitTransform(FloatMatrix, Progress)} on some rows of {@code x}, read in place, without a copy. */
    public PcaFit fitTransform(RowSubset x, Progress progress) {
        return PcaFitter.fit(x, null, this, true, progress);
    }

    /** The configuration as plain values for {@link org.descry.model.Provenance}. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (components != 0) {
            m.put("n_components", components);
        } else {
            m.put("variance_fraction", varianceFraction);
        }
        m.put("solver", solver.name().toLowerCase(java.util.Locale.ROOT));
        m.put("whiten", whiten);
        if (solver == Solver.RANDOMIZED) {
            m.put("oversamples", oversamples);
            m.put("power_iterations", powerIterations);
        }
        return m;
    }
}
