package org.descry.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSample;
import org.descry.embed.Umap;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;
import org.descry.plot.ScatterPlot;

/**
 * The study's 2-D UMAP maps (McInnes, Healy and Melville 2018): each descriptor set's chosen clustering drawn on
 * a UMAP embedding of its preprocessed rows, which shows what the first two principal components hide (clusters
 * that overlap in any linear projection). Above {@value #MAX_ROWS} rows the map embeds a seeded sample of that
 * many rows: a scatter of 20,000 points already shows every cluster of a few hundred images, and embedding all
 * 416,314 rows of four sets would cost minutes each for no visible difference. Embeddings are kept in the study's
 * {@link WorkCache} under the rows' fingerprint and the UMAP settings, so a rerun draws the map again in a blink.
 */
final class StudyMaps {

    /** Most rows a map embeds. */
    static final int MAX_ROWS = 20_000;

    private static final String FILE = "embedding.npy";

    private final WorkCache cache;
    private final long seed;
    private final Consumer<String> log;

    StudyMaps(WorkCache cache, long seed, Consumer<String> log) {
        this.cache = cache;
        this.seed = seed;
        this.log = log;
    }

    /** A drawn map: its file and how many rows it shows. */
    record Map(Path png, int shown) {}

    /** Draws {@code labels} on the UMAP of {@code reduced} into {@code png}. */
    Map draw(FloatMatrix reduced, int[] labels, String title, Path png) throws IOException {
        int n = reduced.rows();
        int[] rows = n <= MAX_ROWS ? null : RowSample.sorted(n, MAX_ROWS, seed);
        FloatMatrix x = rows == null ? reduced : reduced.selectRows(rows);
        Umap umap = Umap.defaults().withComponents(2).withSeed(seed);
        String key = WorkCache.key(List.of(), "umap-map", umap.toString(), WorkCache.fingerprint(x));
        Path dir = cache.findFiles(key);
        FloatMatrix xy;
        if (dir != null) {
            xy = NumpyReader.readMatrix(dir.resolve(FILE));
        } else {
            long t0 = System.nanoTime();
            FloatMatrix embedded = umap.fit(x, Progress.NONE).embedding();
            cache.storeFiles(key, d -> NumpyWriter.writeNpy(d.resolve(FILE), embedded));
            log.accept(String.format(Locale.ROOT, "UMAP map of %,d rows: %.1f s", x.rows(),
                    (System.nanoTime() - t0) / 1e9));
            xy = embedded;
        }
        float[] px = new float[xy.rows()];
        float[] py = new float[xy.rows()];
        int[] shownLabels = new int[xy.rows()];
        for (int i = 0; i < px.length; i++) {
            px[i] = xy.get(i, 0);
            py[i] = xy.get(i, 1);
            shownLabels[i] = labels[rows == null ? i : rows[i]];
        }
        ScatterPlot.titled(title).withSeed(seed).withAxisLabels("UMAP 1", "UMAP 2").writePng(png, px, py,
                shownLabels);
        return new Map(png, xy.rows());
    }
}
