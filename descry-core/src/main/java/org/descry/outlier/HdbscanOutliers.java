package org.descry.outlier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.descry.cluster.Hdbscan;
import org.descry.cluster.HdbscanModel;
import org.descry.cluster.HdbscanPrediction;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * Outlier scores of an HDBSCAN* hierarchy ({@link Hdbscan}): GLOSH (Campello, Moulavi, Zimek and Sander 2015,
 * "Hierarchical density estimates for data clustering, visualization, and outlier detection", TKDD 10(1)),
 * {@code 1 - lambda(row) / lambda_max(cluster)}, the hdbscan library's {@code outlier_scores_}; or, with
 * {@code membership}, {@code 1 - probability}, one minus the row's membership strength in its cluster (1 for
 * noise). New rows are scored by {@link HdbscanModel#approximatePredict}, the library's
 * {@code approximate_predict_scores} analogue: their GLOSH score at the point where they would join the tree, or
 * one minus their predicted membership.
 *
 * @param hdbscan       the clustering (default: the library's, min cluster size 5)
 * @param membership    score {@code 1 - probability} instead of GLOSH
 * @param contamination expected outlier fraction, in {@code (0, 0.5]}
 */
public record HdbscanOutliers(Hdbscan hdbscan, boolean membership, double contamination) implements OutlierDetector {

    public HdbscanOutliers {
        Objects.requireNonNull(hdbscan, "hdbscan");
        Contamination.check(contamination);
    }

    /** The library's HDBSCAN (min cluster size 5), GLOSH scores, contamination 0.1. */
    public static HdbscanOutliers of() {
        return new HdbscanOutliers(Hdbscan.defaults(), false, 0.1);
    }

    public HdbscanOutliers withMembership(boolean v) {
        return new HdbscanOutliers(hdbscan, v, contamination);
    }

    @Override
    public String name() {
        return "hdbscan";
    }

    @Override
    public Model fit(FloatMatrix x, Progress progress) {
        Contamination.requireRows(x, 2, "HDBSCAN");
        HdbscanModel h = hdbscan.fit(x, progress);
        double[] scores = membership ? oneMinus(h.probabilities()) : widen(h.outlierScores());
        Provenance p = Provenance.of(name(), Map.of("hdbscan", h.provenance().config(), "score",
                membership ? "1 - probability" : "glosh", "contamination", contamination), hdbscan.seed(),
                x.rows() + " x " + x.cols());
        return new Model(h, membership, scores, contamination, Contamination.threshold(scores, contamination), p);
    }

    static double[] widen(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    static double[] oneMinus(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = 1.0 - v[i];
        }
        return out;
    }

    /** A fitted {@link HdbscanOutliers}: the HDBSCAN model, saved in {@code hdbscan/}. */
    public record Model(HdbscanModel hdbscan, boolean membership, double[] trainingScores, double contamination,
                        double threshold, Provenance provenance) implements OutlierModel {

        static final String KIND = "outlier-hdbscan";

        @Override
        public double[] scores() {
            return trainingScores.clone();
        }

        @Override
        public double[] score(FloatMatrix rows) {
            Contamination.requireWidth(rows, hdbscan.inputWidth());
            HdbscanPrediction p = hdbscan.approximatePredict(rows);
            return membership ? oneMinus(p.probabilities()) : widen(p.outlierScores());
        }

        @Override
        public void save(Path dir) throws IOException {
            ObjectNode m = OutlierModels.begin(dir, KIND, this, trainingScores);
            hdbscan.save(dir.resolve("hdbscan"));
            m.put("membership", membership);
            ModelStore.writeManifest(dir, m);
        }

        /** Loads a folder written by {@link #save}. */
        public static Model load(Path dir) throws IOException {
            OutlierModels.Common c = OutlierModels.Common.read(dir, KIND);
            HdbscanModel h = HdbscanModel.load(dir.resolve("hdbscan"));
            if (h.rows() != c.scores().length) {
                throw new DescryException(dir + ": hdbscan/ has " + h.rows() + " rows, scores.npy "
                        + c.scores().length);
            }
            return new Model(h, c.manifest().path("membership").asBoolean(), c.scores(), c.contamination(),
                    c.threshold(), c.provenance());
        }
    }
}
