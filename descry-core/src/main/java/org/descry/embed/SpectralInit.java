package org.descry.embed;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.data.Workers;
import org.descry.knn.CsrGraph;

/**
 * UMAP's spectral initialisation, umap-learn 0.5's {@code spectral_layout}: the eigenvectors of the 2nd to
 * {@code (dim + 1)}-th smallest eigenvalues of the normalised Laplacian {@code L = I - D^-1/2 W D^-1/2} of the
 * fuzzy graph. umap-learn asks ARPACK ({@code eigsh(L, which="SM", tol=1e-4)}); here the largest eigenpairs of
 * {@code 2I - L = I + D^-1/2 W D^-1/2} (spectrum in {@code [0, 2]}) come from {@link LanczosEigen} with the
 * trivial eigenvector {@code D^1/2 1} deflated, the same tolerance and a cap of {@value #MAX_RESTARTS} restarts;
 * graphs of at most {@value #DENSE_LIMIT} rows are solved densely. When the solver does not converge the layout is
 * uniform random in {@code [-10, 10]}, as umap-learn falls back when ARPACK fails.
 *
 * <p>A disconnected graph is laid out as umap-learn's {@code multi_component_layout}: each component gets a
 * centre (up to {@code 2 dim} components: {@code ±} unit vectors, as there; beyond that, where umap-learn embeds
 * the component centroids spectrally, the projection of the centroids on their {@code dim} principal axes,
 * scaled to at most 1), and is laid out by its own spectral layout (random for components of fewer than
 * {@code 2 dim} or at most {@code dim + 1} rows) scaled to half the distance to the nearest other centre.
 */
final class SpectralInit {

    static final int DENSE_LIMIT = 150;
    static final int MAX_RESTARTS = 400;
    static final double TOL = 1e-4;
    static final int NCV = 40;

    private SpectralInit() {}

    /** The coordinates ({@code n x dim} row-major) and how they were made. */
    record Layout(float[] coords, String method) {}

    static Layout layout(CsrGraph g, int dim, FloatMatrix data, long seed, int threads) {
        int n = g.rows();
        int[] label = new int[n];
        int components = components(g, label);
        if (components == 1) {
            float[] c = spectral(g, dim, seed, threads);
            if (c == null) {
                return new Layout(random(n, dim, 10, new SplittableRandom(seed)), "random (eigen solver did not converge)");
            }
            return new Layout(c, "spectral");
        }
        return new Layout(multiComponent(g, dim, data, label, components, seed, threads),
                "spectral per component (" + components + " components)");
    }

    /** The spectral coordinates of a connected graph, or null when the eigen solver does not converge. */
    static float[] spectral(CsrGraph g, int dim, long seed, int threads) {
        double[] vectors = eigenvectors(g, dim, seed, threads);
        if (vectors == null) {
            return null;
        }
        int n = g.rows();
        float[] out = new float[n * dim];
        for (int c = 0; c < dim; c++) {
            for (int i = 0; i < n; i++) {
                out[i * dim + c] = (float) vectors[c * n + i];
            }
        }
        return out;
    }

    /**
     * The unit eigenvectors of {@code L} for its 2nd to {@code (dim + 1)}-th smallest eigenvalues, vector
     * {@code c} at {@code [c n, (c + 1) n)}, or null when the solver does not converge.
     */
    static double[] eigenvectors(CsrGraph g, int dim, long seed, int threads) {
        return eigenvectors(g, dim, seed, threads, DENSE_LIMIT);
    }

    static double[] eigenvectors(CsrGraph g, int dim, long seed, int threads, int denseLimit) {
        int n = g.rows();
        double[] dinv = new double[n];
        double[] u0 = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double deg = 0;
            for (int e = g.indptr()[i]; e < g.indptr()[i + 1]; e++) {
                deg += g.data()[e];
            }
            dinv[i] = 1 / Math.sqrt(deg);
            u0[i] = Math.sqrt(deg);
            norm += deg;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < n; i++) {
            u0[i] /= norm;
        }
        if (n <= denseLimit) {
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++) {
                a[i * n + i] += 1;
                for (int e = g.indptr()[i]; e < g.indptr()[i + 1]; e++) {
                    int j = g.indices()[e];
                    a[i * n + j] += dinv[i] * g.data()[e] * dinv[j];
                }
            }
            double[] values = new double[n];
            double[] vec = new double[n * n];
            JacobiEigen.decompose(a, n, values, vec);
            double[] out = new double[dim * n];
            for (int c = 0; c < dim; c++) {
                for (int i = 0; i < n; i++) {
                    out[c * n + i] = vec[i * n + c + 1];
                }
            }
            return out;
        }
        int[] ptr = g.indptr();
        int[] idx = g.indices();
        float[] w = g.data();
        int blocks = (n + 4095) / 4096;
        LanczosEigen.Operator op = (x, y) -> Workers.forEach(threads, blocks, (int b) -> {
            int to = Math.min(n, (b + 1) * 4096);
            for (int i = b * 4096; i < to; i++) {
                double s = 0;
                for (int e = ptr[i]; e < ptr[i + 1]; e++) {
                    int j = idx[e];
                    s += w[e] * dinv[j] * x[j];
                }
                y[i] = x[i] + dinv[i] * s;
            }
        });
        LanczosEigen.Result r = LanczosEigen.largest(op, n, dim, u0, Math.max(NCV, 4 * (dim + 1)), TOL, MAX_RESTARTS,
                seed, threads);
        return r.converged() ? r.vectors() : null;
    }

    /** Connected components by breadth-first search; labels in order of each component's first row. */
    static int components(CsrGraph g, int[] label) {
        int n = g.rows();
        Arrays.fill(label, -1);
        int[] queue = new int[n];
        int count = 0;
        for (int s = 0; s < n; s++) {
            if (label[s] >= 0) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = s;
            label[s] = count;
            while (head < tail) {
                int i = queue[head++];
                for (int e = g.indptr()[i]; e < g.indptr()[i + 1]; e++) {
                    int j = g.indices()[e];
                    if (label[j] < 0) {
                        label[j] = count;
                        queue[tail++] = j;
                    }
                }
            }
            count++;
        }
        return count;
    }

    static float[] random(int n, int dim, double range, SplittableRandom random) {
        float[] out = new float[n * dim];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (random.nextDouble(-range, range));
        }
        return out;
    }

    private static float[] multiComponent(CsrGraph g, int dim, FloatMatrix data, int[] label, int components,
            long seed, int threads) {
        int n = g.rows();
        double[] meta = metaLayout(dim, data, label, components, seed);
        int[] size = new int[components];
        for (int l : label) {
            size[l]++;
        }
        int[][] members = new int[components][];
        for (int c = 0; c < components; c++) {
            members[c] = new int[size[c]];
        }
        int[] fill = new int[components];
        for (int i = 0; i < n; i++) {
            members[label[i]][fill[label[i]]++] = i;
        }
        int[] local = new int[n];
        for (int c = 0; c < components; c++) {
            for (int t = 0; t < members[c].length; t++) {
                local[members[c][t]] = t;
            }
        }
        float[] out = new float[n * dim];
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < components; c++) {
            double range = Double.POSITIVE_INFINITY;
            for (int o = 0; o < components; o++) {
                double d2 = 0;
                for (int t = 0; t < dim; t++) {
                    double diff = meta[c * dim + t] - meta[o * dim + t];
                    d2 += diff * diff;
                }
                if (d2 > 0) {
                    range = Math.min(range, Math.sqrt(d2) / 2);
                }
            }
            if (range == Double.POSITIVE_INFINITY) {
                range = 1;
            }
            int[] rows = members[c];
            int m = rows.length;
            float[] coords = null;
            if (m >= 2 * dim && m > dim + 1) {
                CsrGraph sub = subgraph(g, rows, local);
                coords = spectral(sub, dim, seed + c, threads);
                if (coords != null) {
                    double max = 0;
                    for (float v : coords) {
                        max = Math.max(max, Math.abs(v));
                    }
                    double scale = max > 0 ? range / max : 0;
                    for (int i = 0; i < coords.length; i++) {
                        coords[i] = (float) (coords[i] * scale);
                    }
                }
            }
            if (coords == null) {
                coords = random(m, dim, range, random);
            }
            for (int t = 0; t < m; t++) {
                for (int d = 0; d < dim; d++) {
                    out[rows[t] * dim + d] = (float) (coords[t * dim + d] + meta[c * dim + d]);
                }
            }
        }
        return out;
    }

    private static CsrGraph subgraph(CsrGraph g, int[] rows, int[] local) {
        int m = rows.length;
        int[] ptr = new int[m + 1];
        for (int t = 0; t < m; t++) {
            int i = rows[t];
            ptr[t + 1] = ptr[t] + g.indptr()[i + 1] - g.indptr()[i];
        }
        int[] idx = new int[ptr[m]];
        float[] val = new float[ptr[m]];
        for (int t = 0; t < m; t++) {
            int i = rows[t];
            int at = ptr[t];
            for (int e = g.indptr()[i]; e < g.indptr()[i + 1]; e++) {
                idx[at] = local[g.indices()[e]];
                val[at++] = g.data()[e];
            }
        }
        return new CsrGraph(m, m, ptr, idx, val);
    }

    /** Component centres: {@code ±} unit vectors up to {@code 2 dim} components, else centroid principal axes. */
    private static double[] metaLayout(int dim, FloatMatrix data, int[] label, int components, long seed) {
        double[] meta = new double[components * dim];
        if (components <= 2 * dim) {
            int half = (components + 1) / 2;
            for (int c = 0; c < components; c++) {
                int axis = c % half;
                meta[c * dim + axis] = c < half ? 1 : -1;
            }
            return meta;
        }
        int cols = data.cols();
        double[] centroid = new double[components * cols];
        int[] count = new int[components];
        float[] row = new float[cols];
        for (int i = 0; i < data.rows(); i++) {
            data.copyRow(i, row, 0);
            int c = label[i];
            count[c]++;
            for (int j = 0; j < cols; j++) {
                centroid[c * cols + j] += row[j];
            }
        }
        double[] mean = new double[cols];
        for (int c = 0; c < components; c++) {
            for (int j = 0; j < cols; j++) {
                centroid[c * cols + j] /= count[c];
                mean[j] += centroid[c * cols + j] / components;
            }
        }
        for (int c = 0; c < components; c++) {
            for (int j = 0; j < cols; j++) {
                centroid[c * cols + j] -= mean[j];
            }
        }
        int q = Math.min(dim, cols);
        double[] basis = new double[q * cols];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < basis.length; i++) {
            basis[i] = random.nextGaussian();
        }
        double[] proj = new double[components];
        for (int iter = 0; iter < 100; iter++) {
            double[] next = new double[q * cols];
            for (int t = 0; t < q; t++) {
                for (int c = 0; c < components; c++) {
                    double s = 0;
                    for (int j = 0; j < cols; j++) {
                        s += centroid[c * cols + j] * basis[t * cols + j];
                    }
                    proj[c] = s;
                }
                for (int c = 0; c < components; c++) {
                    for (int j = 0; j < cols; j++) {
                        next[t * cols + j] += proj[c] * centroid[c * cols + j];
                    }
                }
            }
            for (int t = 0; t < q; t++) {
                for (int u = 0; u < t; u++) {
                    double dot = 0;
                    for (int j = 0; j < cols; j++) {
                        dot += next[t * cols + j] * next[u * cols + j];
                    }
                    for (int j = 0; j < cols; j++) {
                        next[t * cols + j] -= dot * next[u * cols + j];
                    }
                }
                double nn = 0;
                for (int j = 0; j < cols; j++) {
                    nn += next[t * cols + j] * next[t * cols + j];
                }
                nn = Math.sqrt(nn);
                for (int j = 0; j < cols; j++) {
                    next[t * cols + j] = nn > 0 ? next[t * cols + j] / nn : 0;
                }
            }
            basis = next;
        }
        double max = 0;
        for (int c = 0; c < components; c++) {
            for (int t = 0; t < q; t++) {
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += centroid[c * cols + j] * basis[t * cols + j];
                }
                meta[c * dim + t] = s;
                max = Math.max(max, Math.abs(s));
            }
        }
        for (int i = 0; i < meta.length; i++) {
            meta[i] = max > 0 ? meta[i] / max : 0;
        }
        return meta;
    }
}
