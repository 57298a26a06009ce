package org.descry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.label.ClusterNames;
import org.descry.label.LabelBundle;
import org.descry.label.LabelSource;
import org.descry.label.Labeler;
import org.descry.model.ClusterModel;
import org.descry.model.Provenance;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.descry.study.Clustering;
import org.descry.study.DescriptorMix;
import org.descry.study.Preprocessing;

/**
 * How long {@code descry label} takes on the reference size: a {@link SyntheticCase} of 416,314 rows in the
 * reference widths (efficientnet-b7 2560, osnet 512, vdc_color 128, vdc_type 512; written once into
 * {@code --case DIR} and reused), a bundle of three sources fitted on a 20,000-row sample (standard scaler, PCA
 * 0.9, k-means k = 100: type from vdc_type, colour from vdc_color, view from efficientnet-b7, so one source reads
 * the 2560-wide set), every cluster named, then {@link Labeler} on every row, timed. No outlier model (its cost
 * is the outlier method's, measured by {@code OutlierBench}).
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx4g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.LabelBench --case /tmp/label-bench-case [--rows 416314] [--sample 20000] [--k 100]</pre>
 */
public final class LabelBench {

    private LabelBench() {}

    public static void main(String[] args) throws IOException {
        Path caseDir = null;
        int rows = 416_314;
        int sample = 20_000;
        int k = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--case" -> caseDir = Path.of(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--sample" -> sample = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --case DIR --rows N --sample N --k K");
            }
        }
        if (caseDir == null) {
            throw new IllegalArgumentException("--case DIR is required");
        }
        if (!Files.isRegularFile(caseDir.resolve("images_paths.csv"))) {
            long s = System.nanoTime();
            SyntheticCase.write(caseDir, rows, 0);
            System.out.printf("wrote the synthetic case (%,d rows) in %.1f s%n", rows, seconds(s));
        }
        try (Case c = Case.open(caseDir)) {
            rows = c.rows();
            int[] pick = new int[Math.min(sample, rows)];
            for (int i = 0; i < pick.length; i++) {
                pick[i] = (int) ((long) i * rows / pick.length);
            }
            Case train = c.select(pick);
            Map<String, String> bind = new LinkedHashMap<>();
            bind.put("type", "vdc_type");
            bind.put("colour", "vdc_color");
            bind.put("view", "efficientnet-b7");
            Map<String, LabelSource> sources = new LinkedHashMap<>();
            List<ClusterNames.Change> names = new ArrayList<>();
            long s = System.nanoTime();
            for (var e : bind.entrySet()) {
                DescriptorMix mix = DescriptorMix.parse(e.getValue());
                DescriptorMix.Fitted f = mix.fit(List.of(train.descriptor(e.getValue())),
                        new Preprocessing(Scaler.STANDARD, Pca.varianceFraction(0.9)), Progress.NONE);
                ClusterModel m = new Clustering("kmeans", k, 0, 1,
                        org.descry.cluster.CovarianceType.FULL).fit(f.mixed(), Progress.NONE);
                sources.put(e.getValue(), LabelSource.calibrate(e.getValue(), f.mix(), m, f.mixed(), 0.99,
                        Provenance.of("bench", Map.of(), 0, "bench")));
                for (int cl = 0; cl < k; cl++) {
                    names.add(new ClusterNames.Change(e.getKey(), cl, e.getKey() + "-" + (cl % 7)));
                }
                System.out.printf("source %-16s %4d columns -> %3d after PCA 0.9%n", e.getValue(),
                        train.descriptor(e.getValue()).cols(), f.mixed().cols());
            }
            System.out.printf("bundle fitted on %,d rows in %.1f s%n", pick.length, seconds(s));
            LabelBundle bundle = new LabelBundle(sources, bind, ClusterNames.empty().with(names), null,
                    Provenance.of("bench", Map.of(), 0, "bench"));
            Path out = Files.createTempFile("label-bench-", ".csv");
            for (String pass : List.of("first pass (descriptor pages read from disk as needed)",
                    "second pass (pages cached)")) {
                double cpu0 = cpuSeconds();
                s = System.nanoTime();
                Labeler.Summary sum = Labeler.label(bundle, c, out, Progress.NONE);
                double wall = seconds(s);
                double cpu = cpuSeconds() - cpu0;
                System.out.printf("label %,d rows (3 attributes, widths 512/128/2560), %s: %.1f s wall, %.1f s "
                        + "CPU (target: 60 s on 2 cores); load average %s%n", sum.rows(), pass, wall, cpu,
                        Files.readString(Path.of("/proc/loadavg")).strip());
            }
            System.out.printf("output %,d bytes; peak RSS %.2f GB (VmHWM, counts the mapped descriptor pages)%n",
                    Files.size(out), BenchData.peakRssGb());
            Files.delete(out);
        }
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
