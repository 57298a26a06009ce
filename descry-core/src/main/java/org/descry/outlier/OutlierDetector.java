package org.descry.outlier;

import org.descry.data.FloatMatrix;
import org.descry.data.Progress;

/**
 * An outlier-detection method's configuration: an immutable record whose {@link #fit} scores the training rows
 * and returns a model that also scores new rows. Every method scores so that higher means more outlying
 * (scikit-learn's {@code score_samples} is the opposite sign for LOF and isolation forest: Descry's score is its
 * negation), and flags the rows above the threshold a contamination fraction puts on the training scores.
 *
 * <p>This interface is the extension point for further methods: implement it, give the model a {@code save}
 * and a manifest kind that {@link OutlierModels#load} dispatches on, and add the name to {@link OutlierMethod}.
 */
public interface OutlierDetector {

    /** The method's short name, as {@code descry outliers --method} spells it. */
    String name();

    /** The expected fraction of outliers in the training rows, in {@code (0, 0.5]}. */
    double contamination();

    /** Fits on the rows of {@code x} (finite float32; NaN or Inf is an error naming the first such row). */
    OutlierModel fit(FloatMatrix x, Progress progress);
}
