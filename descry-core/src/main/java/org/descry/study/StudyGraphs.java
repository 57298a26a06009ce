package org.descry.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.KnnGraph;
import org.descry.knn.NnDescent;

/**
 * The k-nearest-neighbour graph of the rows a study clusters, built once per set of rows and shared: the
 * agglomerative connectivity graph and HDBSCAN's core distances and candidate spanning-tree edges both read the
 * {@value #NEIGHBORS} nearest neighbours, and building that graph is most of either method's time at full size.
 * Graphs are NN-descent graphs (Dong, Moses and Li 2011), used only above {@link Clustering#EXACT_GRAPH_LIMIT}
 * rows where each method would otherwise build its own approximate graph; they are kept on disk in the study's
 * {@link WorkCache} under the rows' fingerprint, so a rerun or a resumed study reuses them.
 */
final class StudyGraphs {

    /** Neighbours per row: the seed study's 15-NN connectivity, and HDBSCAN's approximate route. */
    static final int NEIGHBORS = 15;

    private static final String FILE = "knn-graph.npy";

    private final WorkCache cache;
    private final long seed;
    private final Consumer<String> log;
    private final Map<String, KnnGraph> loaded = new HashMap<>();

    StudyGraphs(WorkCache cache, long seed, Consumer<String> log) {
        this.cache = cache;
        this.seed = seed;
        this.log = log;
    }

    /** Whether the study shares a graph for rows this many: above the exact-graph limit. */
    static boolean shared(int rows) {
        return rows > Clustering.EXACT_GRAPH_LIMIT;
    }

    /** The {@value #NEIGHBORS}-NN graph of {@code x}, from memory, the cache, or built now. */
    KnnGraph of(FloatMatrix x, String what) throws IOException {
        String key = WorkCache.key(List.of(), "knn-graph", "nn-descent", Integer.toString(NEIGHBORS),
                Long.toString(seed), WorkCache.fingerprint(x));
        KnnGraph g = loaded.get(key);
        if (g != null) {
            return g;
        }
        Path dir = cache.findFiles(key);
        if (dir != null) {
            g = KnnGraph.load(dir.resolve(FILE));
            log.accept("reusing the " + NEIGHBORS + "-NN graph of " + what + " from the cache");
        } else {
            long t0 = System.nanoTime();
            KnnGraph built = NnDescent.of(NEIGHBORS).withSeed(seed).fit(x, Progress.NONE);
            cache.storeFiles(key, d -> built.save(d.resolve(FILE)));
            log.accept(String.format(java.util.Locale.ROOT, "%d-NN graph of %s (NN-descent, %,d rows): %.1f s",
                    NEIGHBORS, what, x.rows(), (System.nanoTime() - t0) / 1e9));
            g = built;
        }
        loaded.clear();
        loaded.put(key, g);
        return g;
    }
}
