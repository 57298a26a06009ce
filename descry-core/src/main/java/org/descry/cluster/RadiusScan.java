package org.descry.cluster;

import java.util.concurrent.atomic.AtomicLong;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.knn.Metric;
import org.descry.linalg.Kernels;

/**
 * Radius neighbourhoods without storing them: every pair of a query row and a reference row whose distance is
 * at most {@code radius} is handed to a {@link Sink}, block by block, so DBSCAN's passes need memory linear in
 * the row count however dense the neighbourhoods are (scikit-learn keeps every neighbourhood as an array,
 * which is what makes it run out of memory at full size).
 *
 * <p>Blocks of query rows are multiplied with blocks of reference rows by the product kernel
 * ({@link Kernels#multiplyTransposed(FloatMatrix, int, int, FloatMatrix, int, int, float[])}), on rows centred
 * on the reference mean (Euclidean) or scaled to unit length (cosine). The float32 expansion only screens:
 * a pair whose estimate is within a generous rounding bound of the radius or below is recomputed from the
 * original float values in double ({@link Metric#exact}) and that value decides, so membership is that of an
 * exact double computation, as scikit-learn's tree queries on float64 input give it. Pairs are delivered per
 * query row in increasing reference order; a query block is one task, so a sink may write per-query state
 * without locks.
 */
final class RadiusScan {

    static final int QUERY_BLOCK = 256;
    static final int REFERENCE_BLOCK = 1024;

    /** Receives one pair within the radius: positions in the query and reference lists, and the distance. */
    @FunctionalInterface
    interface Sink {
        void accept(int worker, int query, int reference, double distance);
    }

    private final FloatMatrix queries;
    private final int[] queryRows;
    private final FloatMatrix references;
    private final int[] referenceRows;
    private final Metric metric;
    private final int d;
    private final float[] mean;

    /**
     * @param queryRows     rows of {@code queries} to scan, ascending, or null for all
     * @param referenceRows rows of {@code references} to scan against, ascending, or null for all
     */
    RadiusScan(FloatMatrix queries, int[] queryRows, FloatMatrix references, int[] referenceRows, Metric metric) {
        this.queries = queries;
        this.queryRows = queryRows;
        this.references = references;
        this.referenceRows = referenceRows;
        this.metric = metric;
        this.d = references.cols();
        this.mean = metric == Metric.EUCLIDEAN ? referenceMean() : null;
    }

    int queryCount() {
        return queryRows == null ? queries.rows() : queryRows.length;
    }

    int referenceCount() {
        return referenceRows == null ? references.rows() : referenceRows.length;
    }

    private float[] referenceMean() {
        int m = referenceCount();
        double[] sum = new double[d];
        float[] buf = new float[REFERENCE_BLOCK * d];
        for (int r0 = 0; r0 < m; r0 += REFERENCE_BLOCK) {
            int r1 = Math.min(m, r0 + REFERENCE_BLOCK);
            gather(references, referenceRows, r0, r1, buf);
            for (int i = 0; i < (r1 - r0) * d; i++) {
                sum[i % d] += buf[i];
            }
        }
        float[] out = new float[d];
        for (int c = 0; c < d; c++) {
            out[c] = m == 0 ? 0f : (float) (sum[c] / m);
        }
        return out;
    }

    private static void gather(FloatMatrix x, int[] rows, int from, int to, float[] dst) {
        if (rows == null) {
            x.copyRows(from, to, dst, 0);
            return;
        }
        int d = x.cols();
        for (int i = from; i < to; i++) {
            x.copyRow(rows[i], dst, (i - from) * d);
        }
    }

    /** Centred (Euclidean) or unit (cosine) copies of {@code raw} rows into {@code prepared}, with their norms. */
    private void prepare(float[] raw, int count, float[] prepared, float[] norms) {
        for (int r = 0; r < count; r++) {
            int o = r * d;
            if (metric == Metric.EUCLIDEAN) {
                float s = 0;
                for (int c = 0; c < d; c++) {
                    float v = raw[o + c] - mean[c];
                    prepared[o + c] = v;
                    s += v * v;
                }
                norms[r] = s;
            } else {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += (double) raw[o + c] * raw[o + c];
                }
                float inv = s == 0 ? 0f : (float) (1.0 / Math.sqrt(s));
                for (int c = 0; c < d; c++) {
                    prepared[o + c] = raw[o + c] * inv;
                }
                norms[r] = 1f;
            }
        }
    }

    /**
     * Hands every pair within {@code radius} (inclusive) to {@code sink}. With {@code lowerOnly}, only pairs whose
     * reference position is below the query position (each unordered pair of one list with itself once, the
     * self pair never): the reference and query lists must then be the same.
     */
    void run(double radius, boolean lowerOnly, int threads, Sink sink, Progress progress) {
        run(radius, lowerOnly, true, threads, sink, progress);
    }

    /**
     * As above; without {@code distances} a pair whose estimate is inside the radius by more than the rounding
     * bound is handed over with distance NaN, skipping the recomputation (membership is still exact).
     */
    void run(double radius, boolean lowerOnly, boolean distances, int threads, Sink sink, Progress progress) {
        int n = queryCount();
        int m = referenceCount();
        int tasks = (n + QUERY_BLOCK - 1) / QUERY_BLOCK;
        Kernels kernels = Kernels.best().withThreads(1);
        double r2 = radius * radius;
        double relative = 2e-6 * Math.sqrt(d) + 1e-6;
        AtomicLong done = new AtomicLong();
        long total = lowerOnly ? (long) n * (n + 1) / 2 : (long) n * m;
        Scratch[] scratch = new Scratch[Workers.workers(threads, tasks)];
        Workers.forEach(threads, tasks, (w, t) -> {
            int q0 = t * QUERY_BLOCK;
            int q1 = Math.min(n, q0 + QUERY_BLOCK);
            int qn = q1 - q0;
            if (scratch[w] == null) {
                scratch[w] = new Scratch(d);
            }
            Scratch s = scratch[w];
            float[] qRaw = s.qRaw;
            float[] qPrep = s.qPrep;
            float[] qNorm = s.qNorm;
            float[] rRaw = s.rRaw;
            float[] rPrep = s.rPrep;
            float[] rNorm = s.rNorm;
            float[] tile = s.tile;
            FloatMatrix qm = s.qm;
            FloatMatrix rm = s.rm;
            gather(queries, queryRows, q0, q1, qRaw);
            prepare(qRaw, qn, qPrep, qNorm);
            int rEnd = lowerOnly ? q1 : m;
            for (int r0 = 0; r0 < rEnd; r0 += REFERENCE_BLOCK) {
                int r1 = Math.min(rEnd, r0 + REFERENCE_BLOCK);
                int rn = r1 - r0;
                gather(references, referenceRows, r0, r1, rRaw);
                prepare(rRaw, rn, rPrep, rNorm);
                kernels.multiplyTransposed(qm, 0, qn, rm, 0, rn, tile);
                for (int q = 0; q < qn; q++) {
                    int qi = q0 + q;
                    int limit = lowerOnly ? Math.min(rn, qi - r0) : rn;
                    int base = q * rn;
                    float nq = qNorm[q];
                    for (int r = 0; r < limit; r++) {
                        double estimate;
                        double slack;
                        if (metric == Metric.EUCLIDEAN) {
                            estimate = (double) nq + rNorm[r] - 2.0 * tile[base + r];
                            slack = relative * ((double) nq + rNorm[r]) + 1e-30;
                            if (estimate > r2 + slack) {
                                continue;
                            }
                            if (!distances && estimate < r2 - slack) {
                                sink.accept(w, qi, r0 + r, Double.NaN);
                                continue;
                            }
                        } else {
                            estimate = 1.0 - tile[base + r];
                            slack = relative;
                            if (estimate > radius + slack) {
                                continue;
                            }
                            if (!distances && estimate < radius - slack) {
                                sink.accept(w, qi, r0 + r, Double.NaN);
                                continue;
                            }
                        }
                        double exact = metric.exact(qRaw, q * d, rRaw, r * d, d);
                        if (exact <= radius) {
                            sink.accept(w, qi, r0 + r, exact);
                        }
                    }
                }
            }
            progress.step(done.addAndGet(lowerOnly ? (long) qn * (q0 + q1 + 1) / 2 : (long) qn * m), total);
        });
    }

    private static final class Scratch {
        final float[] qRaw;
        final float[] qPrep;
        final float[] qNorm = new float[QUERY_BLOCK];
        final float[] rRaw;
        final float[] rPrep;
        final float[] rNorm = new float[REFERENCE_BLOCK];
        final float[] tile = new float[QUERY_BLOCK * REFERENCE_BLOCK];
        final FloatMatrix qm;
        final FloatMatrix rm;

        Scratch(int d) {
            qRaw = new float[QUERY_BLOCK * d];
            qPrep = new float[QUERY_BLOCK * d];
            rRaw = new float[REFERENCE_BLOCK * d];
            rPrep = new float[REFERENCE_BLOCK * d];
            qm = FloatMatrix.wrap(qPrep, QUERY_BLOCK, d);
            rm = FloatMatrix.wrap(rPrep, REFERENCE_BLOCK, d);
        }
    }
}
