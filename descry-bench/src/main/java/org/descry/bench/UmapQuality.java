package org.descry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.embed.Umap;
import org.descry.embed.UmapModel;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.descry.study.Preprocessing;

/**
 * Writes the UMAP embedding of descriptor sets of a case, standard-scaled then PCA to 90% variance, beside the
 * reduced rows, for {@code descry-bench/umap_quality.py} to score with scikit-learn's {@code trustworthiness}.
 * Arguments after the case and output folders are set names, or {@code name=value} settings applied to
 * {@link Umap#defaults()} in order ({@code preset=umap-learn} restarts from {@link Umap#umapLearn()};
 * {@code n_neighbors}, {@code min_dist}, {@code n_epochs}, {@code negative_sample_rate},
 * {@code repulsion_strength}, {@code learning_rate}, {@code seed}, {@code threads}); {@code tag=t} writes
 * {@code <set>-umap-t.npy} instead of {@code <set>-umap.npy}.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx2g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.UmapQuality ../shared/data/fashion-case /tmp/umap-quality hog color [min_dist=0 ...]</pre>
 */
public final class UmapQuality {

    private UmapQuality() {}

    public static void main(String[] args) throws IOException {
        Path caseDir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        Umap config = Umap.defaults();
        String tag = "";
        List<String> names = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 0) {
                names.add(args[i]);
                continue;
            }
            String key = args[i].substring(0, eq);
            String v = args[i].substring(eq + 1);
            config = switch (key) {
                case "n_neighbors" -> config.withNeighbors(Integer.parseInt(v));
                case "min_dist" -> config.withMinDist(Double.parseDouble(v));
                case "n_epochs" -> config.withEpochs(Integer.parseInt(v));
                case "negative_sample_rate" -> config.withNegativeSampleRate(Double.parseDouble(v));
                case "repulsion_strength" -> config.withRepulsionStrength(Double.parseDouble(v));
                case "learning_rate" -> config.withLearningRate(Double.parseDouble(v));
                case "seed" -> config.withSeed(Long.parseLong(v));
                case "threads" -> config.withThreads(Integer.parseInt(v));
                case "preset" -> switch (v) {
                    case "umap-learn" -> Umap.umapLearn().withThreads(config.threads()).withSeed(config.seed());
                    case "descry" -> Umap.defaults().withThreads(config.threads()).withSeed(config.seed());
                    default -> throw new IllegalArgumentException("preset must be umap-learn or descry, got " + v);
                };
                case "tag" -> config;
                default -> throw new IllegalArgumentException("unknown setting " + key);
            };
            if (key.equals("tag")) {
                tag = "-" + v;
            }
        }
        var bean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (String name : names) {
            FloatMatrix raw = NumpyReader.read(caseDir.resolve("descriptors").resolve(name + ".pickle")).toFloatMatrix();
            FloatMatrix x = new Preprocessing(Scaler.STANDARD, Pca.varianceFraction(0.9)).fit(raw, Progress.NONE)
                    .reduced();
            long s = System.nanoTime();
            long cpu = bean.getProcessCpuTime();
            UmapModel m = config.fit(x, name, Progress.NONE);
            System.out.printf("%s: %d x %d -> UMAP in %.1f s wall, %.1f s CPU (%s), init %s, %s%n", name, x.rows(),
                    x.cols(), (System.nanoTime() - s) / 1e9, (bean.getProcessCpuTime() - cpu) / 1e9, m.seconds(),
                    m.provenance().config().get("init_used"), m.provenance().config());
            NumpyWriter.writeNpy(out.resolve(name + "-x.npy"), x);
            NumpyWriter.writeNpy(out.resolve(name + "-umap" + tag + ".npy"), m.embedding());
        }
    }
}
