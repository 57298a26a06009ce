package org.descry.metrics;

import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;

/**
 * All the numbers {@code descry score} reports for one clustering: internal metrics from the data and labels,
 * and, given a truth, external ones. A plain record of numbers that Jackson writes as JSON as it is.
 *
 * <p>Noise rows ({@code -1}) are handled by {@link Options#noise()} for both parts: by default they are left
 * out everywhere, and {@link Internal#noiseRows()} says how many. The silhouette is exact up to
 * {@link Options#silhouetteExactLimit()} rows and above that the mean over a seeded sample of
 * {@link Options#silhouetteSampleSize()} rows, drawn as scikit-learn's {@code sample_size}/{@code random_state}.
 *
 * @param internal CH, DB, silhouette, inertia
 * @param external ARI, NMI, AMI, homogeneity, completeness, V-measure, purity; {@code null} without a truth
 */
public record ClusterScores(Internal internal, External external) {

    /**
     * @param noise what to do with rows labelled {@code -1}
     * @param silhouetteExactLimit largest row count scored exactly ({@code >= 2})
     * @param silhouetteSampleSize rows drawn above that ({@code >= 2}, at most the limit)
     * @param seed the sample's {@code random_state}, in {@code [0, 2^32)}
     */
    public record Options(Noise noise, int silhouetteExactLimit, int silhouetteSampleSize, long seed) {

        /** Noise left out; exact silhouette up to 50,000 rows, else a 10,000-row sample with seed 0. */
        public static final Options DEFAULT = new Options(Noise.EXCLUDE, 50_000, 10_000, 0);

        public Options {
            Objects.requireNonNull(noise, "noise");
            if (silhouetteExactLimit < 2) {
                throw new DescryException("silhouetteExactLimit must be >= 2, got " + silhouetteExactLimit);
            }
            if (silhouetteSampleSize < 2 || silhouetteSampleSize > silhouetteExactLimit) {
                throw new DescryException("silhouetteSampleSize must be in [2, silhouetteExactLimit="
                        + silhouetteExactLimit + "], got " + silhouetteSampleSize);
            }
            if (seed < 0 || seed > 0xFFFFFFFFL) {
                throw new DescryException("seed must be in [0, 2^32 - 1], got " + seed);
            }
        }

        public Options withNoise(Noise noise) {
            return new Options(noise, silhouetteExactLimit, silhouetteSampleSize, seed);
        }

        public Options withSilhouette(int exactLimit, int sampleSize) {
            return new Options(noise, exactLimit, sampleSize, seed);
        }

        public Options withSeed(long seed) {
            return new Options(noise, silhouetteExactLimit, silhouetteSampleSize, seed);
        }
    }

    /**
     * @param rows rows scored
     * @param noiseRows rows left out as noise
     * @param clusters clusters among the scored rows
     * @param silhouetteRows rows the silhouette was averaged over
     * @param silhouetteSampled whether those were a sample
     */
    public record Internal(int rows, int noiseRows, int clusters, double calinskiHarabasz, double daviesBouldin,
            double silhouette, int silhouetteRows, boolean silhouetteSampled, double inertia) {}

    /**
     * @param rows rows with both a truth and a (non-noise, when excluded) predicted label
     * @param classes distinct truth labels among them
     * @param clusters distinct predicted labels among them
     */
    public record External(int rows, int classes, int clusters, double adjustedRandIndex,
            double normalizedMutualInfo, double adjustedMutualInfo, double homogeneity, double completeness,
            double vMeasure, double purity) {

        /** All external metrics of {@code pred} against {@code truth} (arithmetic averages, {@code beta = 1}). */
        public static External of(int[] truth, int[] pred) {
            ContingencyMatrix m = ContingencyMatrix.of(truth, pred);
            HomogeneityCompletenessVMeasure hcv = HomogeneityCompletenessVMeasure.of(m, 1.0);
            return new External((int) m.n(), m.rows(), m.cols(), AdjustedRandIndex.score(m),
                    NormalizedMutualInfo.score(m, AverageMethod.ARITHMETIC),
                    AdjustedMutualInfo.score(m, AverageMethod.ARITHMETIC), hcv.homogeneity(), hcv.completeness(),
                    hcv.vMeasure(), Purity.score(m));
        }
    }

    /**
     * Scores {@code labels} (one per row of {@code x}), and against {@code truth} when it is not null (same
     * length, {@link TruthLabels#MISSING} for rows without a truth). Progress counts the data passes, then
     * the silhouette tiles.
     *
     * @throws DescryException when the clustering has fewer than 2 or as many clusters as rows, the lengths
     *     disagree, or {@code x} is not finite
     */
    public static ClusterScores compute(FloatMatrix x, int[] labels, int[] truth, Options options,
            Progress progress) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        ClusterDispersion d = ClusterDispersion.of(x, labels, options.noise(), progress);
        double ch = CalinskiHarabasz.score(d);
        double db = DaviesBouldin.score(d);
        boolean sampled = d.rows() > options.silhouetteExactLimit();
        double sil = sampled
                ? Silhouette.sampledScore(x, labels, options.silhouetteSampleSize(), options.seed(), options.noise(),
                        progress)
                : mean(Silhouette.samples(x, labels, options.noise(), progress));
        Internal internal = new Internal(d.rows(), x.rows() - d.rows(), d.clusters(), ch, db, sil,
                sampled ? options.silhouetteSampleSize() : d.rows(), sampled, Inertia.of(d));
        External external = null;
        if (truth != null) {
            int[] pred = labels;
            if (options.noise() == Noise.EXCLUDE) {
                pred = labels.clone();
                for (int r = 0; r < pred.length; r++) {
                    if (pred[r] == Noise.LABEL) {
                        pred[r] = TruthLabels.MISSING;
                    }
                }
            }
            external = External.of(truth, pred);
        }
        return new ClusterScores(internal, external);
    }

    /** {@link #compute} with {@link Options#DEFAULT} and no progress. */
    public static ClusterScores compute(FloatMatrix x, int[] labels, int[] truth) {
        return compute(x, labels, truth, Options.DEFAULT, Progress.NONE);
    }

    private static double mean(double[] s) {
        double sum = 0;
        int n = 0;
        for (double v : s) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return sum / n;
    }
}
