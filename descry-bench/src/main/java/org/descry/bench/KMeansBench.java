package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.descry.cluster.KMeans;
import org.descry.cluster.KMeansModel;
import org.descry.cluster.MiniBatchKMeans;
import org.descry.data.FloatMatrix;

/**
 * Full-size k-means timings against scikit-learn 1.2.1's figures on the same shape: one Lloyd iteration (k=10),
 * k-means++ seeding (k=10) and a whole mini-batch k-means fit (k=10, batch 4096), on synthetic float32 data
 * shaped like a 250-component PCA projection of descriptors (40 Gaussian clusters in a space whose feature
 * scales decay like principal components).
 *
 * <p>One Lloyd iteration is timed through the public API as the difference of fits with {@code maxIter = 1}
 * and {@code maxIter = 11} (tol 0), divided by the extra iterations actually run, so the data-statistics pass
 * and the final labelling pass cancel out.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx3g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.KMeansBench [--rows 416314] [--cols 250] [--reps 3]</pre>
 */
public final class KMeansBench {

    private static final double SKLEARN_LLOYD_ITER = 0.166;
    private static final double SKLEARN_PLUSPLUS = 6.1;
    private static final double SKLEARN_MINIBATCH = 1.7;

    private KMeansBench() {}

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 250;
        int reps = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --rows N --cols D --reps R");
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        FloatMatrix x = data(rows, cols, 40, 42);
        System.out.printf("data %d x %d float32 (%.0f MB) made in %.1f s, %d threads%n", rows, cols,
                4.0 * rows * cols / 1e6, (System.nanoTime() - t0) / 1e9, threads);

        FloatMatrix init = KMeans.kMeansPlusPlus(x, 10, 1, threads);
        KMeans one = KMeans.of(10).withInitialCentres(init).withTol(0).withThreads(threads);
        double bestIter = Double.POSITIVE_INFINITY;
        double bestSeed = Double.POSITIVE_INFINITY;
        double bestMini = Double.POSITIVE_INFINITY;
        for (int r = 0; r < reps; r++) {
            long a = System.nanoTime();
            one.withMaxIter(1).fit(x);
            long b = System.nanoTime();
            KMeansModel m = one.withMaxIter(11).fit(x);
            long c = System.nanoTime();
            if (m.nIter() > 1) {
                bestIter = Math.min(bestIter, ((c - b) - (b - a)) / 1e9 / (m.nIter() - 1));
            }
            long s0 = System.nanoTime();
            KMeans.kMeansPlusPlus(x, 10, r, threads);
            bestSeed = Math.min(bestSeed, (System.nanoTime() - s0) / 1e9);
            long m0 = System.nanoTime();
            KMeansModel mb = MiniBatchKMeans.of(10).withBatchSize(4096).withSeed(r).withThreads(threads).fit(x);
            double mt = (System.nanoTime() - m0) / 1e9;
            bestMini = Math.min(bestMini, mt);
            System.out.printf("rep %d: lloyd iteration %.4f s, k-means++ %.3f s, mini-batch %.3f s (n_iter %d, "
                    + "inertia %.4g vs full k-means %.4g)%n", r, ((c - b) - (b - a)) / 1e9 / Math.max(1,
                    m.nIter() - 1), bestSeed, mt, mb.nIter(), mb.inertia(), m.inertia());
        }
        System.out.println();
        row("Lloyd iteration, k=10", bestIter, SKLEARN_LLOYD_ITER);
        row("k-means++ seeding, k=10", bestSeed, SKLEARN_PLUSPLUS);
        row("mini-batch k-means fit, k=10, batch 4096", bestMini, SKLEARN_MINIBATCH);
        System.out.printf("peak RSS %.2f GB (VmHWM)%n", peakRssKb() / 1024.0 / 1024.0);
    }

    private static void row(String what, double seconds, double sklearn) {
        System.out.printf("%-42s %8.4f s   scikit-learn %.3f s   ratio %.1fx%n", what, seconds, sklearn,
                sklearn / seconds);
    }

    /**
     * {@code rows x cols} float32 rows from {@code clusters} Gaussian clusters: cluster means with feature scale
     * {@code 4 / sqrt(1 + j)} and within-cluster noise {@code 1 / sqrt(1 + j)} for feature {@code j}, like the
     * decaying variances of principal components.
     */
    static FloatMatrix data(int rows, int cols, int clusters, long seed) {
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
            int c = rnd.nextInt(clusters);
            for (int j = 0; j < cols; j++) {
                row[j] = means[c * cols + j] + (float) rnd.nextGaussian() * scale[j];
            }
            x.setRow(r, row, 0);
        }
        return x;
    }

    static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
