package org.descry.study;

import java.util.Objects;
import java.util.SplittableRandom;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.metrics.AdjustedRandIndex;
import org.descry.model.ClusterModel;

/**
 * How reproducible a clustering is: a clustering worth naming comes back when the data or the seed change a
 * little. Two measures, both the mean adjusted Rand index over {@code repeats} trials:
 * <ul>
 *   <li>{@link Mode#SEEDS}: refit on all rows with other seeds and compare with the reference labels (the spread
 *       that {@code n_init} hides);</li>
 *   <li>{@link Mode#HALVES}: fit on two disjoint random halves and compare their predictions for all rows, the
 *       split-half stability of Lange, Roth, Braun and Buhmann 2004 ("Stability-based validation of clustering
 *       solutions", Neural Computation 16) with ARI in place of their misclassification rate.</li>
 * </ul>
 *
 * @param mode    what changes between trials
 * @param repeats trials, {@code >= 1}
 * @param seed    seed of the trials' seeds and halves
 */
public record Stability(Mode mode, int repeats, long seed) {

    /** What changes between trials. */
    public enum Mode { SEEDS, HALVES }

    public Stability {
        Objects.requireNonNull(mode, "mode");
        if (repeats < 1) {
            throw new DescryException("repeats must be >= 1, got " + repeats);
        }
    }

    /**
     * The mean ARI of {@code clustering} on {@code x}; {@code reference} holds the labels of the run being judged
     * (used by {@link Mode#SEEDS}).
     */
    public double measure(Clustering clustering, FloatMatrix x, int[] reference, Progress progress) {
        Objects.requireNonNull(clustering, "clustering");
        if (reference != null && reference.length != x.rows()) {
            throw new DescryException("reference has " + reference.length + " labels for " + x.rows() + " rows");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double sum = 0;
        for (int t = 0; t < repeats; t++) {
            long trialSeed = random.nextLong() >>> 33;
            Clustering c = clustering.withSeed(trialSeed);
            sum += switch (mode) {
                case SEEDS -> {
                    if (reference == null) {
                        throw new DescryException("reference labels are needed to measure stability across seeds");
                    }
                    yield AdjustedRandIndex.score(reference, c.fit(x, Progress.NONE).labels());
                }
                case HALVES -> halves(c, x, random);
            };
            progress.step(t + 1, repeats);
        }
        return sum / repeats;
    }

    private static double halves(Clustering c, FloatMatrix x, SplittableRandom random) {
        int n = x.rows();
        if (c.usesK() && n < 2 * c.k()) {
            throw new DescryException("k must be at most half the rows (" + n / 2 + ") to compare halves, got "
                    + c.k());
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int half = n / 2;
        ClusterModel a = c.fit(x.selectRows(java.util.Arrays.copyOfRange(perm, 0, half)), Progress.NONE);
        ClusterModel b = c.fit(x.selectRows(java.util.Arrays.copyOfRange(perm, half, n)), Progress.NONE);
        return AdjustedRandIndex.score(a.predict(x), b.predict(x));
    }

}
