package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.descry.data.Case;
import org.descry.data.DescryException;
import org.descry.embed.Tsne;
import org.descry.embed.Umap;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.EmbeddingCsv;
import org.descry.preprocess.Pca;
import org.descry.study.Preprocessing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry embed CASE}: a 2-D or 3-D map of one descriptor set, written as {@code path,x,y[,z]}. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Maps one descriptor set to 2 or 3 dimensions and writes path,x,y[,z].",
                "Scales and reduces the descriptor set (--scaler, --pca), then embeds it with the method: pca keeps",
                "the first principal components; tsne and umap are non-linear maps. Draw the result with",
                "'descry plot'. Defaults: --scaler standard; --pca the --dims count for pca (fused with the scaler in",
                "one pass over the data), 50 for tsne and umap."})
final class EmbedCommand implements Callable<Integer> {

    /** Turns preprocessed rows into the embedding. */
    @FunctionalInterface
    interface Embedder {
        FloatMatrix embed(FloatMatrix x, Progress progress);
    }

    @Parameters(paramLabel = "CASE", description = "The case folder.")
    Path caseDir;

    @Option(names = "--descriptor", required = true, paramLabel = "NAME", description = "Descriptor set to embed.")
    String descriptor;

    @Option(names = "--method", required = true, paramLabel = "pca|tsne|umap", description = "Embedding method.")
    String method;

    @Option(names = "--dims", defaultValue = "2", paramLabel = "2|3", description = "Dimensions (default ${DEFAULT-VALUE}).")
    int dims;

    @Mixin
    PreprocessOptions preprocess = new PreprocessOptions();

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "embedding.csv", description = "Where to write path,x,y[,z].")
    Path out;

    @Mixin
    CaseOptions caseOptions = new CaseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (dims != 2 && dims != 3) {
            throw new DescryException("--dims must be 2 or 3, got " + dims);
        }
        String m = method.trim().toLowerCase(Locale.ROOT);
        Embedder embedder = embedder(m, dims, seed);
        Preprocessing pre = preprocess.resolve("standard", m.equals("pca") ? Integer.toString(dims) : "50");
        long t0 = System.nanoTime();
        try (Case c = caseOptions.open(caseDir, err)) {
            FloatMatrix y;
            try (ProgressBar bar = new ProgressBar("embed " + descriptor + " (" + m + ")", err)) {
                FloatMatrix x = pre.fit(c.descriptor(descriptor, bar), bar).reduced();
                if (x.cols() < dims) {
                    throw new DescryException("--pca: the preprocessed rows have " + x.cols() + " columns, fewer than --dims "
                            + dims);
                }
                y = embedder.embed(x, bar);
            }
            EmbeddingCsv.of(c.paths(), y).write(out);
            o.printf("wrote %s (%,d rows, %d dimensions, %s of %s) in %.1f s%n", out, y.rows(), dims, m, descriptor,
                    (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    /**
     * The one place that maps a method name to its implementation. For {@code pca} the preprocessing already
     * reduced to {@code dims} components (the default {@code --pca} is the dimension count, fused with the scaler in
     * one pass), so this PCA only rotates them; with an explicit {@code --pca} it reduces further.
     */
    static Embedder embedder(String method, int dims, long seed) {
        return switch (method) {
            case "pca" -> (x, progress) -> Pca.components(dims).withSeed(seed).fitTransform(x, progress).projected();
            case "umap" -> (x, progress) -> Umap.defaults().withComponents(dims).withSeed(seed).fit(x, progress)
                    .embedding();
            case "tsne" -> (x, progress) -> Tsne.of(dims).withSeed(seed).fit(x, progress).coordinates();
            default -> throw new DescryException("--method must be pca, tsne or umap, got '" + method + "'");
        };
    }
}
