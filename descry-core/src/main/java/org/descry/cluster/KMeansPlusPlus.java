package org.descry.cluster;

import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.data.Workers;
import org.descry.linalg.CentreDots;
import org.descry.linalg.Kernels;

/**
 * Greedy k-means++ seeding exactly as scikit-learn's {@code _kmeans_plusplus} (Arthur and Vassilvitskii 2007,
 * with the greedy local trials they mention): the first centre is a uniformly random row; each next centre is the
 * best of {@code 2 + floor(ln k)} candidates drawn with probability proportional to {@code D^2} (the squared
 * distance to the nearest centre so far), sampled as scikit-learn does, by a uniform draw times the potential
 * searched in the cumulative sums ({@code searchsorted}, left side); "best" is the candidate that leaves the
 * smallest potential.
 *
 * <p>The random stream is Java's {@link SplittableRandom}, not numpy's Mersenne Twister, so the same seed picks
 * other rows than scikit-learn. Distances come from the expansion {@code ||x||^2 + ||c||^2 - 2 x·c} (clipped at
 * zero) with the float32 products of {@link CentreDots} (the same bits as {@link Kernels#multiplyTransposed});
 * scikit-learn upcasts float32 to float64 here. Each centre costs one parallel pass over the data for all its
 * candidates at once.
 */
final class KMeansPlusPlus {

    private KMeansPlusPlus() {}

    /** Seeds {@code k} centres (row-major {@code k x d}) from the rows of {@code x}. */
    static float[] seed(FloatMatrix x, int k, SplittableRandom random, Kernels kernels, int threads) {
        return seed(x, k, 2 + (int) Math.log(k), random, kernels, threads, null);
    }

    /**
     * Seeds {@code k} centres with {@code trials} candidates per centre; the chosen row indices go to
     * {@code indices} when it is not null.
     */
    static float[] seed(FloatMatrix x, int k, int trials, SplittableRandom random, Kernels kernels, int threads,
            int[] indices) {
        int n = x.rows();
        int d = x.cols();
        float[] norms = kernels.withThreads(threads).rowSquaredNorms(x);
        float[] centres = new float[k * d];
        int first = random.nextInt(n);
        x.copyRow(first, centres, 0);
        if (indices != null) {
            indices[0] = first;
        }
        float[] closest = new float[n];
        java.util.Arrays.fill(closest, Float.POSITIVE_INFINITY);
        float[] candidateDistances = new float[n * Math.max(1, trials)];
        NearestCentre.Scratch scratch = new NearestCentre.Scratch();
        double[] pots = distances(x, norms, new int[] {first}, closest, candidateDistances, kernels, threads,
                scratch);
        System.arraycopy(candidateDistances, 0, closest, 0, n);
        double pot = pots[0];
        double[] cumulative = new double[n];
        for (int c = 1; c < k; c++) {
            double s = 0;
            for (int r = 0; r < n; r++) {
                s += closest[r];
                cumulative[r] = s;
            }
            int[] candidates = new int[trials];
            for (int t = 0; t < trials; t++) {
                candidates[t] = Math.min(n - 1, searchLeft(cumulative, random.nextDouble() * pot));
            }
            pots = distances(x, norms, candidates, closest, candidateDistances, kernels, threads, scratch);
            int best = 0;
            for (int t = 1; t < trials; t++) {
                if (pots[t] < pots[best]) {
                    best = t;
                }
            }
            pot = pots[best];
            System.arraycopy(candidateDistances, best * n, closest, 0, n);
            x.copyRow(candidates[best], centres, c * d);
            if (indices != null) {
                indices[c] = candidates[best];
            }
        }
        return centres;
    }

    /** First index whose cumulative sum is {@code >= value} (numpy's {@code searchsorted(side='left')}). */
    static int searchLeft(double[] cumulative, double value) {
        int lo = 0;
        int hi = cumulative.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * For each candidate row {@code t}: {@code out[t*n + r] = min(closest[r], ||x_r - x_t||^2)} and the potential
     * {@code sum_r out[t*n + r]} (double, summed per block and merged in block order). One pass over the data for
     * all candidates: each block's dot products with every candidate come from one {@link CentreDots} call on
     * rows read straight from the heap array (or one block copy).
     */
    private static double[] distances(FloatMatrix x, float[] norms, int[] candidates, float[] closest,
            float[] out, Kernels kernels, int threads, NearestCentre.Scratch scratch) {
        int n = x.rows();
        int d = x.cols();
        int m = candidates.length;
        float[] c = new float[m * d];
        float[] cn = new float[m];
        for (int t = 0; t < m; t++) {
            x.copyRow(candidates[t], c, t * d);
            cn[t] = norms[candidates[t]];
        }
        CentreDots dots = kernels.centreDots(c, m, d);
        int stride = dots.stride();
        int br = NearestCentre.blockRows(d);
        int tasks = (n + br - 1) / br;
        double[] partial = scratch.partial(tasks * m);
        float[] heap = x.heapArray();
        scratch.prepare(Workers.workers(threads, tasks), heap == null ? br * d : 0, dots.tileSize(br));
        Workers.forEach(threads, tasks, (w, b) -> {
            int r0 = b * br;
            int r1 = Math.min(n, r0 + br);
            float[] src = heap;
            int off = r0 * d;
            if (heap == null) {
                src = scratch.bufs[w];
                off = 0;
                x.copyRows(r0, r1, src, 0);
            }
            float[] tile = scratch.tiles[w];
            dots.multiply(src, off, r1 - r0, tile);
            for (int t = 0; t < m; t++) {
                double s = 0;
                for (int r = 0; r < r1 - r0; r++) {
                    float dist = Math.max(0f, norms[r0 + r] + cn[t] - 2 * tile[r * stride + t]);
                    float v = Math.min(closest[r0 + r], dist);
                    out[t * n + r0 + r] = v;
                    s += v;
                }
                partial[b * m + t] = s;
            }
        });
        double[] pots = new double[m];
        for (int b = 0; b < tasks; b++) {
            for (int t = 0; t < m; t++) {
                pots[t] += partial[b * m + t];
            }
        }
        return pots;
    }
}
