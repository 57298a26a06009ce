package org.descry.outlier;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.descry.cluster.KMeans;
import org.descry.cluster.KMeansModel;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.Provenance;

/**
 * Distance to the assigned k-means centre, the cluster-based outlier score (see Aggarwal, "Outlier Analysis",
 * 2017, ch. 4): Euclidean distance of a row to the centre {@code predict} assigns it.
 *
 * <p>{@code relative} (the default) divides it by the median distance of that cluster's training rows to its
 * centre. k-means clusters differ in spread; a raw distance ranks the ordinary members of a wide cluster above
 * the stray members of a tight one, while the ratio asks "how far out is this row for its own cluster" (a local
 * normalisation in the spirit of LOF). A cluster whose median distance is 0 (all duplicates) is not rescaled.
 *
 * @param kmeans        the clustering (default: scikit-learn's {@code KMeans(8)}, seed 0)
 * @param relative      divide by the cluster's median distance
 * @param contamination expected outlier fraction, in {@code (0, 0.5]}
 */
public record CentroidDistance(KMeans kmeans, boolean relative, double contamination) implements OutlierDetector {

    public CentroidDistance {
        Objects.requireNonNull(kmeans, "kmeans");
        Contamination.check(contamination);
    }

    /** k-means with 8 clusters, relative distance, contamination 0.1. */
    public static CentroidDistance of() {
        return new CentroidDistance(KMeans.of(8), true, 0.1);
    }

    public CentroidDistance withKMeans(KMeans v) {
        return new CentroidDistance(v, relative, contamination);
    }

    public CentroidDistance withRelative(boolean v) {
        return new CentroidDistance(kmeans, v, contamination);
    }

    public CentroidDistance withContamination(double v) {
        return new CentroidDistance(kmeans, relative, v);
    }

    @Override
    public String name() {
        return "centroid";
    }

    @Override
    public CentroidDistanceModel fit(FloatMatrix x, Progress progress) {
        Contamination.requireRows(x, kmeans.k(), "k-means with k=" + kmeans.k());
        KMeansModel km = kmeans.fit(x, progress);
        FloatMatrix centres = km.centres();
        int[] labels = km.labels();
        double[] dist = CentroidDistanceModel.distances(x, centres, labels);
        double[] scale = new double[km.k()];
        Arrays.fill(scale, 1);
        if (relative) {
            for (int c = 0; c < scale.length; c++) {
                double m = median(dist, labels, c);
                scale[c] = m > 0 ? m : 1;
            }
        }
        for (int i = 0; i < dist.length; i++) {
            dist[i] /= scale[labels[i]];
        }
        Provenance p = Provenance.of("centroid-distance", Map.of("kmeans", km.provenance().config(),
                "relative", relative, "contamination", contamination), kmeans.seed(), x.rows() + " x " + x.cols());
        return new CentroidDistanceModel(km, centres, scale, dist, contamination,
                Contamination.threshold(dist, contamination), p);
    }

    /** {@code numpy.median} of the distances of cluster {@code c}; 0 for an empty cluster. */
    static double median(double[] dist, int[] labels, int c) {
        int m = 0;
        for (int l : labels) {
            m += l == c ? 1 : 0;
        }
        if (m == 0) {
            return 0;
        }
        double[] v = new double[m];
        int j = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == c) {
                v[j++] = dist[i];
            }
        }
        Arrays.sort(v);
        return m % 2 == 1 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
    }
}
