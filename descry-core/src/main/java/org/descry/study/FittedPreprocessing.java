package org.descry.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.preprocess.PcaModel;
import org.descry.preprocess.ScalerModel;

/**
 * The fitted scaler, PCA and after-PCA scaler of a pipeline ({@link Preprocessing}), applied to new rows exactly as
 * to the fit rows. When the PCA carries the scaling ({@link PcaModel#scaling()}, fitted after a column-affine
 * scaler) it takes the raw rows itself, in one pass.
 *
 * @param scaler the fitted scaler, or {@code null} for none
 * @param pca    the fitted PCA, or {@code null} for none
 * @param after  the scaler fitted on the PCA's output (or the scaled rows without a PCA), or {@code null} for none
 */
public record FittedPreprocessing(ScalerModel scaler, PcaModel pca, ScalerModel after) {

    /** Scaler and PCA, nothing after. */
    public FittedPreprocessing(ScalerModel scaler, PcaModel pca) {
        this(scaler, pca, null);
    }

    /** Width of the rows it takes, or -1 when it has no step (any width). */
    public int inputWidth() {
        return scaler != null ? scaler.inputWidth() : pca != null ? pca.inputWidth()
                : after != null ? after.inputWidth() : -1;
    }

    /** Scales, projects and scales again {@code x} (a new matrix unless there is no step). */
    public FloatMatrix apply(FloatMatrix x) {
        int w = inputWidth();
        if (w >= 0 && x.cols() != w) {
            throw new DescryException("rows have " + x.cols() + " columns, the pipeline was fitted on " + w);
        }
        boolean fused = pca != null && pca.scaling() != null;
        FloatMatrix y = scaler == null || fused ? x : scaler.transform(x);
        y = pca == null ? y : pca.transform(y);
        if (after == null) {
            return y;
        }
        if (y == x) {
            return after.transform(y);
        }
        after.transformInto(y, y);
        return y;
    }

    /**
     * Saves the steps as {@code dir/scaler/}, {@code dir/pca/} and {@code dir/after/}. A reader that predates the
     * {@code after/} step would ignore it and mix rows wrongly, so the folders that hold one
     * ({@code FittedMix}, {@code LabelSource}) carry a version that such a reader refuses.
     */
    public void save(Path dir) throws IOException {
        if (scaler != null) {
            scaler.save(dir.resolve("scaler"));
        }
        if (pca != null) {
            pca.save(dir.resolve("pca"));
        }
        if (after != null) {
            after.save(dir.resolve("after"));
        }
    }

    public static FittedPreprocessing load(Path dir) throws IOException {
        ScalerModel s = Files.isDirectory(dir.resolve("scaler")) ? ScalerModel.load(dir.resolve("scaler")) : null;
        PcaModel p = Files.isDirectory(dir.resolve("pca")) ? PcaModel.load(dir.resolve("pca")) : null;
        ScalerModel a = Files.isDirectory(dir.resolve("after")) ? ScalerModel.load(dir.resolve("after")) : null;
        return new FittedPreprocessing(s, p, a);
    }
}
