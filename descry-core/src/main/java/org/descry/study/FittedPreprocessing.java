package org.descry.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.preprocess.PcaModel;
import org.descry.preprocess.ScalerModel;

/**
 * The fitted scaler and PCA of a pipeline, applied to new rows exactly as to the fit rows. When the PCA carries the
 * scaling ({@link PcaModel#scaling()}, fitted after a column-affine scaler) it takes the raw rows itself, in one
 * pass.
 *
 * @param scaler the fitted scaler, or {@code null} for none
 * @param pca    the fitted PCA, or {@code null} for none
 */
public record FittedPreprocessing(ScalerModel scaler, PcaModel pca) {

    /** Width of the rows it takes, or -1 when it has no step (any width). */
    public int inputWidth() {
        return scaler != null ? scaler.inputWidth() : pca != null ? pca.inputWidth() : -1;
    }

    /** Scales and projects {@code x} (a new matrix unless there is no step). */
    public FloatMatrix apply(FloatMatrix x) {
        int w = inputWidth();
        if (w >= 0 && x.cols() != w) {
            throw new DescryException("rows have " + x.cols() + " columns, the pipeline was fitted on " + w);
        }
        boolean fused = pca != null && pca.scaling() != null;
        FloatMatrix y = scaler == null || fused ? x : scaler.transform(x);
        return pca == null ? y : pca.transform(y);
    }

    /** Saves the steps as {@code dir/scaler/} and {@code dir/pca/}. */
    public void save(Path dir) throws IOException {
        if (scaler != null) {
            scaler.save(dir.resolve("scaler"));
        }
        if (pca != null) {
            pca.save(dir.resolve("pca"));
        }
    }

    public static FittedPreprocessing load(Path dir) throws IOException {
        ScalerModel s = Files.isDirectory(dir.resolve("scaler")) ? ScalerModel.load(dir.resolve("scaler")) : null;
        PcaModel p = Files.isDirectory(dir.resolve("pca")) ? PcaModel.load(dir.resolve("pca")) : null;
        return new FittedPreprocessing(s, p);
    }
}
