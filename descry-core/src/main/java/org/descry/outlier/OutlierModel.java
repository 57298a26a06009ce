package org.descry.outlier;

import org.descry.data.FloatMatrix;
import org.descry.model.Provenance;

/**
 * A fitted outlier detector: a score per training row (higher = more outlying), the threshold the contamination
 * puts on them, and the scoring of new rows on the same scale.
 */
public interface OutlierModel {

    /** The training rows' scores (a copy). */
    double[] scores();

    /** The scores of new rows with the training width; a row equal to a training row need not score as it. */
    double[] score(FloatMatrix rows);

    /** The contamination the threshold was set at. */
    double contamination();

    /**
     * The {@code 100 * (1 - contamination)} percentile of the training scores (linear interpolation, as
     * {@code numpy.percentile}); this is scikit-learn's {@code offset_} negated.
     */
    double threshold();

    /** What the model was fitted from. */
    Provenance provenance();

    /**
     * Saves the model as a folder ({@link org.descry.model.ModelStore}; {@link OutlierModels#load} reads any
     * kind back). It takes rows preprocessed as its training rows were; that preprocessing is not saved here.
     */
    void save(java.nio.file.Path dir) throws java.io.IOException;

    /** The training rows whose score is above the threshold (scikit-learn's {@code fit_predict == -1}). */
    default boolean[] flags() {
        return flag(scores());
    }

    /** Which of the given scores are above the threshold. */
    default boolean[] flag(double[] scores) {
        double t = threshold();
        boolean[] out = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = scores[i] > t;
        }
        return out;
    }
}
