package org.descry.outlier;

import java.util.List;
import java.util.Locale;
import org.descry.cluster.CovarianceType;
import org.descry.cluster.GaussianMixture;
import org.descry.cluster.Hdbscan;
import org.descry.cluster.KMeans;
import org.descry.data.DescryException;
import org.descry.data.Workers;

/**
 * The outlier methods by the names {@code descry outliers --method} takes, built from shared settings.
 *
 * <p>To add a method, write an {@link OutlierDetector} for it, add a constant here and a case in
 * {@link #detector}; it then joins the {@link #ENSEMBLE_MEMBERS} if it should.
 */
public enum OutlierMethod {
    LOF, LOF_RANGE, KNN, KNN_MEAN, DENSE, IFOREST, GMM, CENTROID, CBLOF, HDBSCAN, ENSEMBLE;

    /**
     * The members of {@code ensemble}, combined by Fisher's sum of {@code -ln} their ranks' p-values
     * ({@link #ENSEMBLE_COMBINATION}): {@code lof-range}, which finds rows sparser than their neighbourhood at any
     * scale up to 50 rows, and {@code dense}, which finds groups of near-identical rows tighter than anything
     * genuine. They read the two tails of local density, so each sees outliers the other cannot (Aggarwal and
     * Sathe 2015). The choice was made without the truth: the sparse-side detectors agree with one another (kNN,
     * LOF, isolation forest, mixture and centroid distance all rank a tight near-duplicate group as typical), so a
     * second sparse-side member adds no view; the over-dense tail is the view none of them has. Measured on the
     * fashion case in {@code descry-bench/README.md} and {@code docs/outlier-ensemble.md}.
     */
    public static final List<OutlierMethod> ENSEMBLE_MEMBERS = List.of(LOF_RANGE, DENSE);

    /**
     * How {@code ensemble} combines its members' normalised ranks: {@link ViewCombination#FISHER}, which keeps
     * what one member alone ranks far beyond the rest (an empty frame only {@code dense} sees) without letting
     * each member's own top fraction, noise included, into the flags as the maximum did
     * ({@code docs/outlier-ensemble.md}).
     */
    public static final ViewCombination ENSEMBLE_COMBINATION = ViewCombination.FISHER;

    /**
     * The settings the methods share.
     *
     * @param neighbors     neighbours of LOF, kNN distance and dense (lof-range uses 10 to 50)
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
        throw new DescryException("--method must be one of lof, lof-range, knn, knn-mean, dense, iforest, gmm, "
                + "centroid, cblof, hdbscan, ensemble, got '" + name + "'");
    }

    /** The detector of this method with the given settings. */
    public OutlierDetector detector(Settings s) {
        return switch (this) {
            case LOF -> new Lof(s.neighbors(), s.contamination(), s.threads());
            case LOF_RANGE -> LofRange.of().withContamination(s.contamination()).withThreads(s.threads());
            case KNN -> new KnnDistance(s.neighbors(), false, s.contamination(), s.threads());
            case KNN_MEAN -> new KnnDistance(s.neighbors(), true, s.contamination(), s.threads());
            case DENSE -> new DenseGroup(s.neighbors(), s.contamination(), s.threads());
            case IFOREST -> IsolationForest.of().withContamination(s.contamination()).withSeed(s.seed())
                    .withThreads(s.threads());
            case GMM -> new GmmOutliers(GaussianMixture.of(s.clusters()).withCovarianceType(CovarianceType.DIAG)
                    .withSeed(s.seed()), s.contamination());
            case CENTROID -> new CentroidDistance(KMeans.of(s.clusters()).withSeed(s.seed())
                    .withThreads(s.threads()), true, s.contamination());
            case CBLOF -> Cblof.of().withKMeans(KMeans.of(s.clusters()).withSeed(s.seed()).withThreads(s.threads()))
                    .withContamination(s.contamination());
            case HDBSCAN -> new HdbscanOutliers(Hdbscan.defaults().withSeed(s.seed()).withThreads(s.threads()),
                    false, s.contamination());
            case ENSEMBLE -> new RankEnsemble(ENSEMBLE_MEMBERS.stream().map(m -> m.detector(s)).toList(),
                    ENSEMBLE_COMBINATION, s.contamination(), RankEnsemble.MAX_REFERENCE, s.seed());
        };
    }
}
