package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.preprocess.Scaler;
import org.descry.study.ScalerSelection;
import org.descry.study.Study;

/**
 * The study's scaler choice ({@link ScalerSelection}, candidates standard and sqrt) at full size: on a sample of
 * {@link Study#SAMPLE_ROWS} rows of each of the reference sets' widths (efficientnet-b7 2560, osnet 512, vdc_color
 * 128, vdc_type 512), with non-negative right-skewed columns (a few clusters of exponential activations), prints
 * the process CPU seconds of each choice (the sample's gathering from the mapped pickles is not included; the study
 * pays it too, once per set). Run:
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx3g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.ScalerSelectionBench
 * </pre>
 */
public final class ScalerSelectionBench {

    public static void main(String[] args) throws IOException {
        int n = Study.SAMPLE_ROWS;
        ScalerSelection rule = new ScalerSelection(List.of(Scaler.STANDARD, Scaler.SQRT));
        SplittableRandom r = new SplittableRandom(1);
        double total = 0;
        for (int d : new int[] {2560, 512, 128, 512}) {
            float[] a = new float[n * d];
            for (int i = 0; i < n; i++) {
                int cluster = r.nextInt(8);
                for (int j = 0; j < d; j++) {
                    double rate = (j + cluster) % 8 == 0 ? 0.5 : 2;
                    a[i * d + j] = (float) (-Math.log(1 - r.nextDouble()) / rate);
                }
            }
            FloatMatrix x = FloatMatrix.wrap(a, n, d);
            long c0 = cpu();
            ScalerSelection.Choice c = rule.choose(List.of(x), Progress.NONE);
            double s = (cpu() - c0) / 1e9;
            total += s;
            System.out.printf("%,d x %d: %s (skewness standard %.3f, sqrt %.3f): %.2f s CPU%n", n, d,
                    c.chosen().cliName(), c.scores().get(0).skewness(), c.scores().get(1).skewness(), s);
        }
        System.out.printf("the four sets: %.2f s CPU; peak RSS %.2f GB (VmHWM); load average %s%n", total,
                KMeansBench.peakRssKb() / 1024.0 / 1024.0, Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
