package org.descry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSubset;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.descry.study.DescriptorMix;
import org.descry.study.Preprocessing;

/**
 * The study's preprocessing of one descriptor set's inliers at full size, as {@code Study.prepare} runs it: a seeded
 * random share of the rows (97% by default, as the study's 3% contamination leaves), the scaler and PCA fitted on
 * them. {@code --mode release} reads the inliers in place from the mapped set and releases each block's pages once
 * read (the study today); {@code --mode inplace} reads them in place and keeps the pages; {@code --mode copy} first
 * copies them ({@code selectRows}, the study before).
 *
 * <p>Prints wall and process CPU seconds, the load average, and the peak of {@code VmHWM}, {@code RssAnon} and
 * {@code RssFile} (the last two sampled every 50 ms), counted from after the set's first read (its non-finite check)
 * and the dropping of its pages, which is where the study starts the step.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx2g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.SubsetPrepBench [--case /work/bench/case-416314] [--set efficientnet-b7] [--share 0.97]
 *     [--mode release|inplace|copy] [--scaler standard] [--pca 0.9]</pre>
 */
public final class SubsetPrepBench {

    private SubsetPrepBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("/work/bench/case-416314");
        String set = "efficientnet-b7";
        double share = 0.97;
        String mode = "release";
        String scaler = "standard";
        String pca = "0.9";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--case" -> dir = Path.of(args[++i]);
                case "--set" -> set = args[++i];
                case "--share" -> share = Double.parseDouble(args[++i]);
                case "--mode" -> mode = args[++i];
                case "--scaler" -> scaler = args[++i];
                case "--pca" -> pca = args[++i];
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; use --case DIR --set "
                        + "NAME --share F --mode release|inplace|copy --scaler NAME --pca N|F|none");
            }
        }
        if (!List.of("release", "inplace", "copy").contains(mode)) {
            throw new IllegalArgumentException("--mode must be release, inplace or copy, got " + mode);
        }
        try (Case input = Case.open(dir)) {
            long t0 = System.nanoTime();
            FloatMatrix x = input.descriptor(set);
            System.out.printf(Locale.ROOT, "%s: %,d x %d, first read and non-finite check %.1f s, peak VmHWM %.2f GB%n",
                    set, x.rows(), x.cols(), (System.nanoTime() - t0) / 1e9, BenchData.peakRssGb());
            double keep = share;
            SplittableRandom rnd = new SplittableRandom(42);
            int[] rows = IntStream.range(0, x.rows()).filter(r -> rnd.nextDouble() < keep).toArray();
            x.unload();
            System.gc();
            BenchData.resetPeakRss();
            Sampler sampler = new Sampler();
            sampler.start();
            long cpu0 = cpuNanos();
            t0 = System.nanoTime();
            Preprocessing pre = new Preprocessing(Scaler.fromName(scaler), pca.equals("none") ? null : Pca.parse(pca));
            DescriptorMix mix = DescriptorMix.parse(set);
            DescriptorMix.Fitted f = switch (mode) {
                case "copy" -> mix.fit(List.of(x.selectRows(rows)), pre, Progress.NONE);
                case "inplace" -> mix.fitRows(List.of(RowSubset.of(x, rows)), pre, Progress.NONE);
                default -> mix.fitRows(List.of(RowSubset.of(x, rows).releasingPages()), pre, Progress.NONE);
            };
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            sampler.interrupt();
            sampler.join();
            System.out.printf(Locale.ROOT, "%s preprocessing (%s, PCA %s) of %,d of %,d rows -> %d columns: %.1f s wall, "
                    + "%.1f s CPU%n", mode, scaler, pca, rows.length, x.rows(), f.mixed().cols(), wall, cpu);
            System.out.printf(Locale.ROOT, "peak VmHWM %.2f GB; sampled peaks RssAnon %.2f GB, RssFile %.2f GB, "
                    + "RSS %.2f GB; heap used at end %.2f GB; load average %s%n", BenchData.peakRssGb(),
                    sampler.anon / 1e6, sampler.file / 1e6, sampler.total / 1e6, heapUsedGb(), load());
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double heapUsedGb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / 1e9;
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    /** Samples {@code RssAnon}, {@code RssFile} and their sum (kB) every 50 ms and keeps the maxima. */
    private static final class Sampler extends Thread {
        volatile long anon;
        volatile long file;
        volatile long total;

        Sampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    break;
                }
            }
            sample();
        }

        private void sample() {
            long a = 0;
            long f = 0;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("RssAnon:")) {
                        a = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    } else if (line.startsWith("RssFile:")) {
                        f = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException e) {
                return;
            }
            anon = Math.max(anon, a);
            file = Math.max(file, f);
            total = Math.max(total, a + f);
        }
    }
}
