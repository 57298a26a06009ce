package org.descry.model;

import org.descry.data.FloatMatrix;

/** A fitted model that maps rows to new rows (a scaler, PCA): applied to new data exactly as to the fit data. */
public interface Transformer {

    /** Width of the rows it takes. */
    int inputWidth();

    /** Width of the rows it returns. */
    int outputWidth();

    /** A new matrix of {@code x.rows() x outputWidth()}; {@code x} is not changed. */
    FloatMatrix transform(FloatMatrix x);

    /** Where it came from. */
    Provenance provenance();
}
