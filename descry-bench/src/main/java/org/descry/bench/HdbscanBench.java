package org.descry.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.descry.cluster.Hdbscan;
import org.descry.cluster.HdbscanModel;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.metrics.AdjustedRandIndex;

/**
 * HDBSCAN timings: synthetic float32 data shaped like a 50-column PCA projection of descriptors (40 Gaussian
 * clusters with feature scales decaying like principal components, {@link KMeansBench}'s generator) plus a share of
 * uniform noise over the data's bounding box. First the full-size fit by the approximate route (NN-descent graph,
 * Kruskal, component join) with the seconds of each stage and the peak RSS; then, on the first rows of the same
 * data (a random sample: rows are generated independently), exact against approximate: seconds, the ARI of the
 * labels and the Spearman correlation of the GLOSH scores.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx4g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.HdbscanBench [--rows 416314] [--cols 50] [--noise 0.05] [--min-cluster-size 100]
 *     [--min-samples 10] [--neighbors 15] [--compare 20000,50000] [--skip-full] [--seed 0]</pre>
 */
public final class HdbscanBench {

    private HdbscanBench() {}

    /** CPU seconds of the whole process (all threads): steadier than wall time on a shared machine. */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 50;
        double noise = 0.05;
        int minClusterSize = 100;
        int minSamples = 10;
        int neighbors = 15;
        int[] compare = {20_000, 50_000};
        boolean skipFull = false;
        long seed = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--noise" -> noise = Double.parseDouble(args[++i]);
                case "--min-cluster-size" -> minClusterSize = Integer.parseInt(args[++i]);
                case "--min-samples" -> minSamples = Integer.parseInt(args[++i]);
                case "--neighbors" -> neighbors = Integer.parseInt(args[++i]);
                case "--compare" -> {
                    String v = args[++i];
                    compare = v.isBlank() ? new int[0]
                            : Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                }
                case "--skip-full" -> skipFull = true;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --rows N "
                        + "--cols D --noise F --min-cluster-size M --min-samples S --neighbors K --compare N1,N2 "
                        + "--skip-full --seed S");
            }
        }
        long t0 = System.nanoTime();
        int[] truth = new int[rows];
        FloatMatrix x = data(rows, cols, 40, noise, 42, truth);
        System.out.printf("data %d x %d float32 (%.0f MB, %.0f%% noise) made in %.1f s, %d threads%n", rows, cols,
                4.0 * rows * cols / 1e6, 100 * noise, (System.nanoTime() - t0) / 1e9,
                Runtime.getRuntime().availableProcessors());
        Hdbscan h = Hdbscan.of(minClusterSize).withMinSamples(minSamples).withNeighbors(neighbors).withSeed(seed);
        System.out.printf("min_cluster_size %d, min_samples %d, approximate graph k = %d%n", minClusterSize,
                minSamples, neighbors);
        if (!skipFull) {
            long s = System.nanoTime();
            double c = cpuSeconds();
            HdbscanModel m = h.withGraph(Hdbscan.Graph.APPROXIMATE).fit(x, Progress.NONE);
            double total = (System.nanoTime() - s) / 1e9;
            report("full, approximate", m, total, cpuSeconds() - c, truth);
            System.out.printf("peak RSS %.2f GB (VmHWM) after the full-size fit%n",
                    KMeansBench.peakRssKb() / 1024.0 / 1024.0);
        }
        for (int n : compare) {
            if (n > rows) {
                continue;
            }
            FloatMatrix sub = x.rowRange(0, n).copy();
            int[] t = Arrays.copyOf(truth, n);
            long s = System.nanoTime();
            double c = cpuSeconds();
            HdbscanModel exact = h.withGraph(Hdbscan.Graph.EXACT).fit(sub, Progress.NONE);
            double te = (System.nanoTime() - s) / 1e9;
            double ce = cpuSeconds() - c;
            report(n + " rows, exact", exact, te, ce, t);
            s = System.nanoTime();
            c = cpuSeconds();
            HdbscanModel approx = h.withGraph(Hdbscan.Graph.APPROXIMATE).fit(sub, Progress.NONE);
            double ta = (System.nanoTime() - s) / 1e9;
            double ca = cpuSeconds() - c;
            report(n + " rows, approximate", approx, ta, ca, t);
            float[] ge = exact.outlierScores();
            float[] ga = approx.outlierScores();
            double maxDiff = 0;
            for (int i = 0; i < ge.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(ge[i] - ga[i]));
            }
            System.out.printf("%d rows: approximate vs exact: ARI %.4f, Spearman(GLOSH) %.4f (largest difference "
                    + "%.3f), spanning tree weight +%.3f%%, CPU time x%.1f less%n", n,
                    AdjustedRandIndex.score(exact.labels(), approx.labels()), spearman(ge, ga), maxDiff,
                    100 * (approx.spanningTreeWeight() / exact.spanningTreeWeight() - 1), ce / ca);
        }
        System.out.printf("peak RSS %.2f GB (VmHWM) at the end%n", KMeansBench.peakRssKb() / 1024.0 / 1024.0);
    }

    private static void report(String what, HdbscanModel m, double total, double cpu, int[] truth) {
        int noise = 0;
        for (int l : m.labels()) {
            noise += l < 0 ? 1 : 0;
        }
        Map<String, Double> st = m.stageSeconds();
        System.out.printf("%-26s %7.1f s wall, %7.1f s CPU  (wall: kNN graph %.1f, MST %.1f, tree %.1f, selection "
                + "%.1f)  clusters %d, noise %.1f%%, ARI vs truth %.3f%n", what, total, cpu, st.get("neighbors"),
                st.get("mst"),
                st.get("tree"), st.get("selection"), m.k(), 100.0 * noise / m.rows(),
                AdjustedRandIndex.score(truth, m.labels()));
    }

    /** Gaussian clusters as {@link KMeansBench#data}, a share of rows replaced by uniform noise (truth -1). */
    static FloatMatrix data(int rows, int cols, int clusters, double noise, long seed, int[] truth) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] scale = new float[cols];
        for (int j = 0; j < cols; j++) {
            scale[j] = (float) (1 / Math.sqrt(1 + j));
        }
        float[] means = new float[clusters * cols];
        for (int i = 0; i < means.length; i++) {
            means[i] = (float) (4 * rnd.nextGaussian() * scale[i % cols]);
        }
        FloatMatrix x = FloatMatrix.zeros(rows, cols);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            if (rnd.nextDouble() < noise) {
                truth[r] = -1;
                for (int j = 0; j < cols; j++) {
                    row[j] = (float) ((rnd.nextDouble() * 2 - 1) * 10 * scale[j]);
                }
            } else {
                int c = rnd.nextInt(clusters);
                truth[r] = c;
                for (int j = 0; j < cols; j++) {
                    row[j] = means[c * cols + j] + (float) rnd.nextGaussian() * scale[j];
                }
            }
            x.setRow(r, row, 0);
        }
        return x;
    }

    /** Spearman's rank correlation, ties at their average rank. */
    static double spearman(float[] a, float[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < ra.length; i++) {
            ma += ra[i];
            mb += rb[i];
        }
        ma /= ra.length;
        mb /= rb.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < ra.length; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static double[] ranks(float[] v) {
        int n = v.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToIntBits(v[i] + 0f);
            int ordered = bits >= 0 ? bits : bits ^ 0x7fffffff;
            keys[i] = ((long) ordered << 32) | i;
        }
        Arrays.sort(keys);
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && (int) (keys[j + 1] >> 32) == (int) (keys[i] >> 32)) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int q = i; q <= j; q++) {
                r[(int) keys[q]] = avg;
            }
            i = j + 1;
        }
        return r;
    }
}
