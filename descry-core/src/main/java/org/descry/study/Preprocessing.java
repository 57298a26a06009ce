package org.descry.study;

import java.util.Objects;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSubset;
import org.descry.preprocess.ColumnScaling;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.descry.preprocess.ScalerModel;

/**
 * Scale, then optionally reduce with PCA, then optionally scale again: the seed study's preprocessing
 * ({@code StandardScaler} then {@code PCA(n_components=0.9)} by default on the command line), as scikit-learn's
 * {@code make_pipeline(scaler, PCA(...), after)}.
 *
 * <p>The step after the PCA is what makes k-means spherical: with {@link Scaler#L2} there (scikit-learn's
 * {@code Normalizer()} after the PCA) every reduced row lies on the unit sphere, so k-means groups rows by the
 * direction of their principal-component profile, not its length (spherical k-means: Dhillon and Modha 2001,
 * "Concept decompositions for large sparse text data using clustering"; scikit-learn's text clustering example
 * reduces with {@code TruncatedSVD} then applies {@code Normalizer} before k-means the same way). Normalising before
 * the PCA does not give this: the PCA re-centres the rows and keeps only part of each, so the reduced rows have
 * lengths again. On the fashion case the step raised the {@code view} labels of the naming trial from 0.815
 * to 0.849 (see {@code descry-bench/README.md}).
 *
 * @param scaler the scaler; {@link Scaler#NONE} for raw values
 * @param pca    the PCA, or {@code null} for none
 * @param after  the scaler fitted on (and applied to) the PCA's output, or on the scaled rows without a PCA;
 *               {@link Scaler#NONE} for none
 */
public record Preprocessing(Scaler scaler, Pca pca, Scaler after) {

    public Preprocessing {
        Objects.requireNonNull(scaler, "scaler");
        Objects.requireNonNull(after, "after");
    }

    /** Scale and optionally reduce, nothing after. */
    public Preprocessing(Scaler scaler, Pca pca) {
        this(scaler, pca, Scaler.NONE);
    }

    /** No scaling, no PCA: the raw descriptors. */
    public static final Preprocessing RAW = new Preprocessing(Scaler.NONE, null);

    /**
     * Fits the scaler, then the PCA and projects; returns the fitted steps and the reduced rows. After a
     * column-affine scaler the PCA is fitted on the raw rows with the scaling folded in
     * ({@link Pca#fitTransform(FloatMatrix, ColumnScaling, Progress)}); after any other scaler ({@link Scaler#L2},
     * {@code sqrt}, {@code hellinger}, a clipping one) on the rows scaled block by block as each pass reads them
     * ({@link RowSubset#transformed}). Either way {@code x} (which may be read-only mapped) is never copied and no
     * scaled copy is made: at full size either would be 4 GB. Without a PCA the (scaled) rows are the result.
     * The {@code after} scaler is then fitted on that result and applied to it in place.
     */
    public Fitted fit(FloatMatrix x, Progress progress) {
        return fit(RowSubset.all(x), progress);
    }

    /**
     * {@link #fit(FloatMatrix, Progress)} on some rows of a matrix (the study's inliers), read in place: the same
     * bits as the fit on a copy of them. Only the rows the fit returns are made.
     */
    public Fitted fit(RowSubset x, Progress progress) {
        ScalerModel s = scaler == Scaler.NONE ? null : scaler.fit(x, progress);
        Fitted before;
        if (pca != null && s instanceof ColumnScaling c && !c.clips()) {
            var fit = pca.fitTransform(x, c, progress);
            before = new Fitted(new FittedPreprocessing(s, fit.model()), fit.projected());
        } else if (pca != null) {
            var fit = pca.fitTransform(s == null ? x : x.transformed(s::transformRows), progress);
            before = new Fitted(new FittedPreprocessing(s, fit.model()), fit.projected());
        } else {
            before = new Fitted(new FittedPreprocessing(s, null), s == null ? x.materialize() : s.transform(x));
        }
        if (after == Scaler.NONE) {
            return before;
        }
        FloatMatrix y = before.reduced();
        ScalerModel a = after.fit(y, progress);
        if (pca == null && s == null) {
            y = a.transform(y);
        } else {
            a.transformInto(y, y);
        }
        return new Fitted(new FittedPreprocessing(s, before.steps().pca(), a), y);
    }

    /** The fitted steps and the rows they produced from the fit data. */
    public record Fitted(FittedPreprocessing steps, FloatMatrix reduced) {}
}
