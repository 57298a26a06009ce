package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.outlier.GraphModel;
import org.descry.outlier.OutlierMethod;
import org.descry.outlier.RankEnsemble;

/**
 * The default outlier ensemble ({@link OutlierMethod#ENSEMBLE}: lof-range and dense on one shared 50-NN graph) at
 * full size: fit on {@code --rows} training rows and score as many new rows drawn from the same clusters (the
 * {@link KMeansBench} generator: 40 Gaussian clusters, feature scales decaying like principal components), then
 * the recall@50 and recall@20 of the new rows' neighbour query on a sample against brute force. Above
 * {@code org.descry.outlier.Neighbours#EXACT_LIMIT} rows the graph is NN-descent and new rows are found by
 * graph search; {@code --exact-limit} moves that limit. Prints wall and process CPU seconds per step, the load
 * average before and after, and the peak RSS.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx5g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.OutlierScaleBench [--rows 416314] [--cols 250] [--sample 2000] [--exact-limit N] [--save dir] [--load dir]</pre>
 *
 * <p>{@code --load} scores with a model saved by an earlier {@code --save} on the same data (the generator is
 * seeded) instead of fitting.
 */
public final class OutlierScaleBench {

    private OutlierScaleBench() {}

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 250;
        int sample = 2000;
        int exactLimit = -1;
        int maxReference = RankEnsemble.ALL_ROWS;
        Path save = null;
        Path loadFrom = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--sample" -> sample = Integer.parseInt(args[++i]);
                case "--exact-limit" -> exactLimit = Integer.parseInt(args[++i]);
                case "--max-reference" -> maxReference = Integer.parseInt(args[++i]);
                case "--save" -> save = Path.of(args[++i]);
                case "--load" -> loadFrom = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --rows N --cols D --sample S --exact-limit N --max-reference N --save DIR --load DIR");
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        FloatMatrix[] xs = data(rows, cols, 40, 42);
        FloatMatrix train = xs[0];
        FloatMatrix fresh = xs[1];
        System.out.printf("data 2 x %d x %d float32 (%.0f MB each) in %.1f s, %d threads; load %s%n", rows, cols,
                4.0 * rows * cols / 1e6, (System.nanoTime() - t0) / 1e9, threads, load());
        RankEnsemble ensemble = ((RankEnsemble) OutlierMethod.ENSEMBLE.detector(OutlierMethod.Settings.defaults()))
                .withMaxReference(RankEnsemble.ALL_ROWS);
        if (exactLimit >= 0) {
            ensemble = ensemble.withExactLimit(exactLimit);
        }
        long w = System.nanoTime();
        long c = cpuNanos();
        RankEnsemble.Model model = loadFrom != null ? RankEnsemble.Model.load(loadFrom)
                : ensemble.fit(train, Progress.NONE);
        double fitWall = (System.nanoTime() - w) / 1e9;
        double fitCpu = (cpuNanos() - c) / 1e9;
        GraphModel lofRange = (GraphModel) model.members().get(0);
        System.out.printf("ensemble %s (one 50-NN graph, %s)          %8.1f s wall  %8.1f s cpu   load %s%n",
                loadFrom != null ? "loaded" : "fit", lofRange.neighbours().approximate() ? "NN-descent + search graph"
                        : "exact", fitWall, fitCpu, load());
        System.out.println("  " + model.provenance());

        w = System.nanoTime();
        c = cpuNanos();
        double[] scores = model.score(fresh);
        double scoreWall = (System.nanoTime() - w) / 1e9;
        double scoreCpu = (cpuNanos() - c) / 1e9;
        int flagged = 0;
        for (double s : scores) {
            flagged += s > model.threshold() ? 1 : 0;
        }
        System.out.printf("score %d new rows (one 50-NN query)           %8.1f s wall  %8.1f s cpu   load %s"
                + "  (%.1f%% flagged, contamination %.2f)%n", rows, scoreWall, scoreCpu, load(),
                100.0 * flagged / rows, model.contamination());

        if (maxReference < rows) {
            w = System.nanoTime();
            c = cpuNanos();
            RankEnsemble.Model ref = ensemble.fitReference(train, maxReference, Progress.NONE);
            System.out.printf("reference ensemble on a sample of %,d rows       %8.1f s wall  %8.1f s cpu   load %s%n",
                    maxReference, (System.nanoTime() - w) / 1e9, (cpuNanos() - c) / 1e9, load());
            w = System.nanoTime();
            c = cpuNanos();
            double[] byRef = model.withReference(ref).score(fresh);
            double refWall = (System.nanoTime() - w) / 1e9;
            double refCpu = (cpuNanos() - c) / 1e9;
            int both = 0;
            int refFlagged = 0;
            for (int i = 0; i < rows; i++) {
                boolean a = scores[i] > model.threshold();
                boolean b = byRef[i] > model.threshold();
                refFlagged += b ? 1 : 0;
                both += a && b ? 1 : 0;
            }
            System.out.printf("score %d new rows against the %,d-row sample   %8.1f s wall  %8.1f s cpu   load %s%n"
                    + "  flagged %.2f%% (full reference %.2f%%), both %,d of %,d / %,d; Spearman %.4f%n", rows,
                    maxReference, refWall, refCpu, load(), 100.0 * refFlagged / rows, 100.0 * flagged / rows, both,
                    flagged, refFlagged, spearman(scores, byRef));
        }
        int m = Math.min(sample, rows);
        FloatMatrix queries = fresh.rowRange(0, m).copy();
        w = System.nanoTime();
        KnnGraph approx = lofRange.neighbours().query(queries, 50);
        double qWall = (System.nanoTime() - w) / 1e9;
        KnnGraph truth = ExactKnn.query(train, queries, 50);
        System.out.printf("query recall on %d new rows: recall@50 %.4f, recall@20 %.4f  (%s; query %.2f s)%n", m,
                recall(approx, truth, 50), recall(approx, truth, 20), approx.provenance().config(), qWall);
        if (save != null) {
            w = System.nanoTime();
            model.save(save);
            double saveWall = (System.nanoTime() - w) / 1e9;
            w = System.nanoTime();
            RankEnsemble.Model back = RankEnsemble.Model.load(save);
            double loadWall = (System.nanoTime() - w) / 1e9;
            w = System.nanoTime();
            double[] again = back.score(fresh.rowRange(0, m).copy());
            boolean same = true;
            for (int i = 0; i < m; i++) {
                same &= again[i] == scores[i];
            }
            System.out.printf("save %.1f s, load %.1f s, loaded model scores the sample identically: %s%n", saveWall,
                    loadWall, same);
        }
        System.out.printf("peak RSS (VmHWM) %.2f GB; load %s%n", BenchData.peakRssGb(), load());
    }

    /** Spearman's rank correlation (mid-ranks for ties). */
    static double spearman(double[] a, double[] b) {
        double[] ra = RankEnsemble.normalisedRanks(a);
        double[] rb = RankEnsemble.normalisedRanks(b);
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += ra[i] / a.length;
            mb += rb[i] / a.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Recall@k of the first {@code k} columns of {@code approx} against {@code truth}, ties at the k-th counted. */
    static double recall(KnnGraph approx, KnnGraph truth, int k) {
        long hits = 0;
        for (int q = 0; q < truth.rows(); q++) {
            float kth = truth.distance(q, k - 1);
            for (int a = 0; a < k; a++) {
                int j = approx.neighbour(q, a);
                boolean found = approx.distance(q, a) <= kth;
                for (int t = 0; t < k && !found; t++) {
                    found = truth.neighbour(q, t) == j;
                }
                hits += found ? 1 : 0;
            }
        }
        return hits / ((double) truth.rows() * k);
    }

    /** Training and new rows of the same clusters ({@link KMeansBench#data}'s model, one set of cluster means). */
    static FloatMatrix[] data(int rows, int cols, int clusters, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] scale = new float[cols];
        for (int j = 0; j < cols; j++) {
            scale[j] = (float) (1 / Math.sqrt(1 + j));
        }
        float[] means = new float[clusters * cols];
        for (int i = 0; i < means.length; i++) {
            means[i] = (float) (4 * rnd.nextGaussian() * scale[i % cols]);
        }
        FloatMatrix[] out = new FloatMatrix[2];
        float[] row = new float[cols];
        for (int s = 0; s < 2; s++) {
            float[] v = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                int c = rnd.nextInt(clusters);
                for (int j = 0; j < cols; j++) {
                    v[r * cols + j] = means[c * cols + j] + (float) rnd.nextGaussian() * scale[j];
                }
            }
            out[s] = FloatMatrix.wrap(v, rows, cols);
        }
        return out;
    }
}
