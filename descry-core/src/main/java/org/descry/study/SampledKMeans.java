package org.descry.study;

import java.util.Objects;
import org.descry.cluster.KMeans;
import org.descry.cluster.KMeansModel;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSample;

/**
 * k-means for the study's k sweep over many rows: the {@code n_init} k-means++ runs are made on a seeded sample
 * of {@code sampleRows} rows, and the best of them (lowest inertia) starts one Lloyd run on all rows, which goes
 * on to convergence as usual. The result is a k-means local optimum of the whole set, like a plain fit; what the
 * sample saves is the restarts and the long early iterations, which dominate a sweep over 29 values of k at
 * 416,314 rows. Initialising from a subsample's solution is the refinement idea of Bradley and Fayyad (1998,
 * "Refining initial points for k-means clustering"); scikit-learn has no such option, so below
 * {@code sampleRows} this is exactly {@link KMeans#fit}.
 *
 * @param kmeans     the k-means configuration (its {@code n_init} runs happen on the sample)
 * @param sampleRows rows of the sample, {@code >= 1}; sets no larger than this are fitted directly
 */
public record SampledKMeans(KMeans kmeans, int sampleRows) {

    /** Above this many rows the study's k-means sweep starts from a sample. */
    public static final int DEFAULT_SAMPLE_ROWS = 100_000;

    public SampledKMeans {
        Objects.requireNonNull(kmeans, "kmeans");
        if (sampleRows < 1) {
            throw new DescryException("sampleRows must be >= 1, got " + sampleRows);
        }
    }

    /** Clusters every row of {@code x}. */
    public KMeansModel fit(FloatMatrix x, Progress progress) {
        Objects.requireNonNull(x, "x");
        if (x.rows() <= sampleRows || kmeans.init() == KMeans.Init.GIVEN) {
            return kmeans.fit(x, progress);
        }
        FloatMatrix sample = x.selectRows(RowSample.sorted(x.rows(), sampleRows, kmeans.seed()));
        KMeansModel start = kmeans.fit(sample, Progress.NONE);
        return kmeans.withInitialCentres(start.centres()).fit(x, progress);
    }
}
