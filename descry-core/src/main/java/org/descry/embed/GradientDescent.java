package org.descry.embed;

import java.util.Arrays;
import org.descry.data.Progress;
import org.descry.data.Workers;

/**
 * scikit-learn 1.2's {@code _gradient_descent} on the t-SNE objective with a sparse {@code P}: per iteration the
 * gradient {@code 4 (alpha sum_j p_ij q_ij (y_i - y_j) - rep_i / Z)} (attractive forces over the non-zeros of
 * {@code P}, multi-threaded over rows; {@code alpha} the exaggeration; repulsion from a {@link Repulsion}), then
 * delta-bar-delta gains ({@code +0.2} where the gradient's sign differs from the last update's, {@code x0.8}
 * where it agrees, at least {@value #MIN_GAIN}), {@code update = momentum update - rate gains grad} and
 * {@code y += update}. Every {@value #CHECK} iterations (and at the last) the KL divergence
 * {@code sum p_ij log(p_ij / (q_ij / Z))} is computed over the non-zeros of {@code P} (as scikit-learn's
 * Barnes-Hut code does, with the exaggerated {@code P} during exaggeration); a stage stops early when it has not
 * improved for {@code patience} iterations or the gradient norm is below {@value #MIN_GRAD_NORM}.
 */
final class GradientDescent {

    static final double MIN_GAIN = 0.01;
    static final double MIN_GRAD_NORM = 1e-7;
    static final int CHECK = 50;
    private static final double TINY = Float.MIN_NORMAL;
    private static final int CHUNK = 512;

    private final Affinities p;
    private final Repulsion repulsion;
    private final int dims;
    private final int threads;
    private final int n;
    private final double[] rep;
    private final double[] grad;

    /** The state at the end of a stage: the last iteration run (0-based) and the last KL divergence computed. */
    record Stage(int lastIteration, double kl) {}

    GradientDescent(Affinities p, Repulsion repulsion, int dims, int threads) {
        this.p = p;
        this.repulsion = repulsion;
        this.dims = dims;
        this.threads = threads;
        this.n = p.rows();
        this.rep = new double[n * dims];
        this.grad = new double[n * dims];
    }

    /** The last gradient computed (live array). */
    double[] grad() {
        return grad;
    }

    /**
     * Runs iterations {@code [from, to)} on {@code y} in place with fresh updates and gains, as one call of
     * scikit-learn's {@code _gradient_descent}.
     */
    Stage run(double[] y, int from, int to, double momentum, double exaggeration, double rate, int patience,
            Progress progress, int total) {
        double[] update = new double[n * dims];
        double[] gains = new double[n * dims];
        Arrays.fill(gains, 1.0);
        double best = Double.MAX_VALUE;
        int bestIter = from;
        double kl = Double.NaN;
        int i = from;
        for (; i < to; i++) {
            boolean check = (i + 1) % CHECK == 0 || i == to - 1;
            double error = gradient(y, exaggeration, check);
            double norm2 = 0;
            for (int a = 0; a < grad.length; a++) {
                double g = grad[a];
                double u = update[a];
                double gain = u * g < 0 ? gains[a] + 0.2 : gains[a] * 0.8;
                gain = Math.max(gain, MIN_GAIN);
                gains[a] = gain;
                g *= gain;
                norm2 += g * g;
                u = momentum * u - rate * g;
                update[a] = u;
                y[a] += u;
            }
            progress.step(i + 1, total);
            if (check) {
                kl = error;
                if (error < best) {
                    best = error;
                    bestIter = i;
                } else if (i - bestIter > patience) {
                    break;
                }
                if (Math.sqrt(norm2) <= MIN_GRAD_NORM) {
                    break;
                }
            }
        }
        return new Stage(Math.min(i, to - 1), kl);
    }

    /** Writes the gradient into {@link #grad()}; returns the KL divergence when {@code withError}, else NaN. */
    double gradient(double[] y, double exaggeration, boolean withError) {
        double z = repulsion.compute(y, n, rep);
        int tasks = (n + CHUNK - 1) / CHUNK;
        double[] partial = new double[tasks];
        double invZ = 1.0 / z;
        Workers.forEach(threads, tasks, t -> {
            int from = t * CHUNK;
            int to = Math.min(n, from + CHUNK);
            if (dims == 2) {
                attract2(y, from, to, exaggeration, invZ);
            } else {
                attract(y, from, to, exaggeration, invZ);
            }
            partial[t] = withError ? error(y, from, to, exaggeration, invZ) : 0;
        });
        if (!withError) {
            return Double.NaN;
        }
        double kl = 0;
        for (double v : partial) {
            kl += v;
        }
        return kl;
    }

    /** The gradient of rows {@code [from, to)} in 2D: the hot loop, kept free of dimension loops. */
    private void attract2(double[] y, int from, int to, double exaggeration, double invZ) {
        int[] indptr = p.indptr();
        int[] indices = p.indices();
        float[] values = p.values();
        for (int i = from; i < to; i++) {
            double yx = y[2 * i];
            double yy = y[2 * i + 1];
            double fx = 0;
            double fy = 0;
            for (int a = indptr[i], e = indptr[i + 1]; a < e; a++) {
                int j = indices[a];
                double dx = yx - y[2 * j];
                double dy = yy - y[2 * j + 1];
                double pq = values[a] / (1.0 + dx * dx + dy * dy);
                fx += pq * dx;
                fy += pq * dy;
            }
            grad[2 * i] = 4 * (exaggeration * fx - rep[2 * i] * invZ);
            grad[2 * i + 1] = 4 * (exaggeration * fy - rep[2 * i + 1] * invZ);
        }
    }

    private void attract(double[] y, int from, int to, double exaggeration, double invZ) {
        int[] indptr = p.indptr();
        int[] indices = p.indices();
        float[] values = p.values();
        int d = dims;
        double[] f = new double[d];
        for (int i = from; i < to; i++) {
            int io = i * d;
            java.util.Arrays.fill(f, 0);
            for (int a = indptr[i]; a < indptr[i + 1]; a++) {
                int jo = indices[a] * d;
                double d2 = 0;
                for (int c = 0; c < d; c++) {
                    double diff = y[io + c] - y[jo + c];
                    d2 += diff * diff;
                }
                double pq = values[a] / (1.0 + d2);
                for (int c = 0; c < d; c++) {
                    f[c] += pq * (y[io + c] - y[jo + c]);
                }
            }
            for (int c = 0; c < d; c++) {
                grad[io + c] = 4 * (exaggeration * f[c] - rep[io + c] * invZ);
            }
        }
    }

    /** The rows' part of {@code KL(P || Q)} with {@code P} multiplied by {@code exaggeration}. */
    private double error(double[] y, int from, int to, double exaggeration, double invZ) {
        int[] indptr = p.indptr();
        int[] indices = p.indices();
        float[] values = p.values();
        int d = dims;
        double kl = 0;
        for (int i = from; i < to; i++) {
            int io = i * d;
            for (int a = indptr[i]; a < indptr[i + 1]; a++) {
                int jo = indices[a] * d;
                double d2 = 0;
                for (int c = 0; c < d; c++) {
                    double diff = y[io + c] - y[jo + c];
                    d2 += diff * diff;
                }
                double q = 1.0 / (1.0 + d2);
                double pij = values[a] * exaggeration;
                kl += pij * Math.log(Math.max(pij, TINY) / Math.max(q * invZ, TINY));
            }
        }
        return kl;
    }
}
