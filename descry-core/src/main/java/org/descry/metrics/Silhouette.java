package org.descry.metrics;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.linalg.LaneSum;
import org.descry.linalg.Kernels;

/**
 * The silhouette coefficient of every row, {@code (b - a) / max(a, b)} with {@code a} the mean distance to the
 * other rows of its cluster and {@code b} the smallest mean distance to the rows of another cluster, and their
 * mean; from -1 (wrong cluster) to 1 (well separated).
 *
 * <p>P. J. Rousseeuw, "Silhouettes: a graphical aid to the interpretation and validation of cluster analysis",
 * Journal of Computational and Applied Mathematics 20, 53-65, 1987. Follows scikit-learn 1.2.1
 * {@code silhouette_samples} / {@code silhouette_score} with the Euclidean metric: a row alone in its cluster
 * scores 0, as does any 0/0; {@link #sampledScore} draws the same rows as {@code sample_size} with an integer
 * {@code random_state} (numpy's {@code RandomState(seed).permutation}).
 *
 * <p>The distances are never held as an {@code n x n} matrix: the rows, sorted by cluster and centred on their
 * mean, are multiplied in {@value #TILE} x {@value #TILE} tiles ({@link Kernels#multiplyTransposed} into one
 * reused array per thread), each tile turned into distances {@code sqrt(||x||^2 + ||y||^2 - 2 x·y)} in place
 * and summed per cluster run (in float over at most {@code 4L} terms per lane, then in double) into double
 * accumulators. Only tiles on or above the diagonal are computed; each
 * serves both its rows and its columns. Centring keeps {@code ||x||^2} near the size of the distances, and a
 * pair whose squared distance falls below {@code 1/64} of {@code ||x||^2 + ||y||^2}, where the float32
 * cancellation would show, is recomputed directly as {@code ||x - y||^2}. Memory is {@code n x d} floats for the
 * sorted copy plus {@code threads x n x k} doubles (or {@code TILE x k} per thread when that would exceed 256 MB,
 * then without the symmetry), so any {@code n} is exact; the time is {@code O(n^2 d)}, about 0.2 s for
 * {@code n = 10,000}, {@code d = 250} and ten times that for {@code d = 2560} on two cores: above a few tens of
 * thousands of rows use {@link #sampledScore}.
 *
 * <p>Accuracy: a distance just above the recompute threshold carries about {@code 64 u} relative error from the
 * float32 products; these errors have random signs and average out in the per-cluster means, so the mean score
 * matches scikit-learn to better than {@code 1e-5} relative on the committed fixtures, and single coefficients to
 * about {@code 1e-6} (up to {@code 1e-5} for coefficients near 0 when clusters sit much farther apart than their
 * spread).
 */
public final class Silhouette {

    /** Tile side of the blocked distance computation. */
    public static final int TILE = 1024;

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final float CLOSE = 1f / 64;
    private static final long SYMMETRIC_LIMIT = 1L << 25;

    private Silhouette() {}

    /** Per-row coefficients, noise rows left out (NaN there). */
    public static double[] samples(FloatMatrix x, int[] labels) {
        return samples(x, labels, Noise.EXCLUDE, Progress.NONE);
    }

    /**
     * Per-row coefficients as scikit-learn's {@code silhouette_samples}; rows left out as noise get NaN.
     * Progress counts tiles.
     *
     * @throws DescryException unless {@code 2 <= clusters <= rows - 1}, or when {@code x} is not finite
     */
    public static double[] samples(FloatMatrix x, int[] labels, Noise noise, Progress progress) {
        Objects.requireNonNull(x, "x");
        ClusterLabels cl = ClusterLabels.clustering(labels, x.rows(), noise);
        int[] rows = new int[cl.kept];
        for (int r = 0, j = 0; r < x.rows(); r++) {
            if (cl.code[r] >= 0) {
                rows[j++] = r;
            }
        }
        double[] s = compute(x, rows, entryCodes(rows, cl), cl, progress);
        double[] out = new double[x.rows()];
        java.util.Arrays.fill(out, Double.NaN);
        for (int i = 0; i < rows.length; i++) {
            out[rows[i]] = s[i];
        }
        return out;
    }

    /** The mean coefficient over all rows, noise rows left out. */
    public static double score(FloatMatrix x, int[] labels) {
        return score(x, labels, Noise.EXCLUDE);
    }

    /** The mean coefficient over all rows (noise as {@code noise} says): scikit-learn's {@code silhouette_score}. */
    public static double score(FloatMatrix x, int[] labels, Noise noise) {
        Objects.requireNonNull(x, "x");
        ClusterLabels cl = ClusterLabels.clustering(labels, x.rows(), noise);
        int[] rows = new int[cl.kept];
        for (int r = 0, j = 0; r < x.rows(); r++) {
            if (cl.code[r] >= 0) {
                rows[j++] = r;
            }
        }
        return mean(compute(x, rows, entryCodes(rows, cl), cl, Progress.NONE));
    }

    /**
     * The mean coefficient over {@code min(sampleSize, rows)} rows drawn as scikit-learn's
     * {@code silhouette_score(X, labels, sample_size=sampleSize, random_state=seed)} draws them (from the rows
     * left after noise, when noise is excluded). Distances are within the sample.
     *
     * @throws DescryException when {@code sampleSize < 1}, {@code seed} is outside {@code [0, 2^32)}, or the
     *     sample holds fewer than 2 or all-distinct clusters
     */
    public static double sampledScore(FloatMatrix x, int[] labels, int sampleSize, long seed, Noise noise,
            Progress progress) {
        Objects.requireNonNull(x, "x");
        if (sampleSize < 1) {
            throw new DescryException("sampleSize must be >= 1, got " + sampleSize);
        }
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new DescryException("seed must be in [0, 2^32 - 1], got " + seed);
        }
        ClusterLabels all = ClusterLabels.clustering(labels, x.rows(), noise);
        int[] kept = new int[all.kept];
        for (int r = 0, j = 0; r < x.rows(); r++) {
            if (all.code[r] >= 0) {
                kept[j++] = r;
            }
        }
        int[] perm = new NumpyRandomState(seed).permutation(kept.length);
        int m = Math.min(sampleSize, kept.length);
        int[] rows = new int[m];
        int[] sampleLabels = new int[m];
        for (int i = 0; i < m; i++) {
            rows[i] = kept[perm[i]];
            sampleLabels[i] = labels[rows[i]];
        }
        ClusterLabels cl = ClusterLabels.of(sampleLabels, null);
        return mean(compute(x, rows, cl.code, cl, progress));
    }

    /** {@link #sampledScore(FloatMatrix, int[], int, long, Noise, Progress)} leaving noise out. */
    public static double sampledScore(FloatMatrix x, int[] labels, int sampleSize, long seed) {
        return sampledScore(x, labels, sampleSize, seed, Noise.EXCLUDE, Progress.NONE);
    }

    private static double mean(double[] s) {
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return sum / s.length;
    }

    private static int[] entryCodes(int[] rows, ClusterLabels cl) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = cl.code[rows[i]];
        }
        return out;
    }

    /** Coefficients of {@code rows} of {@code x}, whose cluster codes are {@code rowCode} (counts in {@code cl}). */
    private static double[] compute(FloatMatrix x, int[] rows, int[] rowCode, ClusterLabels cl,
            Progress progress) {
        int m = rows.length;
        int k = cl.k();
        Checks.internalRange(k, m);
        int[] start = new int[k + 1];
        for (int c = 0; c < k; c++) {
            start[c + 1] = start[c] + cl.counts[c];
        }
        int[] next = start.clone();
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            int c = rowCode[i];
            order[next[c]++] = i;
        }
        int[] code = new int[m];
        for (int c = 0; c < k; c++) {
            java.util.Arrays.fill(code, start[c], start[c + 1], c);
        }

        int d = x.cols();
        if ((long) m * d > Integer.MAX_VALUE - 8) {
            throw new DescryException("silhouette: " + m + " rows x " + d + " columns do not fit one array;"
                    + " use a sample");
        }
        float[] g = new float[m * d];
        float[] norms = gatherCentred(x, rows, order, g);
        FloatMatrix gm = FloatMatrix.wrap(g, m, d);

        int threads = Workers.defaultThreads();
        int nb = (m + TILE - 1) / TILE;
        boolean symmetric = (long) threads * m * k <= SYMMETRIC_LIMIT;
        long tasks = symmetric ? (long) nb * (nb + 1) / 2 : nb;
        long totalTiles = symmetric ? tasks : (long) nb * nb;
        AtomicInteger nextTask = new AtomicInteger();
        AtomicLong tilesDone = new AtomicLong();
        double[] result = new double[m];
        Kernels kernels = Kernels.best().withThreads(1);
        int workers = (int) Math.max(1, Math.min(threads, tasks));

        List<double[]> accs = IntStream.range(0, workers).parallel().mapToObj(w -> {
            float[] tile = new float[TILE * TILE];
            double[] colRun = new double[TILE];
            double[] acc = new double[symmetric ? m * k : TILE * k];
            for (int t = nextTask.getAndIncrement(); t < tasks; t = nextTask.getAndIncrement()) {
                if (symmetric) {
                    int bi = 0;
                    int rem = t;
                    while (rem >= nb - bi) {
                        rem -= nb - bi;
                        bi++;
                    }
                    int bj = bi + rem;
                    Tile tl = new Tile(bi * TILE, Math.min(m, bi * TILE + TILE), bj * TILE,
                            Math.min(m, bj * TILE + TILE));
                    distances(kernels, gm, g, norms, tl, tile);
                    rowSums(tile, tl, code, start, acc, 0, k);
                    if (bi != bj) {
                        colSums(tile, tl, code, start, acc, k, colRun);
                    }
                    progress.step(tilesDone.incrementAndGet(), totalTiles);
                } else {
                    int i0 = t * TILE;
                    int i1 = Math.min(m, i0 + TILE);
                    java.util.Arrays.fill(acc, 0);
                    for (int bj = 0; bj < nb; bj++) {
                        Tile tl = new Tile(i0, i1, bj * TILE, Math.min(m, bj * TILE + TILE));
                        distances(kernels, gm, g, norms, tl, tile);
                        rowSums(tile, tl, code, start, acc, i0, k);
                        progress.step(tilesDone.incrementAndGet(), totalTiles);
                    }
                    finish(acc, i0, i0, i1, code, cl.counts, k, result);
                }
            }
            return acc;
        }).toList();

        if (symmetric) {
            double[] acc = accs.get(0);
            for (int w = 1; w < accs.size(); w++) {
                double[] a = accs.get(w);
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += a[i];
                }
            }
            finish(acc, 0, 0, m, code, cl.counts, k, result);
        }
        double[] out = new double[m];
        for (int p = 0; p < m; p++) {
            out[order[p]] = result[p];
        }
        return out;
    }

    private record Tile(int i0, int i1, int j0, int j1) {
        int width() {
            return j1 - j0;
        }
    }

    /** Copies the chosen rows in cluster order, minus their mean, into {@code g}; returns squared norms. */
    private static float[] gatherCentred(FloatMatrix x, int[] rows, int[] order, float[] g) {
        int m = rows.length;
        int d = x.cols();
        float[] row = new float[d];
        double[] mean = new double[d];
        for (int r : rows) {
            x.copyRow(r, row, 0);
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= m;
            if (!Double.isFinite(mean[j])) {
                throw new DescryException("x: column " + j + " holds NaN or infinite values; metrics need finite"
                        + " values");
            }
        }
        float[] norms = new float[m];
        for (int p = 0; p < m; p++) {
            x.copyRow(rows[order[p]], row, 0);
            double s = 0;
            int o = p * d;
            for (int j = 0; j < d; j++) {
                float v = (float) (row[j] - mean[j]);
                g[o + j] = v;
                s += (double) v * v;
            }
            norms[p] = (float) s;
        }
        return norms;
    }

    /** The tile's dot products, then Euclidean distances in place (zero on the diagonal). */
    private static void distances(Kernels kernels, FloatMatrix gm, float[] g, float[] norms, Tile t,
            float[] tile) {
        kernels.multiplyTransposed(gm, t.i0, t.i1, gm, t.j0, t.j1, tile);
        int w = t.width();
        int d = gm.cols();
        int bound = SPECIES.loopBound(w);
        for (int i = 0; i < t.i1 - t.i0; i++) {
            float ni = norms[t.i0 + i];
            int o = i * w;
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector dot = FloatVector.fromArray(SPECIES, tile, o + j);
                FloatVector sum = FloatVector.fromArray(SPECIES, norms, t.j0 + j).add(ni);
                FloatVector d2 = dot.fma(FloatVector.broadcast(SPECIES, -2f), sum);
                VectorMask<Float> close = d2.lt(sum.mul(CLOSE));
                d2.max(0f).lanewise(VectorOperators.SQRT).intoArray(tile, o + j);
                if (close.anyTrue()) {
                    for (int l = 0; l < SPECIES.length(); l++) {
                        if (close.laneIsSet(l)) {
                            tile[o + j + l] = exact(kernels, g, t.i0 + i, t.j0 + j + l, d);
                        }
                    }
                }
            }
            for (; j < w; j++) {
                float sum = ni + norms[t.j0 + j];
                float d2 = Math.fma(-2f, tile[o + j], sum);
                tile[o + j] = d2 < sum * CLOSE ? exact(kernels, g, t.i0 + i, t.j0 + j, d)
                        : (float) Math.sqrt(Math.max(d2, 0f));
            }
        }
        if (t.i0 == t.j0) {
            for (int i = 0; i < t.i1 - t.i0; i++) {
                tile[i * w + i] = 0f;
            }
        }
    }

    private static float exact(Kernels kernels, float[] g, int p, int q, int d) {
        return (float) Math.sqrt(kernels.squaredDistance(g, p * d, g, q * d, d));
    }

    /** Adds, for each tile row, its distances to each cluster's columns into {@code acc[(row - base) * k + c]}. */
    private static void rowSums(float[] tile, Tile t, int[] code, int[] start, double[] acc, int base, int k) {
        int w = t.width();
        int cFirst = code[t.j0];
        int cLast = code[t.j1 - 1];
        for (int i = 0; i < t.i1 - t.i0; i++) {
            int o = i * w;
            int a = (t.i0 + i - base) * k;
            for (int c = cFirst; c <= cLast; c++) {
                int from = Math.max(start[c], t.j0) - t.j0;
                int to = Math.min(start[c + 1], t.j1) - t.j0;
                if (to > from) {
                    acc[a + c] += sum(tile, o + from, o + to);
                }
            }
        }
    }

    /** Adds, for each tile column, its distances to each cluster's rows into {@code acc[col * k + c]}. */
    private static void colSums(float[] tile, Tile t, int[] code, int[] start, double[] acc, int k,
            double[] colRun) {
        int w = t.width();
        for (int c = code[t.i0]; c <= code[t.i1 - 1]; c++) {
            int from = Math.max(start[c], t.i0) - t.i0;
            int to = Math.min(start[c + 1], t.i1) - t.i0;
            if (to <= from) {
                continue;
            }
            java.util.Arrays.fill(colRun, 0, w, 0.0);
            for (int i = from; i < to; i++) {
                int o = i * w;
                for (int j = 0; j < w; j++) {
                    colRun[j] += tile[o + j];
                }
            }
            for (int j = 0; j < w; j++) {
                acc[(t.j0 + j) * k + c] += colRun[j];
            }
        }
    }

    /** {@code a[from .. to)} summed in float vectors over 4-vector chunks, the chunks in double. */
    private static double sum(float[] a, int from, int to) {
        int step = SPECIES.length();
        double r = 0;
        int i = from;
        for (int bound = to - 4 * step; i <= bound; i += 4 * step) {
            r += LaneSum.of(FloatVector.fromArray(SPECIES, a, i).add(FloatVector.fromArray(SPECIES, a, i + step))
                    .add(FloatVector.fromArray(SPECIES, a, i + 2 * step).add(FloatVector.fromArray(SPECIES, a,
                            i + 3 * step))));
        }
        for (; i < to; i++) {
            r += a[i];
        }
        return r;
    }

    /** scikit-learn's {@code _silhouette_reduce} and the division that follows, for sorted rows {@code [from, to)}. */
    private static void finish(double[] acc, int base, int from, int to, int[] code, int[] counts, int k,
            double[] result) {
        for (int p = from; p < to; p++) {
            int c = code[p];
            int a = (p - base) * k;
            double intra = acc[a + c] / (counts[c] - 1);
            double inter = Double.POSITIVE_INFINITY;
            for (int o = 0; o < k; o++) {
                if (o != c) {
                    inter = Math.min(inter, acc[a + o] / counts[o]);
                }
            }
            double s = (inter - intra) / Math.max(intra, inter);
            result[p] = Double.isNaN(s) ? 0.0 : s;
        }
    }
}
