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
 * Scale, then optionally reduce with PCA: the seed study's preprocessing ({@code StandardScaler} then
 * {@code PCA(n_components=0.9)} by default on the command line).
 *
 * @param scaler the scaler; {@link Scaler#NONE} for raw values
 * @param pca    the PCA, or {@code null} for none
 */
public record Preprocessing(Scaler scaler, Pca pca) {

    public Preprocessing {
        Objects.requireNonNull(scaler, "scaler");
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
        if (pca != null && s instanceof ColumnScaling c && !c.clips()) {
            var fit = pca.fitTransform(x, c, progress);
            return new Fitted(new FittedPreprocessing(s, fit.model()), fit.projected());
        }
        if (pca != null) {
            var fit = pca.fitTransform(s == null ? x : x.transformed(s::transformRows), progress);
            return new Fitted(new FittedPreprocessing(s, fit.model()), fit.projected());
        }
        return new Fitted(new FittedPreprocessing(s, null), s == null ? x.materialize() : s.transform(x));
    }

    /** The fitted steps and the rows they produced from the fit data. */
    public record Fitted(FittedPreprocessing steps, FloatMatrix reduced) {}
}
