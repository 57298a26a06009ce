package org.descry.embed;

import java.util.Arrays;
import org.descry.data.Workers;
import org.descry.knn.CsrGraph;
import org.descry.knn.KnnGraph;

/**
 * UMAP's fuzzy simplicial set of a neighbour graph (McInnes, Healy, Melville 2018, section 3.1 and algorithm 3),
 * as umap-learn 0.5's {@code fuzzy_simplicial_set}: per row a distance to the nearest neighbour {@code rho} and a
 * bandwidth {@code sigma} found by {@code smooth_knn_dist}'s binary search (64 steps, tolerance 1e-5, sum target
 * {@code log2(k)}, floored at 1e-3 of the mean distance), directed memberships
 * {@code exp(-(d - rho) / sigma)} ({@code compute_membership_strengths}), then the fuzzy union
 * {@code mix (A + Aᵀ - A∘Aᵀ) + (1 - mix) A∘Aᵀ} with {@code mix = set_op_mix_ratio} in float32 as scipy does it.
 *
 * <p>umap-learn's neighbour rows start with the point itself at distance 0 (its {@code n_neighbors} counts the
 * point); Descry's graphs leave the point out, so a row of {@code n_neighbors - 1} neighbours is read as
 * umap-learn's row with that 0 in front: it counts in the mean distance and is skipped by the search sum, as there.
 */
public final class FuzzySimplicialSet {

    static final double SMOOTH_K_TOLERANCE = 1e-5;
    static final double MIN_K_DIST_SCALE = 1e-3;
    private static final int N_ITER = 64;
    private static final int BLOCK = 4096;

    private FuzzySimplicialSet() {}

    /**
     * The fuzzy graph of a self-excluded neighbour graph of {@code nNeighbors - 1} neighbours per row with
     * umap-learn's defaults ({@code set_op_mix_ratio} 1, {@code local_connectivity} 1): scanpy's
     * {@code connectivities}, the weighted graph its Leiden and Louvain clustering run on.
     */
    public static CsrGraph of(KnnGraph knn, int nNeighbors, int threads) {
        return fit(knn, nNeighbors, 1.0, 1.0, threads);
    }

    /** {@code sigmas} and {@code rhos} of every row, as {@code smooth_knn_dist} returns them. */
    record Bandwidths(float[] sigmas, float[] rhos) {}

    /**
     * {@code smooth_knn_dist} on {@code rows} rows of {@code width} distances each (umap-learn's layout: the
     * first column takes part in {@code rho} and the means, not in the search sum).
     */
    static Bandwidths smoothKnnDist(float[] distances, int rows, int width, double k, double localConnectivity,
            int threads) {
        float[] sigmas = new float[rows];
        float[] rhos = new float[rows];
        float meanDistances = meanFloat32(distances);
        double target = Math.log(k) / Math.log(2);
        int blocks = (rows + BLOCK - 1) / BLOCK;
        Workers.forEach(threads, blocks, (int blk) -> {
            float[] nonZero = new float[width];
            int end = Math.min(rows, (blk + 1) * BLOCK);
            for (int i = blk * BLOCK; i < end; i++) {
                int off = i * width;
                int nz = 0;
                for (int j = 0; j < width; j++) {
                    if (distances[off + j] > 0) {
                        nonZero[nz++] = distances[off + j];
                    }
                }
                float rho = 0;
                if (nz >= localConnectivity) {
                    int index = (int) Math.floor(localConnectivity);
                    double interpolation = localConnectivity - index;
                    if (index > 0) {
                        rho = nonZero[index - 1];
                        if (interpolation > SMOOTH_K_TOLERANCE) {
                            rho += (float) (interpolation * (nonZero[index] - nonZero[index - 1]));
                        }
                    } else {
                        rho = (float) (interpolation * nonZero[0]);
                    }
                } else if (nz > 0) {
                    float max = nonZero[0];
                    for (int j = 1; j < nz; j++) {
                        max = Math.max(max, nonZero[j]);
                    }
                    rho = max;
                }
                double lo = 0;
                double hi = Double.POSITIVE_INFINITY;
                double mid = 1;
                for (int it = 0; it < N_ITER; it++) {
                    double psum = 0;
                    for (int j = 1; j < width; j++) {
                        float d = distances[off + j] - rho;
                        psum += d > 0 ? Math.exp(-(d / mid)) : 1.0;
                    }
                    if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) {
                        break;
                    }
                    if (psum > target) {
                        hi = mid;
                        mid = (lo + hi) / 2;
                    } else {
                        lo = mid;
                        mid = hi == Double.POSITIVE_INFINITY ? mid * 2 : (lo + hi) / 2;
                    }
                }
                float sigma = (float) mid;
                float floor = (float) (MIN_K_DIST_SCALE
                        * (rho > 0 ? meanFloat32(distances, off, width) : meanDistances));
                sigmas[i] = Math.max(sigma, floor);
                rhos[i] = rho;
            }
        });
        return new Bandwidths(sigmas, rhos);
    }

    /** The membership of an edge at distance {@code d} from a row with {@code rho} and {@code sigma}. */
    static float membership(float d, float rho, float sigma) {
        float t = d - rho;
        if (t <= 0 || sigma == 0) {
            return 1f;
        }
        return (float) Math.exp(-(t / sigma));
    }

    /**
     * The symmetric fuzzy graph of a self-excluded neighbour graph built for {@code nNeighbors} (so with
     * {@code nNeighbors - 1} neighbours per row).
     */
    static CsrGraph fit(KnnGraph knn, int nNeighbors, double setOpMixRatio, double localConnectivity, int threads) {
        int n = knn.rows();
        int kk = knn.k();
        if (kk != nNeighbors - 1 || !knn.selfExcluded()) {
            throw new IllegalArgumentException("expected a self-excluded graph of " + (nNeighbors - 1)
                    + " neighbours, got k=" + kk);
        }
        int[] idx = knn.indices();
        float[] dist = knn.distances();
        float[] rowsWithSelf = new float[n * nNeighbors];
        for (int i = 0; i < n; i++) {
            System.arraycopy(dist, i * kk, rowsWithSelf, i * nNeighbors + 1, kk);
        }
        Bandwidths bw = smoothKnnDist(rowsWithSelf, n, nNeighbors, nNeighbors, localConnectivity, threads);
        float[] w = new float[n * kk];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < kk; j++) {
                w[i * kk + j] = membership(dist[i * kk + j], bw.rhos()[i], bw.sigmas()[i]);
            }
        }
        return union(n, kk, idx, w, (float) setOpMixRatio);
    }

    /** The fuzzy union of the directed graph with {@code k} edges per row ({@code idx}, weights {@code w}). */
    static CsrGraph union(int n, int k, int[] idx, float[] w, float mix) {
        int[] ptr = new int[n + 1];
        int[] col = new int[n * k];
        float[] val = new float[n * k];
        long[] keys = new long[k];
        int nnz = 0;
        for (int i = 0; i < n; i++) {
            int m = 0;
            for (int j = 0; j < k; j++) {
                float v = w[i * k + j];
                if (v != 0) {
                    keys[m++] = ((long) idx[i * k + j] << 32) | (i * k + j);
                }
            }
            Arrays.sort(keys, 0, m);
            int rowStart = nnz;
            for (int t = 0; t < m; t++) {
                int c = (int) (keys[t] >>> 32);
                float v = w[(int) keys[t]];
                if (nnz > rowStart && col[nnz - 1] == c) {
                    val[nnz - 1] += v;
                } else {
                    col[nnz] = c;
                    val[nnz++] = v;
                }
            }
            ptr[i + 1] = nnz;
        }
        int[] tptr = new int[n + 1];
        for (int e = 0; e < nnz; e++) {
            tptr[col[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            tptr[i + 1] += tptr[i];
        }
        int[] tcol = new int[nnz];
        float[] tval = new float[nnz];
        int[] fill = Arrays.copyOf(tptr, n);
        for (int i = 0; i < n; i++) {
            for (int e = ptr[i]; e < ptr[i + 1]; e++) {
                int at = fill[col[e]]++;
                tcol[at] = i;
                tval[at] = val[e];
            }
        }
        int[] optr = new int[n + 1];
        int[] ocol = new int[2 * nnz];
        float[] oval = new float[2 * nnz];
        int out = 0;
        float keep = 1f - mix;
        for (int i = 0; i < n; i++) {
            int p = ptr[i];
            int q = tptr[i];
            while (p < ptr[i + 1] || q < tptr[i + 1]) {
                int cp = p < ptr[i + 1] ? col[p] : Integer.MAX_VALUE;
                int cq = q < tptr[i + 1] ? tcol[q] : Integer.MAX_VALUE;
                int c = Math.min(cp, cq);
                float a = cp == c ? val[p++] : 0f;
                float b = cq == c ? tval[q++] : 0f;
                float prod = a * b;
                float v = mix * ((a + b) - prod) + keep * prod;
                if (v != 0) {
                    ocol[out] = c;
                    oval[out++] = v;
                }
            }
            optr[i + 1] = out;
        }
        return new CsrGraph(n, n, optr, Arrays.copyOf(ocol, out), Arrays.copyOf(oval, out));
    }

    /** numpy's float32 {@code mean}: pairwise summation in float32 over blocks of 8, divided in float32. */
    static float meanFloat32(float[] a) {
        return meanFloat32(a, 0, a.length);
    }

    static float meanFloat32(float[] a, int off, int len) {
        return (float) (pairwise(a, off, len) / len);
    }

    private static float pairwise(float[] a, int off, int n) {
        if (n < 8) {
            float s = 0;
            for (int i = 0; i < n; i++) {
                s += a[off + i];
            }
            return s;
        }
        if (n <= 128) {
            float r0 = a[off];
            float r1 = a[off + 1];
            float r2 = a[off + 2];
            float r3 = a[off + 3];
            float r4 = a[off + 4];
            float r5 = a[off + 5];
            float r6 = a[off + 6];
            float r7 = a[off + 7];
            int i;
            for (i = 8; i < n - n % 8; i += 8) {
                r0 += a[off + i];
                r1 += a[off + i + 1];
                r2 += a[off + i + 2];
                r3 += a[off + i + 3];
                r4 += a[off + i + 4];
                r5 += a[off + i + 5];
                r6 += a[off + i + 6];
                r7 += a[off + i + 7];
            }
            float s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                s += a[off + i];
            }
            return s;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwise(a, off, n2) + pairwise(a, off + n2, n - n2);
    }
}
