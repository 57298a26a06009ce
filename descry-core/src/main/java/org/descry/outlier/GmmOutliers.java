package org.descry.outlier;

import java.util.Map;
import java.util.Objects;
import org.descry.cluster.GaussianMixture;
import org.descry.cluster.GaussianMixtureModel;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.Provenance;

/**
 * Density outliers under a Gaussian mixture: the score is the negative log-likelihood of a row,
 * {@code -GaussianMixtureModel.scoreSamples} (scikit-learn's {@code -GaussianMixture.score_samples}). With one
 * full-covariance component this is the Mahalanobis distance up to a constant.
 *
 * @param mixture       the mixture to fit (default: scikit-learn's, one full-covariance component)
 * @param contamination expected outlier fraction, in {@code (0, 0.5]}
 */
public record GmmOutliers(GaussianMixture mixture, double contamination) implements OutlierDetector {

    public GmmOutliers {
        Objects.requireNonNull(mixture, "mixture");
        Contamination.check(contamination);
    }

    /** One full-covariance component, contamination 0.1. */
    public static GmmOutliers of() {
        return new GmmOutliers(GaussianMixture.of(1), 0.1);
    }

    public GmmOutliers withMixture(GaussianMixture v) {
        return new GmmOutliers(v, contamination);
    }

    public GmmOutliers withContamination(double v) {
        return new GmmOutliers(mixture, v);
    }

    @Override
    public String name() {
        return "gmm";
    }

    @Override
    public Model fit(FloatMatrix x, Progress progress) {
        Contamination.requireFinite(x, "x");
        GaussianMixtureModel m = GaussianMixture.fit(x, mixture, progress);
        double[] scores = negate(m.scoreSamples(x));
        Provenance p = Provenance.of("gmm-nll", Map.of("mixture", m.provenance().config(),
                "contamination", contamination), mixture.seed(), x.rows() + " x " + x.cols());
        return new Model(m, scores, contamination, Contamination.threshold(scores, contamination), p);
    }

    static double[] negate(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
        }
        return v;
    }

    /** A fitted {@link GmmOutliers}: the mixture and the training rows' negative log-likelihoods. */
    public record Model(GaussianMixtureModel mixture, double[] trainingScores, double contamination,
                        double threshold, Provenance provenance) implements OutlierModel {

        @Override
        public double[] scores() {
            return trainingScores.clone();
        }

        @Override
        public double[] score(FloatMatrix rows) {
            Contamination.requireWidth(rows, mixture.inputWidth());
            Contamination.requireFinite(rows, "rows");
            return negate(mixture.scoreSamples(rows));
        }
    }
}
