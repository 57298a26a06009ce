package org.descry.metrics;

import org.descry.data.DescryException;

/**
 * Homogeneity (each cluster holds one class: {@code 1 - H(C|K) / H(C)}), completeness (each class sits in one
 * cluster: {@code 1 - H(K|C) / H(K)}) and their weighted harmonic mean, the V-measure; all from 0 to 1.
 *
 * <p>A. Rosenberg and J. Hirschberg, "V-Measure: A conditional entropy-based external cluster evaluation
 * measure", EMNLP-CoNLL 2007, 410-420. Follows scikit-learn 1.2.1 {@code homogeneity_completeness_v_measure}:
 * computed as {@code MI / H(C)} and {@code MI / H(K)}, 1.0 when that entropy is 0, and
 * {@code V = (1 + beta) h c / (beta h + c)} (0 when {@code h + c = 0}); {@code beta > 1} weighs completeness more.
 *
 * @param homogeneity {@code MI / H(truth)}
 * @param completeness {@code MI / H(pred)}
 * @param vMeasure their weighted harmonic mean
 */
public record HomogeneityCompletenessVMeasure(double homogeneity, double completeness, double vMeasure) {

    /** With {@code beta = 1}; rows where either label is {@link TruthLabels#MISSING} are left out. */
    public static HomogeneityCompletenessVMeasure of(int[] truth, int[] pred) {
        return of(ContingencyMatrix.of(truth, pred), 1.0);
    }

    /** With the given {@code beta}. */
    public static HomogeneityCompletenessVMeasure of(int[] truth, int[] pred, double beta) {
        return of(ContingencyMatrix.of(truth, pred), beta);
    }

    /**
     * From a contingency table.
     *
     * @throws DescryException unless {@code beta} is finite and {@code >= 0}
     */
    public static HomogeneityCompletenessVMeasure of(ContingencyMatrix m, double beta) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new DescryException("beta must be a finite number >= 0, got " + beta);
        }
        double hTruth = MutualInformation.entropy(m.rowSums());
        double hPred = MutualInformation.entropy(m.colSums());
        double mi = MutualInformation.score(m);
        double h = hTruth != 0 ? mi / hTruth : 1.0;
        double c = hPred != 0 ? mi / hPred : 1.0;
        double v = h + c == 0.0 ? 0.0 : (1 + beta) * h * c / (beta * h + c);
        return new HomogeneityCompletenessVMeasure(h, c, v);
    }
}
