package org.descry.outlier;

import java.util.List;
import java.util.Locale;
import org.descry.cluster.CovarianceType;
import org.descry.cluster.GaussianMixture;
import org.descry.cluster.KMeans;
import org.descry.data.DescryException;
import org.descry.data.Workers;

/**
 * The outlier methods by the names {@code descry outliers --method} takes, built from shared settings.
 *
 * <p>To add a method (for example {@code hdbscan}: GLOSH scores from {@code org.descry.cluster.Hdbscan}),
 * write an {@link OutlierDetector} for it, add a constant here and a case in {@link #detector}; it then joins
 * the {@link #ENSEMBLE_MEMBERS} if it should.
 */
public enum OutlierMethod {
    LOF, KNN, KNN_MEAN, IFOREST, GMM, CENTROID, HDBSCAN, ENSEMBLE;

    /**
     * The members of {@code ensemble}: one local-density, one distance, one isolation and one cluster-based
     * detector, so that the ensemble's members see outliers in different ways (the diversity Aggarwal and Sathe
     * ask of an ensemble's components).
     */
    public static final List<OutlierMethod> ENSEMBLE_MEMBERS = List.of(LOF, KNN, IFOREST, CENTROID);

    /**
     * The settings the methods share.
     *
     * @param neighbors     neighbours of LOF and kNN distance
     * @param clusters      components of the mixture (diagonal covariances: full ones collapse on the groups of
     *                      near-identical rows that bad images form) and clusters of k-means
     * @param contamination expected outlier fraction
     * @param seed          random seed of isolation forest, k-means and the mixture
     * @param threads       worker threads
     */
    public record Settings(int neighbors, int clusters, double contamination, long seed, int threads) {

        public Settings {
            if (neighbors < 1) {
                throw new IllegalArgumentException("neighbors must be >= 1, got " + neighbors);
            }
            if (clusters < 1) {
                throw new IllegalArgumentException("clusters must be >= 1, got " + clusters);
            }
            Contamination.check(contamination);
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
        }

        /** 20 neighbours, 8 clusters, contamination 0.1, seed 0, all processors. */
        public static Settings defaults() {
            return new Settings(20, 8, 0.1, 0, Workers.defaultThreads());
        }
    }

    /** The CLI name: lower case, {@code knn-mean} with a hyphen. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The method of a CLI name. */
    public static OutlierMethod parse(String name) {
        for (OutlierMethod m : values()) {
            if (m.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new DescryException("--method must be one of lof, knn, knn-mean, iforest, gmm, centroid, hdbscan, "
                + "ensemble, got '" + name + "'");
    }

    /** The detector of this method with the given settings. */
    public OutlierDetector detector(Settings s) {
        return switch (this) {
            case LOF -> new Lof(s.neighbors(), s.contamination(), s.threads());
            case KNN -> new KnnDistance(s.neighbors(), false, s.contamination(), s.threads());
            case KNN_MEAN -> new KnnDistance(s.neighbors(), true, s.contamination(), s.threads());
            case IFOREST -> IsolationForest.of().withContamination(s.contamination()).withSeed(s.seed())
                    .withThreads(s.threads());
            case GMM -> new GmmOutliers(GaussianMixture.of(s.clusters()).withCovarianceType(CovarianceType.DIAG)
                    .withSeed(s.seed()), s.contamination());
            case CENTROID -> new CentroidDistance(KMeans.of(s.clusters()).withSeed(s.seed())
                    .withThreads(s.threads()), true, s.contamination());
            case HDBSCAN -> throw new DescryException("--method hdbscan: GLOSH scores need org.descry.cluster"
                    + ".Hdbscan, which this build does not have yet");
            case ENSEMBLE -> new RankEnsemble(ENSEMBLE_MEMBERS.stream().map(m -> m.detector(s)).toList(),
                    s.contamination());
        };
    }
}
