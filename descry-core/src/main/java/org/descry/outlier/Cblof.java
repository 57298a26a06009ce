package org.descry.outlier;

import java.util.Map;
import java.util.Objects;
import org.descry.cluster.KMeans;
import org.descry.cluster.KMeansModel;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.Provenance;

/**
 * Cluster-based local outlier factor (He, Xu and Deng 2003, "Discovering cluster-based local outliers", Pattern
 * Recognition Letters 24), as PyOD's {@code CBLOF}: cluster with k-means, sort clusters by size (largest first)
 * and split them into large and small at the first boundary {@code b} where both the alpha rule (the first
 * {@code b} clusters hold at least {@code alpha * n} rows) and the beta rule (cluster {@code b} is at least
 * {@code beta} times cluster {@code b + 1}) hold; failing that, the first boundary meeting the alpha rule, then
 * the first meeting the beta rule (PyOD's order; with neither the fit fails, as in PyOD). A row of a large
 * cluster scores its Euclidean distance to that cluster's centre, a row of a small cluster its distance to the
 * nearest large cluster's centre.
 *
 * <p>{@code useWeights} multiplies the distance by the size of the row's cluster, as the paper's definition
 * does; the default is PyOD's {@code use_weights=False}, unweighted, because the weight makes every member of a
 * large cluster outscore small-cluster rows (PyOD's documentation notes this). New rows take the cluster
 * k-means assigns them and are scored the same way. Where PyOD's k-means is scikit-learn's {@code KMeans}, this
 * one is Descry's {@link KMeans} (same algorithm, k-means++ with its own random stream), so clusters and
 * scores match PyOD only for the same clustering.
 *
 * @param kmeans        the clustering (default: 8 clusters, PyOD's default, seed 0)
 * @param alpha         share of the rows the large clusters must hold, in {@code (0, 1)} (default 0.9)
 * @param beta          size ratio at the split, {@code > 1} (default 5)
 * @param useWeights    multiply by cluster size (default false)
 * @param contamination expected outlier fraction, in {@code (0, 0.5]}
 */
public record Cblof(KMeans kmeans, double alpha, double beta, boolean useWeights, double contamination)
        implements OutlierDetector {

    public Cblof {
        Objects.requireNonNull(kmeans, "kmeans");
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (!(beta > 1) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number > 1, got " + beta);
        }
        Contamination.check(contamination);
    }

    /** k-means with 8 clusters (seed 0), alpha 0.9, beta 5, unweighted, contamination 0.1. */
    public static Cblof of() {
        return new Cblof(KMeans.of(8), 0.9, 5, false, 0.1);
    }

    public Cblof withKMeans(KMeans v) {
        return new Cblof(v, alpha, beta, useWeights, contamination);
    }

    public Cblof withUseWeights(boolean v) {
        return new Cblof(kmeans, alpha, beta, v, contamination);
    }

    public Cblof withContamination(double v) {
        return new Cblof(kmeans, alpha, beta, useWeights, v);
    }

    @Override
    public String name() {
        return "cblof";
    }

    @Override
    public CblofModel fit(FloatMatrix x, Progress progress) {
        Contamination.requireRows(x, kmeans.k(), "k-means with k=" + kmeans.k());
        if (kmeans.k() < 2) {
            throw new DescryException("CBLOF needs at least 2 clusters, got " + kmeans.k());
        }
        KMeansModel km = kmeans.fit(x, progress);
        int[] labels = km.labels();
        int[] sizes = new int[km.k()];
        for (int l : labels) {
            sizes[l]++;
        }
        boolean[] large = largeClusters(sizes, alpha, beta);
        double[] scores = CblofModel.scores(x, km.centres(), labels, large, sizes, useWeights);
        Provenance p = Provenance.of(name(), Map.of("kmeans", km.provenance().config(), "alpha", alpha, "beta",
                beta, "use_weights", useWeights, "contamination", contamination), kmeans.seed(),
                x.rows() + " x " + x.cols());
        return new CblofModel(km, large, sizes, useWeights, scores, contamination,
                Contamination.threshold(scores, contamination), p);
    }

    /** Which clusters are large, by PyOD's {@code _set_small_large_clusters}. */
    static boolean[] largeClusters(int[] sizes, double alpha, double beta) {
        int k = sizes.length;
        int[] order = RankEnsemble.ascendingOrder(java.util.Arrays.stream(sizes).mapToDouble(s -> -s).toArray());
        long n = 0;
        for (int s : sizes) {
            n += s;
        }
        int firstAlpha = -1;
        int firstBeta = -1;
        int both = -1;
        long sum = 0;
        for (int i = 1; i < k; i++) {
            sum += sizes[order[i - 1]];
            boolean a = sum >= n * alpha;
            int next = sizes[order[i]];
            boolean b = next == 0 || (double) sizes[order[i - 1]] / next >= beta;
            if (a && firstAlpha < 0) {
                firstAlpha = i;
            }
            if (b && firstBeta < 0) {
                firstBeta = i;
            }
            if (a && b && both < 0) {
                both = i;
            }
        }
        int cut = both > 0 ? both : firstAlpha > 0 ? firstAlpha : firstBeta > 0 ? firstBeta : k;
        boolean[] large = new boolean[k];
        for (int i = 0; i < cut; i++) {
            large[order[i]] = true;
        }
        return large;
    }
}
