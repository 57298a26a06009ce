package org.descry.embed;

import java.util.Arrays;
import org.descry.data.Workers;

/**
 * Repulsive forces by the Barnes-Hut approximation (van der Maaten, "Accelerating t-SNE using tree-based
 * algorithms", JMLR 15, 2014): a quadtree (2D) or octree (3D) over the embedding, rebuilt every iteration on
 * primitive arrays, and for each point a depth-first walk that replaces a whole cell by its centre of mass when
 * {@code width / ||y_i - centre|| < theta} (scikit-learn's test, with the cell's side as width).
 *
 * <p>Differences from scikit-learn's {@code _barnes_hut_tsne}: leaves hold up to {@value #LEAF} points (and any
 * number of duplicates at the depth limit) whose interactions are computed exactly, where scikit-learn splits down
 * to one point; and the walk visits points in tree order, so neighbouring points share cached cells. Points are
 * split across threads in fixed chunks and the normaliser summed in chunk order, so results do not depend on the
 * thread count.
 */
final class BarnesHut implements Repulsion {

    static final int LEAF = 4;
    private static final int MAX_DEPTH = 48;
    private static final int CHUNK = 1024;

    private final int dims;
    private final double theta2;
    private final int threads;
    private final int fan;

    private int[] order = new int[0];
    private int[] scratch = new int[0];
    private int nodes;
    private int[] start = new int[0];
    private int[] end = new int[0];
    private int[] child = new int[0];
    private double[] width = new double[0];
    private double[] centre = new double[0];
    private double[] com = new double[0];

    BarnesHut(int dims, double theta, int threads) {
        this.dims = dims;
        this.theta2 = theta * theta;
        this.threads = threads;
        this.fan = 1 << dims;
    }

    @Override
    public double compute(double[] y, int n, double[] rep) {
        build(y, n);
        int tasks = (n + CHUNK - 1) / CHUNK;
        double[] partial = new double[tasks];
        int workers = Workers.workers(threads, tasks);
        int[][] stacks = new int[workers][];
        Workers.forEach(threads, tasks, (w, t) -> {
            if (stacks[w] == null) {
                stacks[w] = new int[MAX_DEPTH * fan + 16];
            }
            int from = t * CHUNK;
            int to = Math.min(n, from + CHUNK);
            double z = 0;
            double[] f = new double[3];
            for (int o = from; o < to; o++) {
                int i = order[o];
                z += walk(y, i, stacks[w], f);
                for (int c = 0; c < dims; c++) {
                    rep[i * dims + c] = f[c];
                }
            }
            partial[t] = z;
        });
        double z = 0;
        for (double p : partial) {
            z += p;
        }
        return z;
    }

    private double walk(double[] y, int i, int[] stack, double[] f) {
        int d = dims;
        int io = i * d;
        double z = 0;
        f[0] = 0;
        f[1] = 0;
        f[2] = 0;
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            int node = stack[--top];
            int count = end[node] - start[node];
            if (count == 0) {
                continue;
            }
            int ch = child[node];
            if (ch < 0) {
                for (int p = start[node]; p < end[node]; p++) {
                    int j = order[p];
                    if (j == i) {
                        continue;
                    }
                    int jo = j * d;
                    double d2 = 0;
                    for (int c = 0; c < d; c++) {
                        double t = y[io + c] - y[jo + c];
                        d2 += t * t;
                    }
                    double q = 1.0 / (1.0 + d2);
                    z += q;
                    double q2 = q * q;
                    for (int c = 0; c < d; c++) {
                        f[c] += q2 * (y[io + c] - y[jo + c]);
                    }
                }
                continue;
            }
            int co = node * d;
            double d2 = 0;
            for (int c = 0; c < d; c++) {
                double t = y[io + c] - com[co + c];
                d2 += t * t;
            }
            double wd = width[node];
            if (wd * wd < theta2 * d2) {
                double q = 1.0 / (1.0 + d2);
                z += count * q;
                double mq2 = count * q * q;
                for (int c = 0; c < d; c++) {
                    f[c] += mq2 * (y[io + c] - com[co + c]);
                }
            } else {
                for (int k = 0; k < fan; k++) {
                    stack[top++] = ch + k;
                }
            }
        }
        return z;
    }

    private void build(double[] y, int n) {
        if (order.length != n) {
            order = new int[n];
            scratch = new int[n];
        }
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] lo = new double[dims];
        double[] hi = new double[dims];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dims; c++) {
                double v = y[i * dims + c];
                lo[c] = Math.min(lo[c], v);
                hi[c] = Math.max(hi[c], v);
            }
        }
        double side = 0;
        for (int c = 0; c < dims; c++) {
            side = Math.max(side, hi[c] - lo[c]);
        }
        side = Math.max(side, 1e-12) * (1 + 1e-9);
        nodes = 0;
        int root = newNode(0, n, side);
        for (int c = 0; c < dims; c++) {
            centre[root * dims + c] = (lo[c] + hi[c]) / 2;
        }
        split(y, root, 0);
    }

    private int newNode(int s, int e, double w) {
        if (nodes == start.length) {
            int cap = Math.max(64, nodes * 2);
            start = Arrays.copyOf(start, cap);
            end = Arrays.copyOf(end, cap);
            child = Arrays.copyOf(child, cap);
            width = Arrays.copyOf(width, cap);
            centre = Arrays.copyOf(centre, cap * dims);
            com = Arrays.copyOf(com, cap * dims);
        }
        int id = nodes++;
        start[id] = s;
        end[id] = e;
        child[id] = -1;
        width[id] = w;
        return id;
    }

    /** Splits a node's points into its children (counting sort by orthant), recursively; sets centres of mass. */
    private void split(double[] y, int node, int depth) {
        int s = start[node];
        int e = end[node];
        int d = dims;
        double[] m = new double[d];
        for (int p = s; p < e; p++) {
            int io = order[p] * d;
            for (int c = 0; c < d; c++) {
                m[c] += y[io + c];
            }
        }
        for (int c = 0; c < d; c++) {
            com[node * d + c] = e > s ? m[c] / (e - s) : centre[node * d + c];
        }
        if (e - s <= LEAF || depth >= MAX_DEPTH) {
            return;
        }
        int[] counts = new int[fan + 1];
        int no = node * d;
        for (int p = s; p < e; p++) {
            counts[orthant(y, order[p], no) + 1]++;
        }
        for (int k = 0; k < fan; k++) {
            counts[k + 1] += counts[k];
        }
        int[] pos = Arrays.copyOf(counts, fan);
        for (int p = s; p < e; p++) {
            int i = order[p];
            scratch[s + pos[orthant(y, i, no)]++] = i;
        }
        System.arraycopy(scratch, s, order, s, e - s);
        double half = width[node] / 2;
        int first = nodes;
        for (int k = 0; k < fan; k++) {
            int id = newNode(s + counts[k], s + counts[k + 1], half);
            for (int c = 0; c < d; c++) {
                double offset = ((k >> c) & 1) == 1 ? half / 2 : -half / 2;
                centre[id * d + c] = centre[no + c] + offset;
            }
        }
        child[node] = first;
        for (int k = 0; k < fan; k++) {
            if (end[first + k] > start[first + k]) {
                split(y, first + k, depth + 1);
            }
        }
    }

    private int orthant(double[] y, int i, int no) {
        int k = 0;
        for (int c = 0; c < dims; c++) {
            if (y[i * dims + c] >= centre[no + c]) {
                k |= 1 << c;
            }
        }
        return k;
    }
}
