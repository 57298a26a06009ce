package org.descry.embed;

import org.descry.data.Progress;
import org.descry.data.Workers;

/**
 * UMAP's stochastic gradient descent on the cross-entropy of the fuzzy graph and the output similarities
 * (McInnes, Healy, Melville 2018, section 3.2 and algorithm 5), as umap-learn 0.5's
 * {@code optimize_layout_euclidean}: each edge is sampled every {@code epochs_per_sample} epochs
 * ({@code make_epochs_per_sample}: {@code n_epochs / (n_epochs w / max w)}), pulled by the attractive gradient
 * {@code -2ab d^(2(b-1)) / (1 + a d^(2b))} and pushed from {@code negative_sample_rate} random points per sample
 * by {@code 2 γ b / ((0.001 + d²)(1 + a d^(2b)))}, every coordinate step clipped to {@code [-4, 4]}, learning rate
 * falling linearly to 0.
 *
 * <p>Departures from umap-learn, for speed (the layout is most of a fit's time), measured not to change the
 * trustworthiness of the result (fashion case, see {@link Umap#defaults()}): the two coefficients come from the
 * tables of {@link UmapGradient} rather than two {@code pow} calls per sample ({@code pow} was three quarters of
 * the layout's time); and in two dimensions the moving point stays in registers over its negative samples, where a
 * repulsive step that is not clipped is summed and applied after the last sample, while a clipped one (a close
 * encounter) moves the point at once as in umap-learn. umap-learn moves the point after every sample, which makes
 * the samples one chain of dependent floating-point operations; deferring the small steps lets them run side by
 * side (7.5 instead of 14 ns per negative sample). Seeing every sample from the starting point, clipped ones too,
 * was as fast but let close encounters add up: on 8 blobs of 12 rows some rows landed in another blob.
 *
 * <p>Edges are cut into fixed blocks; each block draws its negative samples from its own generator seeded by
 * (seed, epoch, block). With one thread the result is therefore fixed by the seed. With more threads the blocks
 * run at once and update the shared embedding without locks (Hogwild, as umap-learn's {@code parallel=True}), so
 * the result is not bit-reproducible across runs or thread counts. A transform's epochs (the training layout
 * fixed, each new point moved only by its own edges) are the exception: they give the one-thread result on any
 * number of threads ({@code optimizeFixedTail}).
 */
final class UmapLayout {

    private static final int BLOCK = 8192;

    private UmapLayout() {}

    /** {@code make_epochs_per_sample}: {@code -1} for an edge never sampled. */
    static double[] epochsPerSample(float[] weights, int nEpochs) {
        float max = 0;
        for (float w : weights) {
            max = Math.max(max, w);
        }
        double[] out = new double[weights.length];
        for (int e = 0; e < weights.length; e++) {
            double samples = nEpochs * ((double) weights[e] / max);
            out[e] = samples > 0 ? nEpochs / samples : -1;
        }
        return out;
    }

    /**
     * Runs {@code nEpochs} epochs over the edges {@code head[e] -> tail[e]}. {@code headEmb} moves; with
     * {@code moveOther} (fitting, {@code tailEmb == headEmb}) the tail moves by the opposite attractive step.
     */
    static void optimize(float[] headEmb, float[] tailEmb, int dim, int[] head, int[] tail, double[] epochsPerSample,
            int nTail, int nEpochs, double a, double b, double gamma, double initialAlpha, double negativeSampleRate,
            boolean moveOther, long seed, int threads, Progress progress, long progressBase, long progressTotal) {
        int edges = head.length;
        double[] nextSample = epochsPerSample.clone();
        double[] perNegative = new double[edges];
        for (int e = 0; e < edges; e++) {
            perNegative[e] = epochsPerSample[e] / negativeSampleRate;
        }
        double[] nextNegative = perNegative.clone();
        UmapGradient gradient = new UmapGradient(a, b, gamma);
        int blocks = (edges + BLOCK - 1) / BLOCK;
        if (!moveOther && threads > 1 && blocks > 1 && headsInRuns(head)) {
            optimizeFixedTail(headEmb, tailEmb, dim, head, tail, epochsPerSample, nextSample, perNegative,
                    nextNegative, nTail, nEpochs, gradient, initialAlpha, seed, threads, progress, progressBase,
                    progressTotal);
            return;
        }
        for (int epoch = 0; epoch < nEpochs; epoch++) {
            double alpha = initialAlpha * (1.0 - (double) epoch / nEpochs);
            int n = epoch;
            Workers.forEach(threads, blocks, (int blk) -> {
                long state = blockState(seed, n, blk);
                ReadAhead ahead = new ReadAhead(dim);
                int end = Math.min(edges, (blk + 1) * BLOCK);
                for (int e = blk * BLOCK; e < end; e++) {
                    state = sample(e, n, alpha, state, headEmb, tailEmb, dim, head, tail, epochsPerSample,
                            nextSample, perNegative, nextNegative, nTail, gradient, moveOther, ahead);
                }
            });
            progress.step(progressBase + epoch + 1, progressTotal);
        }
    }

    private static long blockState(long seed, int epoch, int blk) {
        long state = mix(seed ^ mix(epoch * 0x9E3779B97F4A7C15L + blk));
        return state == 0 ? 1 : state;
    }

    /** Samples edge {@code e} in epoch {@code n} if it is due; returns the generator state after its draws. */
    private static long sample(int e, int n, double alpha, long state, float[] headEmb, float[] tailEmb, int dim,
            int[] head, int[] tail, double[] epochsPerSample, double[] nextSample, double[] perNegative,
            double[] nextNegative, int nTail, UmapGradient gradient, boolean moveOther, ReadAhead ahead) {
        if (nextSample[e] > n || epochsPerSample[e] < 0) {
            return state;
        }
        int j = head[e];
        int k = tail[e];
        int cj = j * dim;
        int ck = k * dim;
        double d2 = 0;
        for (int d = 0; d < dim; d++) {
            float diff = headEmb[cj + d] - tailEmb[ck + d];
            d2 += diff * diff;
        }
        double coeff = d2 > 0 ? gradient.attractive((float) d2) : 0;
        for (int d = 0; d < dim; d++) {
            double g = clip(coeff * (headEmb[cj + d] - tailEmb[ck + d]));
            headEmb[cj + d] += (float) (g * alpha);
            if (moveOther) {
                tailEmb[ck + d] += (float) (-g * alpha);
            }
        }
        nextSample[e] += epochsPerSample[e];
        int negatives = (int) ((n - nextNegative[e]) / perNegative[e]);
        state = dim == 2
                ? repelPlanar(headEmb, tailEmb, j, nTail, negatives, gradient, alpha, state)
                : moveOther ? repel(headEmb, tailEmb, dim, j, nTail, negatives, gradient, alpha, state)
                : repelFixed(headEmb, tailEmb, dim, j, nTail, negatives, gradient, alpha, state, ahead);
        nextNegative[e] += negatives * perNegative[e];
        return state;
    }

    /** Negative samples whose rows {@link #repelFixed} reads ahead. */
    private static final int AHEAD = 8;

    /** {@link #repelFixed}'s buffers, one per block of edges rather than one per sample. */
    private record ReadAhead(float[] rows, int[] index) {
        ReadAhead(int dim) {
            this(new float[AHEAD * dim], new int[AHEAD]);
        }
    }

    /**
     * {@link #repel} with the tail embedding fixed (a transform): the rows of up to {@link #AHEAD} negative samples
     * are read first (their indices come from the generator alone) and then used one after the other, so their
     * cache misses overlap instead of each waiting for the previous sample's step. Same operations, same result.
     */
    private static long repelFixed(float[] headEmb, float[] tailEmb, int dim, int j, int nTail, int negatives,
            UmapGradient gradient, double alpha, long state, ReadAhead ahead) {
        int cj = j * dim;
        float[] rows = ahead.rows();
        int[] index = ahead.index();
        for (int p0 = 0; p0 < negatives; p0 += AHEAD) {
            int count = Math.min(AHEAD, negatives - p0);
            for (int q = 0; q < count; q++) {
                state = xorshift(state);
                int o = (int) Math.unsignedMultiplyHigh(state, nTail);
                index[q] = o;
                System.arraycopy(tailEmb, o * dim, rows, q * dim, dim);
            }
            for (int q = 0; q < count; q++) {
                int co = q * dim;
                double dn = 0;
                for (int d = 0; d < dim; d++) {
                    float diff = headEmb[cj + d] - rows[co + d];
                    dn += diff * diff;
                }
                double rc;
                if (dn > 0) {
                    rc = gradient.repulsive((float) dn);
                } else if (j == index[q]) {
                    continue;
                } else {
                    rc = 0;
                }
                for (int d = 0; d < dim; d++) {
                    double g = rc > 0 ? clip(rc * (headEmb[cj + d] - rows[co + d])) : 4.0;
                    headEmb[cj + d] += (float) (g * alpha);
                }
            }
        }
        return state;
    }

    /** True when each head's edges are consecutive, heads increasing, and no head has more than a block of edges. */
    private static boolean headsInRuns(int[] head) {
        int run = 1;
        for (int e = 1; e < head.length; e++) {
            if (head[e] < head[e - 1]) {
                return false;
            }
            run = head[e] == head[e - 1] ? run + 1 : 1;
            if (run > BLOCK) {
                return false;
            }
        }
        return true;
    }

    /**
     * The epochs of a transform ({@code moveOther} false, the tail embedding fixed) on several threads with the
     * result of one thread, bit for bit. A block then writes only its own heads, except a head whose edges began
     * in the block before: each epoch runs every block without that leading run first (the run's generator draws
     * skipped, since how many a sample draws does not depend on the points: it is fixed by the sampling
     * schedule), then the leading runs, from the block's starting state, after the block before has finished.
     * Every head so sees its edges in the one-thread order with the one-thread generator states.
     */
    private static void optimizeFixedTail(float[] headEmb, float[] tailEmb, int dim, int[] head, int[] tail,
            double[] epochsPerSample, double[] nextSample, double[] perNegative, double[] nextNegative, int nTail,
            int nEpochs, UmapGradient gradient, double initialAlpha, long seed, int threads, Progress progress,
            long progressBase, long progressTotal) {
        int edges = head.length;
        int blocks = (edges + BLOCK - 1) / BLOCK;
        int[] leadEnd = new int[blocks];
        for (int blk = 0; blk < blocks; blk++) {
            int start = blk * BLOCK;
            int end = Math.min(edges, start + BLOCK);
            int e = start;
            if (blk > 0) {
                while (e < end && head[e] == head[start - 1]) {
                    e++;
                }
            }
            leadEnd[blk] = e;
        }
        for (int epoch = 0; epoch < nEpochs; epoch++) {
            double alpha = initialAlpha * (1.0 - (double) epoch / nEpochs);
            int n = epoch;
            Workers.forEach(threads, blocks, (int blk) -> {
                long state = blockState(seed, n, blk);
                ReadAhead ahead = new ReadAhead(dim);
                for (int e = blk * BLOCK; e < leadEnd[blk]; e++) {
                    if (nextSample[e] <= n && epochsPerSample[e] >= 0) {
                        int negatives = (int) ((n - nextNegative[e]) / perNegative[e]);
                        for (int p = 0; p < negatives; p++) {
                            state = xorshift(state);
                        }
                    }
                }
                int end = Math.min(edges, (blk + 1) * BLOCK);
                for (int e = leadEnd[blk]; e < end; e++) {
                    state = sample(e, n, alpha, state, headEmb, tailEmb, dim, head, tail, epochsPerSample,
                            nextSample, perNegative, nextNegative, nTail, gradient, false, ahead);
                }
            });
            Workers.forEach(threads, blocks, (int blk) -> {
                long state = blockState(seed, n, blk);
                ReadAhead ahead = new ReadAhead(dim);
                for (int e = blk * BLOCK; e < leadEnd[blk]; e++) {
                    state = sample(e, n, alpha, state, headEmb, tailEmb, dim, head, tail, epochsPerSample,
                            nextSample, perNegative, nextNegative, nTail, gradient, false, ahead);
                }
            });
            progress.step(progressBase + epoch + 1, progressTotal);
        }
    }

    /**
     * Pushes point {@code j} away from {@code negatives} random points of {@code tailEmb} one after the other, as
     * umap-learn; returns the generator state after the draws. A coincident other point pushes by 4 per
     * coordinate, and the point itself (or a coefficient of 0) is skipped, as there.
     */
    private static long repel(float[] headEmb, float[] tailEmb, int dim, int j, int nTail, int negatives,
            UmapGradient gradient, double alpha, long state) {
        int cj = j * dim;
        for (int p = 0; p < negatives; p++) {
            state = xorshift(state);
            int o = (int) Math.unsignedMultiplyHigh(state, nTail);
            int co = o * dim;
            double dn = 0;
            for (int d = 0; d < dim; d++) {
                float diff = headEmb[cj + d] - tailEmb[co + d];
                dn += diff * diff;
            }
            double rc;
            if (dn > 0) {
                rc = gradient.repulsive((float) dn);
            } else if (j == o) {
                continue;
            } else {
                rc = 0;
            }
            for (int d = 0; d < dim; d++) {
                double g = rc > 0 ? clip(rc * (headEmb[cj + d] - tailEmb[co + d])) : 4.0;
                headEmb[cj + d] += (float) (g * alpha);
            }
        }
        return state;
    }

    /**
     * {@link #repel} for two dimensions, the usual case: the point's coordinates in registers, steps below the clip
     * summed and applied after the last sample, clipped steps applied at once (see the class comment).
     */
    private static long repelPlanar(float[] headEmb, float[] tailEmb, int j, int nTail, int negatives,
            UmapGradient gradient, double alpha, long state) {
        float x = headEmb[2 * j];
        float y = headEmb[2 * j + 1];
        float rate = (float) alpha;
        float fixedStep = (float) (4.0 * alpha);
        float px = 0;
        float py = 0;
        for (int p = 0; p < negatives; p++) {
            state = xorshift(state);
            int o = (int) Math.unsignedMultiplyHigh(state, nTail);
            if (o == j && tailEmb == headEmb) {
                continue;
            }
            float dx = x - tailEmb[2 * o];
            float dy = y - tailEmb[2 * o + 1];
            float dn = dx * dx + dy * dy;
            float rc = dn > 0 ? gradient.repulsive(dn) : 0;
            float gx = rc * dx;
            float gy = rc * dy;
            if (rc > 0 && Math.abs(gx) < 4f && Math.abs(gy) < 4f) {
                px += gx;
                py += gy;
            } else if (rc > 0) {
                x += clip(gx) * rate;
                y += clip(gy) * rate;
            } else if (dn > 0 || o != j) {
                x += fixedStep;
                y += fixedStep;
            }
        }
        headEmb[2 * j] = x + px * rate;
        headEmb[2 * j + 1] = y + py * rate;
        return state;
    }

    private static long xorshift(long state) {
        state ^= state << 13;
        state ^= state >>> 7;
        return state ^ (state << 17);
    }

    private static float clip(float v) {
        return v > 4f ? 4f : (v < -4f ? -4f : v);
    }

    private static double clip(double v) {
        return v > 4 ? 4 : (v < -4 ? -4 : v);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
