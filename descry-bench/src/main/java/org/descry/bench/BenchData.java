package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;

/** Seeded inputs and kernel selection shared by the benchmarks. */
final class BenchData {

    private BenchData() {}

    static Kernels kernels(String impl, int threads) {
        return switch (impl) {
            case "vector" -> Kernels.best().withThreads(threads);
            case "scalar" -> Kernels.scalar().withThreads(threads);
            default -> throw new IllegalArgumentException("impl must be vector or scalar, got " + impl);
        };
    }

    static float[] floats(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    static FloatMatrix matrix(SplittableRandom rnd, int rows, int cols) {
        return FloatMatrix.wrap(floats(rnd, rows * cols), rows, cols);
    }

    /** Parses {@code "2048x2560"} or {@code "2048x2048x2560"}. */
    static int[] shape(String s, int parts) {
        String[] p = s.split("x");
        if (p.length != parts) {
            throw new IllegalArgumentException("shape must have " + parts + " parts like 2048x2560, got " + s);
        }
        int[] out = new int[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = Integer.parseInt(p[i]);
        }
        return out;
    }

    /**
     * Prints the machine-readable line {@code run-core-bench.sh} collects: {@code RESULT step=<id> seconds=<s>
     * rss_gb=<peak RSS (VmHWM) so far, or since the last resetPeakRss>} and, when known, the scikit-learn figure of
     * the issue table the script falls back to when it cannot time scikit-learn itself.
     */
    static void result(String step, double seconds, double sklearnReference) {
        System.out.println(String.format(Locale.ROOT, "RESULT step=%s seconds=%.4f rss_gb=%.2f%s", step, seconds,
                peakRssGb(), Double.isNaN(sklearnReference) ? "" : String.format(Locale.ROOT, " sklearn_ref=%.3f",
                        sklearnReference)));
    }

    /** Peak resident set ({@code VmHWM}) in GB (10^9 bytes), or NaN where /proc is missing. */
    static double peakRssGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024 / 1e9;
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** Resets {@code VmHWM} to the current RSS ({@code /proc/self/clear_refs}); false where not allowed. */
    static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
