package org.descry.cluster;

/**
 * What {@link HdbscanModel#approximatePredict} says about new rows, per row: the label (-1 noise), the membership
 * probability (0 for noise) and a GLOSH-style outlier score in {@code [0, 1]}.
 */
public record HdbscanPrediction(int[] labels, float[] probabilities, float[] outlierScores) {

    public HdbscanPrediction {
        labels = labels.clone();
        probabilities = probabilities.clone();
        outlierScores = outlierScores.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public float[] outlierScores() {
        return outlierScores.clone();
    }
}
