package org.descry.embed;

import java.util.Arrays;
import org.descry.data.Workers;
import org.descry.knn.KnnGraph;

/**
 * The symmetric input affinities {@code P} of t-SNE from a {@code k}-nearest-neighbour graph, as scikit-learn
 * 1.2's {@code _joint_probabilities_nn}: per row, {@code p_{j|i} = exp(-beta_i d_ij^2) / sum_l exp(-beta_i d_il^2)}
 * over the row's {@code k} neighbours (Euclidean distances squared in float32, as scikit-learn squares its float32
 * {@code kneighbors_graph}), with {@code beta_i} found by
 * {@code _binary_search_perplexity}'s bisection (start 1, double or halve until bracketed, at most 100 steps) until
 * the entropy {@code H_i = log(sum) + beta_i sum d^2 p} is within {@code 1e-5} of {@code log(perplexity)}
 * (natural logarithms); then {@code P = (P_cond + P_condᵀ) / sum}. Stored as CSR with sorted columns.
 *
 * @param indptr  row starts, {@code n + 1} entries
 * @param indices column of each entry
 * @param values  {@code p_ij}, summing to 1 over all entries
 */
record Affinities(int[] indptr, int[] indices, float[] values) {

    private static final int STEPS = 100;
    private static final double TOLERANCE = 1e-5;
    private static final double EPSILON = 1e-8;
    private static final double MACHINE_EPSILON = Math.ulp(1.0);
    private static final int CHUNK = 1024;

    int rows() {
        return indptr.length - 1;
    }

    /** Conditional probabilities {@code p_{j|i}} in the graph's layout ({@code n x k}, row-major). */
    static double[] conditional(KnnGraph graph, double perplexity, int threads) {
        int n = graph.rows();
        int k = graph.k();
        float[] dist = graph.distances();
        double[] p = new double[n * k];
        double target = Math.log(perplexity);
        int tasks = (n + CHUNK - 1) / CHUNK;
        Workers.forEach(threads, tasks, t -> {
            double[] d2 = new double[k];
            for (int i = t * CHUNK, to = Math.min(n, i + CHUNK); i < to; i++) {
                for (int j = 0; j < k; j++) {
                    float d = dist[i * k + j];
                    d2[j] = d * d;
                }
                calibrate(d2, target, p, i * k);
            }
        });
        return p;
    }

    /** One row of {@code _binary_search_perplexity}: writes the row's probabilities to {@code p[off..off+k)}. */
    static double calibrate(double[] d2, double targetEntropy, double[] p, int off) {
        int k = d2.length;
        double beta = 1;
        double betaMin = Double.NEGATIVE_INFINITY;
        double betaMax = Double.POSITIVE_INFINITY;
        for (int step = 0; step < STEPS; step++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double v = Math.exp(-d2[j] * beta);
                p[off + j] = v;
                sum += v;
            }
            if (sum == 0) {
                sum = EPSILON;
            }
            double sumDP = 0;
            for (int j = 0; j < k; j++) {
                p[off + j] /= sum;
                sumDP += d2[j] * p[off + j];
            }
            double entropy = Math.log(sum) + beta * sumDP;
            double diff = entropy - targetEntropy;
            if (Math.abs(diff) <= TOLERANCE) {
                break;
            }
            if (diff > 0) {
                betaMin = beta;
                beta = betaMax == Double.POSITIVE_INFINITY ? beta * 2 : (beta + betaMax) / 2;
            } else {
                betaMax = beta;
                beta = betaMin == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + betaMin) / 2;
            }
        }
        return beta;
    }

    /** {@code (P + Pᵀ) / sum} of the conditional probabilities, as CSR with each row's columns sorted. */
    static Affinities symmetric(KnnGraph graph, double[] conditional) {
        int n = graph.rows();
        int k = graph.k();
        int[] nbr = graph.indices();
        int[] count = new int[n + 1];
        for (int i = 0; i < n; i++) {
            count[i + 1] += k;
            for (int j = 0; j < k; j++) {
                count[nbr[i * k + j] + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            count[i + 1] += count[i];
        }
        int[] fill = Arrays.copyOf(count, n);
        int[] col = new int[count[n]];
        double[] val = new double[count[n]];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                int c = nbr[i * k + j];
                double v = conditional[i * k + j];
                col[fill[i]] = c;
                val[fill[i]++] = v;
                col[fill[c]] = i;
                val[fill[c]++] = v;
            }
        }
        int[] indptr = new int[n + 1];
        int out = 0;
        long[] keyed = new long[0];
        double total = 0;
        for (int i = 0; i < n; i++) {
            int s = count[i];
            int e = count[i + 1];
            if (keyed.length < e - s) {
                keyed = new long[Math.max(e - s, 2 * keyed.length)];
            }
            for (int a = s; a < e; a++) {
                keyed[a - s] = ((long) col[a] << 32) | (a - s);
            }
            Arrays.sort(keyed, 0, e - s);
            double[] rowVals = Arrays.copyOfRange(val, s, e);
            int last = -1;
            for (int a = 0; a < e - s; a++) {
                int c = (int) (keyed[a] >>> 32);
                double v = rowVals[(int) keyed[a]];
                if (c == last) {
                    val[out - 1] += v;
                } else {
                    col[out] = c;
                    val[out++] = v;
                    last = c;
                }
                total += v;
            }
            indptr[i + 1] = out;
        }
        double norm = Math.max(total, MACHINE_EPSILON);
        float[] values = new float[out];
        for (int a = 0; a < out; a++) {
            values[a] = (float) (val[a] / norm);
        }
        return new Affinities(indptr, Arrays.copyOf(col, out), values);
    }
}
