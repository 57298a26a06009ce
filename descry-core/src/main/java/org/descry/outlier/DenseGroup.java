package org.descry.outlier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.KnnGraph;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * Over-dense groups: the score is the negated distance to the {@code k}-th nearest other row, so the rows with
 * the most near-identical company score highest. This is the other tail of the k-NN density estimate
 * (Loftsgaarden and Quesenberry 1965) that {@link KnnDistance} reads from the sparse side.
 *
 * <p>Why an outlier score: the masking of "clustered anomalies" (Liu, Ting and Zhou 2010, on SCiForest; Aggarwal,
 * "Outlier Analysis", 2017, section 1.3 and ch. 4). Content-free images (empty frames, lens cap, the same
 * foreign object pasted again) come out near-identical, so they form a group far tighter than genuine items,
 * which are photographed a few times each from different views; sparse-side detectors then score that group as
 * typical. With {@code k} well above the number of shots an item legitimately has (default 20 against the
 * fashion case's 4), only a group of more than {@code k} near-duplicates reaches the top of this score. The
 * assumption is stated, not learnt: on a collection whose genuine items have many near-identical shots, this
 * detector flags them, and it always flags its contamination share of the tightest rows. It is meant as one
 * member of a maximum-rank ensemble beside a sparse-side detector ({@link OutlierMethod#ENSEMBLE}), not alone.
 * There is no reference implementation beyond that: the score is minus scikit-learn's
 * {@code NearestNeighbors.kneighbors} k-th distance.
 *
 * @param k             neighbours, {@code >= 1} (default 20)
 * @param contamination expected outlier fraction, in {@code (0, 0.5]}
 * @param threads       worker threads, {@code >= 1}
 * @param exactLimit    training rows up to which neighbours are exact, {@code >= 0} (default
 *                      {@link Neighbours#EXACT_LIMIT}; NN-descent and graph search above)
 */
public record DenseGroup(int k, double contamination, int threads, int exactLimit) implements GraphDetector {

    public DenseGroup {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        Contamination.check(contamination);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        GraphDetector.checkExactLimit(exactLimit);
    }

    /** With the default exact limit. */
    public DenseGroup(int k, double contamination, int threads) {
        this(k, contamination, threads, Neighbours.EXACT_LIMIT);
    }

    @Override
    public DenseGroup withExactLimit(int v) {
        return new DenseGroup(k, contamination, threads, v);
    }

    @Override
    public int neighbours(int n) {
        return k;
    }

    /** 20 neighbours, contamination 0.1, all processors. */
    public static DenseGroup of() {
        return new DenseGroup(20, 0.1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public Model fit(FloatMatrix x, Progress progress) {
        return dense(x, new KnnDistance(k, false, contamination, threads, exactLimit).fit(x, progress));
    }

    @Override
    public Model fit(FloatMatrix x, KnnGraph graph, Neighbours neighbours) {
        return dense(x, new KnnDistance(k, false, contamination, threads, exactLimit).fit(x, graph, neighbours));
    }

    private Model dense(FloatMatrix x, KnnDistanceModel knn) {
        double[] scores = GmmOutliers.negate(knn.scores());
        Provenance p = Provenance.of(name(), Map.of("k", k, "contamination", contamination), 0,
                x.rows() + " x " + x.cols());
        return new Model(knn, scores, contamination, Contamination.threshold(scores, contamination), p);
    }

    /**
     * A fitted {@link DenseGroup}: the k-th-neighbour-distance model it negates. Saved with that model in
     * {@code knn/}.
     */
    public record Model(KnnDistanceModel knn, double[] trainingScores, double contamination, double threshold,
                        Provenance provenance) implements GraphModel {

        static final String KIND = "outlier-dense";

        @Override
        public double[] scores() {
            return trainingScores.clone();
        }

        @Override
        public Neighbours neighbours() {
            return knn.neighbours();
        }

        @Override
        public int queryWidth() {
            return knn.queryWidth();
        }

        /** The negated distance of each new row to its {@code k}-th nearest training row. */
        @Override
        public double[] score(FloatMatrix rows, KnnGraph near) {
            return GmmOutliers.negate(knn.score(rows, near));
        }

        @Override
        public void save(Path dir) throws IOException {
            ObjectNode m = OutlierModels.begin(dir, KIND, this, trainingScores);
            knn.save(dir.resolve("knn"));
            ModelStore.writeManifest(dir, m);
        }

        /** Loads a folder written by {@link #save}. */
        public static Model load(Path dir) throws IOException {
            OutlierModels.Common c = OutlierModels.Common.read(dir, KIND);
            KnnDistanceModel knn = KnnDistanceModel.load(dir.resolve("knn"));
            if (knn.scores().length != c.scores().length) {
                throw new DescryException(dir + ": knn/ has " + knn.scores().length + " training rows, scores.npy "
                        + c.scores().length);
            }
            return new Model(knn, c.scores(), c.contamination(), c.threshold(), c.provenance());
        }
    }
}
