package org.descry.embed;

import java.util.Arrays;
import org.descry.data.Workers;

/**
 * Repulsive forces in 2D by FFT-accelerated interpolation, the scheme of Linderman, Rachh, Hoskins, Steinerberger
 * and Kluger, "Fast interpolation-based t-SNE for improved visualization of single-cell RNA-seq data" (Nature
 * Methods 2019, FIt-SNE), as openTSNE runs it:
 * <ol>
 * <li>the bounding square of the points is cut into {@code B x B} equal boxes, each with 3 x 3 equispaced
 * interpolation nodes (so the nodes form one equispaced {@code 3B x 3B} grid);</li>
 * <li>each point spreads the charges {@code 1, x, y} onto the 9 nodes of its box with the tensor product of
 * quadratic Lagrange weights;</li>
 * <li>the node potentials are convolutions of the node charges with the kernels {@code K2 = 1 / (1 + d^2)^2}
 * (charges {@code 1, x, y}) and {@code K1 = 1 / (1 + d^2)} (charge {@code 1}) sampled at node offsets: 2D circulant
 * convolutions by zero-padded FFTs. Both kernels are real and even, so their transforms are real and one complex
 * FFT of {@code K1 + i K2} gives both; the charges go two to a complex grid ({@code 1 + i x} and
 * {@code y + i 1}), and the second grid's two halves are separated in frequency space by conjugate symmetry
 * ({@code C[k] = B[k] (K1 + K2) / 2 + conj(B[-k]) (K2 - K1) / 2}), so 5 complex 2D FFTs per iteration do it all;</li>
 * <li>potentials are interpolated back to the points with the same weights.</li>
 * </ol>
 * With {@code phi_1, phi_x, phi_y} the interpolated {@code K2} potentials and {@code psi} the {@code K1} one,
 * {@code rep_i = y_i phi_1 - (phi_x, phi_y)} and {@code Z = sum_i (psi_i - s_i)} where {@code s_i} is the
 * interpolated self-interaction (computed exactly from the weights; subtracting {@code n} instead leaves the
 * interpolation error of every point's own peak in {@code Z}). FIt-SNE instead gets {@code Z} from
 * {@code K2} alone with a fourth charge {@code |y|^2} ({@code (1 + d^2) K2 = K1}); that sum cancels terms of size
 * {@code |y|^2} and loses accuracy on wide embeddings, which the separate {@code K1} avoids.
 *
 * <p>Box count: at least {@value #MIN_BOXES} per side (openTSNE's {@code min_num_intervals}) and boxes at most
 * {@value #MAX_BOX_WIDTH} wide (openTSNE: 1, {@code ints_in_interval}). This FFT is radix-2 only, so the padded
 * grid side {@code M} is a power of two with {@code 6B <= M}, and {@code B = M / 6} is then taken as large as that
 * grid allows (finer boxes at no FFT cost); FIt-SNE instead rounds {@code 2 * 3B} up to a product of small primes.
 * Cost per iteration: {@code O(n)} spreading and interpolation plus {@code O(M^2 log M)} for the FFTs.
 */
final class FftRepulsion implements Repulsion {

    static final int MIN_BOXES = 50;
    static final double MAX_BOX_WIDTH = 1.0;
    private static final int NODES = 3;
    private static final int CHUNK = 4096;

    private final int threads;
    private Fft fft;
    private double[] aRe;
    private double[] aIm;
    private double[] bRe;
    private double[] bIm;
    private double[] kRe;
    private double[] kIm;

    FftRepulsion(int threads) {
        this.threads = threads;
    }

    /** The padded FFT side for a bounding square of side {@code range}. */
    static int gridSide(double range) {
        double wanted = Math.max(MIN_BOXES, Math.ceil(range / MAX_BOX_WIDTH));
        int m = 8;
        while (m / (2 * NODES) < wanted) {
            m <<= 1;
        }
        return m;
    }

    @Override
    public double compute(double[] y, int n, double[] rep) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double a = y[2 * i];
            double b = y[2 * i + 1];
            minX = Math.min(minX, a);
            maxX = Math.max(maxX, a);
            minY = Math.min(minY, b);
            maxY = Math.max(maxY, b);
        }
        double range = Math.max(Math.max(maxX - minX, maxY - minY), 1e-6) * (1 + 1e-9);
        int m = gridSide(range);
        int boxes = m / (2 * NODES);
        int side = boxes * NODES;
        double box = range / boxes;
        double spacing = box / NODES;
        double cx = (minX + maxX) / 2;
        double cy = (minY + maxY) / 2;
        double x0 = cx - range / 2;
        double y0 = cy - range / 2;
        ensure(m);

        int[] cell = new int[2 * n];
        double[] w = new double[6 * n];
        for (int i = 0; i < n; i++) {
            weights(y[2 * i] - x0, box, boxes, spacing, cell, 2 * i, w, 6 * i);
            weights(y[2 * i + 1] - y0, box, boxes, spacing, cell, 2 * i + 1, w, 6 * i + 3);
        }
        for (double[] a : new double[][] {aRe, aIm, bRe, bIm}) {
            Arrays.fill(a, 0);
        }
        for (int i = 0; i < n; i++) {
            double px = y[2 * i] - cx;
            double py = y[2 * i + 1] - cy;
            int gx = cell[2 * i];
            int gy = cell[2 * i + 1];
            for (int b = 0; b < NODES; b++) {
                double wy = w[6 * i + 3 + b];
                int rowBase = (gy + b) * m + gx;
                for (int a = 0; a < NODES; a++) {
                    double ww = w[6 * i + a] * wy;
                    int g = rowBase + a;
                    aRe[g] += ww;
                    aIm[g] += ww * px;
                    bRe[g] += ww * py;
                    bIm[g] += ww;
                }
            }
        }
        Arrays.fill(kRe, 0);
        Arrays.fill(kIm, 0);
        double s2 = spacing * spacing;
        for (int dy = -(side - 1); dy < side; dy++) {
            int row = Math.floorMod(dy, m) * m;
            for (int dx = -(side - 1); dx < side; dx++) {
                double q = 1.0 / (1.0 + s2 * ((double) dx * dx + (double) dy * dy));
                int g = row + Math.floorMod(dx, m);
                kRe[g] = q;
                kIm[g] = q * q;
            }
        }
        fft2(kRe, kIm, m, m, false);
        fft2(aRe, aIm, m, side, false);
        fft2(bRe, bIm, m, side, false);
        int mm = m * m;
        for (int g = 0; g < mm; g++) {
            double k2 = kIm[g];
            aRe[g] *= k2;
            aIm[g] *= k2;
        }
        for (int u = 0; u < m; u++) {
            int nu = (m - u) & (m - 1);
            for (int v = 0; v < m; v++) {
                int g = u * m + v;
                int h = nu * m + ((m - v) & (m - 1));
                if (h < g) {
                    continue;
                }
                double sg = (kRe[g] + kIm[g]) / 2;
                double tg = (kIm[g] - kRe[g]) / 2;
                double sh = (kRe[h] + kIm[h]) / 2;
                double th = (kIm[h] - kRe[h]) / 2;
                double br = bRe[g];
                double bi = bIm[g];
                double cr = bRe[h];
                double ci = bIm[h];
                bRe[g] = br * sg + cr * tg;
                bIm[g] = bi * sg - ci * tg;
                bRe[h] = cr * sh + br * th;
                bIm[h] = ci * sh - bi * th;
            }
        }
        fft2(aRe, aIm, m, side, true);
        fft2(bRe, bIm, m, side, true);

        double[] selfK = new double[NODES * NODES];
        for (int a = 0; a < NODES; a++) {
            for (int b = 0; b < NODES; b++) {
                selfK[a * NODES + b] = 1.0 / (1.0 + s2 * (a * a + b * b));
            }
        }
        int tasks = (n + CHUNK - 1) / CHUNK;
        double[] partial = new double[tasks];
        Workers.forEach(threads, tasks, t -> {
            int from = t * CHUNK;
            int to = Math.min(n, from + CHUNK);
            double z = 0;
            for (int i = from; i < to; i++) {
                double p0 = 0;
                double p1 = 0;
                double p2 = 0;
                double p3 = 0;
                int gx = cell[2 * i];
                int gy = cell[2 * i + 1];
                for (int b = 0; b < NODES; b++) {
                    double wy = w[6 * i + 3 + b];
                    int rowBase = (gy + b) * m + gx;
                    for (int a = 0; a < NODES; a++) {
                        double ww = w[6 * i + a] * wy;
                        int g = rowBase + a;
                        p0 += ww * aRe[g];
                        p1 += ww * aIm[g];
                        p2 += ww * bRe[g];
                        p3 += ww * bIm[g];
                    }
                }
                double px = y[2 * i] - cx;
                double py = y[2 * i + 1] - cy;
                z += p3 - selfInteraction(w, 6 * i, selfK);
                rep[2 * i] = px * p0 - p1;
                rep[2 * i + 1] = py * p0 - p2;
            }
            partial[t] = z;
        });
        double z = 0;
        for (double p : partial) {
            z += p;
        }
        return z;
    }

    /**
     * What the interpolation gives for a point's {@code K1} interaction with itself,
     * {@code sum_{a,b,c,d} wx_a wx_b wy_c wy_d K1((a - b) h, (c - d) h)}, so it can be taken out instead of the
     * exact 1: the near-field error of the interpolation is largest there.
     */
    private static double selfInteraction(double[] w, int wo, double[] selfK) {
        double s = 0;
        for (int a = 0; a < NODES; a++) {
            for (int b = 0; b < NODES; b++) {
                double wx = w[wo + a] * w[wo + b];
                int dx = Math.abs(a - b) * NODES;
                for (int c = 0; c < NODES; c++) {
                    double wc = wx * w[wo + 3 + c];
                    for (int d = 0; d < NODES; d++) {
                        s += wc * w[wo + 3 + d] * selfK[dx + Math.abs(c - d)];
                    }
                }
            }
        }
        return s;
    }

    /** The first node of the box holding coordinate {@code u} (from the grid's edge) and its 3 Lagrange weights. */
    private static void weights(double u, double box, int boxes, double spacing, int[] cell, int c, double[] w,
            int wo) {
        int b = Math.min(boxes - 1, Math.max(0, (int) (u / box)));
        double t = (u - b * box) / spacing - 0.5;
        cell[c] = b * NODES;
        w[wo] = (t - 1) * (t - 2) / 2;
        w[wo + 1] = -t * (t - 2);
        w[wo + 2] = t * (t - 1) / 2;
    }

    private void ensure(int m) {
        if (fft != null && fft.length() == m) {
            return;
        }
        fft = new Fft(m);
        int mm = m * m;
        aRe = new double[mm];
        aIm = new double[mm];
        bRe = new double[mm];
        bIm = new double[mm];
        kRe = new double[mm];
        kIm = new double[mm];
    }

    /**
     * 2D FFT of an {@code m x m} grid of which only rows {@code [0, used)} matter: forward, rows past {@code used}
     * are zero and skipped; inverse, only rows below {@code used} are finished.
     */
    private void fft2(double[] re, double[] im, int m, int used, boolean inverse) {
        Fft f = fft;
        if (!inverse) {
            rows(f, re, im, m, used, false);
        }
        int colTasks = (m + 7) / 8;
        int workers = Workers.workers(threads, colTasks);
        double[][] tr = new double[workers][];
        double[][] ti = new double[workers][];
        Workers.forEach(threads, colTasks, (wk, t) -> {
            if (tr[wk] == null) {
                tr[wk] = new double[8 * m];
                ti[wk] = new double[8 * m];
            }
            double[] cr = tr[wk];
            double[] ci = ti[wk];
            int c0 = t * 8;
            int c1 = Math.min(m, c0 + 8);
            int cw = c1 - c0;
            for (int r = 0; r < m; r++) {
                int base = r * m + c0;
                for (int c = 0; c < cw; c++) {
                    cr[c * m + r] = re[base + c];
                    ci[c * m + r] = im[base + c];
                }
            }
            for (int c = 0; c < cw; c++) {
                f.transform(cr, ci, c * m, inverse);
            }
            for (int r = 0; r < m; r++) {
                int base = r * m + c0;
                for (int c = 0; c < cw; c++) {
                    re[base + c] = cr[c * m + r];
                    im[base + c] = ci[c * m + r];
                }
            }
        });
        if (inverse) {
            rows(f, re, im, m, used, true);
        }
    }

    private void rows(Fft f, double[] re, double[] im, int m, int used, boolean inverse) {
        Workers.forEach(threads, used, r -> f.transform(re, im, r * m, inverse));
    }
}
