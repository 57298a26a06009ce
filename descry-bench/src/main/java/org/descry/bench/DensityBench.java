package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.descry.cluster.Dbscan;
import org.descry.cluster.DbscanModel;
import org.descry.cluster.KDistance;
import org.descry.cluster.KDistanceCurve;
import org.descry.cluster.Optics;
import org.descry.cluster.OpticsModel;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyWriter;
import org.descry.metrics.AdjustedRandIndex;

/**
 * Density clustering at full size on synthetic float32 data shaped like a 50-column PCA projection
 * ({@link KMeansBench#data}: 40 Gaussian clusters, feature scales decaying like principal components): the
 * k-distance curve on a seeded sample and its knee as eps, DBSCAN with that eps on all rows, and OPTICS in its
 * scalable approximate mode (updates restricted to a symmetrized NN-descent k-NN graph). On a sample
 * ({@code --sample}, default 20,000 rows) exact OPTICS and DBSCAN are timed too, and the approximate mode's
 * agreement with exact OPTICS is measured: ARI of the ξ and DBSCAN-cut labels and Spearman correlation of the
 * reachability. {@code --dump FILE} writes the sample as {@code .npy} for {@code sklearn_density.py}.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx5g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.DensityBench [--rows 416314] [--cols 50] [--min-samples 10] [--graph-k 20]
 *     [--sample 20000] [--kdist-sample 5000] [--dump /tmp/density_sample.npy] [--skip-full]</pre>
 */
public final class DensityBench {

    private DensityBench() {}

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 50;
        int minSamples = 10;
        int graphK = 20;
        int sample = 20_000;
        int kdistSample = 5_000;
        Path dump = null;
        boolean skipFull = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--min-samples" -> minSamples = Integer.parseInt(args[++i]);
                case "--graph-k" -> graphK = Integer.parseInt(args[++i]);
                case "--sample" -> sample = Integer.parseInt(args[++i]);
                case "--kdist-sample" -> kdistSample = Integer.parseInt(args[++i]);
                case "--dump" -> dump = Path.of(args[++i]);
                case "--skip-full" -> skipFull = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        FloatMatrix x = KMeansBench.data(rows, cols, 40, 42);
        System.out.printf("data %d x %d float32, %d threads, min_samples %d, load average %s%n", rows, cols,
                Runtime.getRuntime().availableProcessors(), minSamples, loadavg());

        long t = System.nanoTime();
        KDistanceCurve curve = KDistance.of(minSamples).withSample(kdistSample, 1).fit(x, Progress.NONE);
        double eps = curve.kneeEps();
        System.out.printf("k-distance on %d sampled rows: %.2f s; knee eps %.4f (quantiles 0.5 %.4f, 0.9 %.4f)%n",
                kdistSample, secs(t), eps, curve.quantile(0.5), curve.quantile(0.9));

        FloatMatrix small = x.rowRange(0, Math.min(sample, rows)).copy();
        if (dump != null) {
            NumpyWriter.writeNpy(dump, small);
            System.out.printf("sample written to %s; eps for sklearn_density.py: %.6f%n", dump, eps);
        }
        t = System.nanoTime();
        DbscanModel dbSmall = Dbscan.of(eps).withMinSamples(minSamples).fit(small, Progress.NONE);
        System.out.printf("DBSCAN, %d rows: %.2f s, %d clusters, %d noise%n", small.rows(), secs(t), dbSmall.k(),
                dbSmall.noiseCount());
        Optics exact = Optics.of(minSamples);
        t = System.nanoTime();
        OpticsModel exactModel = exact.fit(small, Progress.NONE);
        System.out.printf("OPTICS exact, %d rows: %.2f s, %d xi clusters%n", small.rows(), secs(t), exactModel.k());
        for (Optics.Neighbourhood mode : new Optics.Neighbourhood[] {Optics.Neighbourhood.KNN_EXACT,
            Optics.Neighbourhood.KNN_DESCENT}) {
            t = System.nanoTime();
            OpticsModel approx = exact.withGraph(mode, graphK).withSeed(1).fit(small, Progress.NONE);
            double s = secs(t);
            int[] cutExact = Optics.of(minSamples).withDbscanEps(eps).fit(small, Progress.NONE).labels();
            int[] cutApprox = exact.withGraph(mode, graphK).withSeed(1).withDbscanEps(eps).fit(small, Progress.NONE)
                    .labels();
            System.out.printf("OPTICS %s graph k=%d, %d rows: %.2f s; vs exact: xi ARI %.4f, dbscan-cut ARI %.4f, "
                    + "reachability Spearman %.4f%n", mode, graphK, small.rows(), s,
                    AdjustedRandIndex.score(exactModel.labels(), approx.labels()),
                    AdjustedRandIndex.score(cutExact, cutApprox),
                    spearman(exactModel.reachability(), approx.reachability()));
        }
        if (!skipFull) {
            t = System.nanoTime();
            OpticsModel op = exact.withGraph(Optics.Neighbourhood.KNN_DESCENT, graphK).withSeed(1)
                    .fit(x, Progress.NONE);
            System.out.printf("OPTICS knn-descent k=%d, all %d rows: %.1f s, %d xi clusters; peak RSS %.2f GB; "
                    + "load average %s%n", graphK, rows, secs(t), op.k(), rssGb(), loadavg());
            t = System.nanoTime();
            DbscanModel db = Dbscan.of(eps).withMinSamples(minSamples).fit(x, Progress.NONE);
            System.out.printf("DBSCAN, all %d rows: %.1f s, %d clusters, %d noise, %d core; peak RSS %.2f GB%n", rows,
                    secs(t), db.k(), db.noiseCount(), db.coreSampleIndices().length, rssGb());
            t = System.nanoTime();
            op = exact.withGraph(Optics.Neighbourhood.KNN_EXACT, graphK).fit(x, Progress.NONE);
            System.out.printf("OPTICS knn-exact k=%d, all %d rows: %.1f s, %d xi clusters; peak RSS %.2f GB%n",
                    graphK, rows, secs(t), op.k(), rssGb());
        }
        System.out.printf("peak RSS %.2f GB (VmHWM); process CPU %.0f s; load average %s%n", rssGb(),
                ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9, loadavg());
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double rssGb() throws IOException {
        return KMeansBench.peakRssKb() / 1024.0 / 1024.0;
    }

    private static String loadavg() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    /** Spearman's rho with average ranks for ties; infinity ranks above every finite value. */
    static double spearman(double[] a, double[] b) {
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

    private static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> Double.compare(v[p], v[q]));
        double[] r = new double[n];
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            for (int m = i; m <= j; m++) {
                r[idx[m]] = (i + j) / 2.0;
            }
            i = j + 1;
        }
        return r;
    }
}
