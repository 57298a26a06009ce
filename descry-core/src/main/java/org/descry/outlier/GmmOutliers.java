package org.descry.outlier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.descry.cluster.GaussianMixture;
import org.descry.cluster.GaussianMixtureModel;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.ModelStore;
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

    /**
     * A fitted {@link GmmOutliers}: the mixture and the training rows' negative log-likelihoods. Saved with the
     * mixture in {@code mixture/} ({@link GaussianMixtureModel#save}), whose parameters are stored in float32: a
     * loaded model's new-row scores can differ from the fitted model's in about the seventh significant digit
     * (saving a loaded model again is exact; training scores and threshold are kept exactly).
     */
    public record Model(GaussianMixtureModel mixture, double[] trainingScores, double contamination,
                        double threshold, Provenance provenance) implements OutlierModel {

        static final String KIND = "outlier-gmm";

        @Override
        public void save(Path dir) throws IOException {
            ObjectNode m = OutlierModels.begin(dir, KIND, this, trainingScores);
            mixture.save(dir.resolve("mixture"));
            ModelStore.writeManifest(dir, m);
        }

        /** Loads a folder written by {@link #save}. */
        public static Model load(Path dir) throws IOException {
            OutlierModels.Common c = OutlierModels.Common.read(dir, KIND);
            return new Model(GaussianMixtureModel.load(dir.resolve("mixture")), c.scores(), c.contamination(),
                    c.threshold(), c.provenance());
        }

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
