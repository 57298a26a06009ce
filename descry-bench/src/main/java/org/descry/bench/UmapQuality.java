package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx2g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.UmapQuality ../shared/data/fashion-case /tmp/umap-quality hog color</pre>
 */
public final class UmapQuality {

    private UmapQuality() {}

    public static void main(String[] args) throws IOException {
        Path caseDir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        for (int i = 2; i < args.length; i++) {
            String name = args[i];
            FloatMatrix raw = NumpyReader.read(caseDir.resolve("descriptors").resolve(name + ".pickle")).toFloatMatrix();
            FloatMatrix x = new Preprocessing(Scaler.STANDARD, Pca.varianceFraction(0.9)).fit(raw, Progress.NONE)
                    .reduced();
            long s = System.nanoTime();
            UmapModel m = Umap.defaults().fit(x, name, Progress.NONE);
            System.out.printf("%s: %d x %d -> UMAP in %.1f s (%s), init %s%n", name, x.rows(), x.cols(),
                    (System.nanoTime() - s) / 1e9, m.seconds(), m.provenance().config().get("init_used"));
            NumpyWriter.writeNpy(out.resolve(name + "-x.npy"), x);
            NumpyWriter.writeNpy(out.resolve(name + "-umap.npy"), m.embedding());
        }
    }
}
