package org.descry.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UmapModel#transform}'s graph search above {@link UmapModel#EXACT_TRANSFORM_ROWS} training rows, tried on
 * 5,000 training rows (NN-descent's graph, as at full size) with the limit lowered to 0.
 */
class UmapTransformSearchTest {

    private static final int CLUSTERS = 8;
    private static final int TRAIN = 5000;
    private static FloatMatrix train;
    private static FloatMatrix fresh;
    private static UmapModel exact;
    private static UmapModel searched;

    @BeforeAll
    static void fit() {
        FloatMatrix x = UmapTest.blobs(CLUSTERS, 875, 20, 2, 3);
        train = x.rowRange(0, TRAIN);
        fresh = x.rowRange(TRAIN, x.rows());
        exact = Umap.defaults().withEpochs(60).withThreads(1).withSeed(4).fit(train, Progress.NONE);
        searched = exact.withExactLimit(0);
    }

    @Test
    void belowTheLimitTheNeighboursAreExact() {
        assertFalse(exact.approximateTransform());
        assertTrue(searched.approximateTransform());
        KnnGraph brute = ExactKnn.of(15).withThreads(1).query(train, fresh, Progress.NONE);
        KnnGraph got = exact.neighbours(fresh);
        assertArrayEquals(brute.indices(), got.indices());
        assertArrayEquals(brute.distances(), got.distances());
        assertFalse(Umap.defaults().withMetric(Metric.COSINE).withEpochs(10).fit(train, Progress.NONE)
                .withExactLimit(0).approximateTransform(), "cosine stays exact");
    }

    /**
     * 20 Gaussian dimensions per blob are hard for a 14-NN graph: recall@15 0.946 at epsilon 0.3 (0.918 at
     * umap-learn's 0.12).
     */
    @Test
    void searchFindsNearlyAllExactNeighbours() {
        KnnGraph brute = exact.neighbours(fresh);
        KnnGraph found = searched.neighbours(fresh);
        long hits = 0;
        for (int i = 0; i < fresh.rows(); i++) {
            for (int a = 0; a < 15; a++) {
                for (int b = 0; b < 15; b++) {
                    if (found.neighbour(i, a) == brute.neighbour(i, b)) {
                        hits++;
                        break;
                    }
                }
            }
        }
        double recall = hits / (15.0 * fresh.rows());
        assertTrue(recall >= 0.93, "recall@15 " + recall);
    }

    /** Each transformed row's nearest blob centroid (of the training embedding) is the same on both routes. */
    @Test
    void placementAgreesWithTheExactRoute() {
        FloatMatrix emb = exact.embedding();
        int dim = emb.cols();
        double[] centroid = new double[CLUSTERS * dim];
        for (int i = 0; i < TRAIN; i++) {
            for (int d = 0; d < dim; d++) {
                centroid[(i % CLUSTERS) * dim + d] += emb.get(i, d) / (TRAIN / CLUSTERS);
            }
        }
        int[] a = nearest(exact.transform(fresh), centroid);
        int[] b = nearest(searched.transform(fresh), centroid);
        int agree = 0;
        int right = 0;
        for (int i = 0; i < a.length; i++) {
            agree += a[i] == b[i] ? 1 : 0;
            right += a[i] == (TRAIN + i) % CLUSTERS ? 1 : 0;
        }
        assertTrue(agree >= 0.98 * a.length, "agreement " + agree + " of " + a.length);
        assertTrue(right >= 0.9 * a.length, "the blobs are found at all: " + right + " of " + a.length);
    }

    private static int[] nearest(FloatMatrix t, double[] centroid) {
        int dim = t.cols();
        int[] out = new int[t.rows()];
        for (int i = 0; i < t.rows(); i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < CLUSTERS; c++) {
                double s = 0;
                for (int d = 0; d < dim; d++) {
                    double v = t.get(i, d) - centroid[c * dim + d];
                    s += v * v;
                }
                if (s < best) {
                    best = s;
                    out[i] = c;
                }
            }
        }
        return out;
    }

    @Test
    void savedIndexAndRebuiltIndexAnswerAsTheFittedOne(@TempDir Path dir) throws IOException {
        FloatMatrix q = fresh.rowRange(0, 300);
        float[] want = searched.transform(q).toArray();
        searched.save(dir.resolve("umap"));
        assertTrue(Files.isRegularFile(dir.resolve("umap/search/model.json")), "index saved");
        UmapModel back = UmapModel.load(dir.resolve("umap")).withExactLimit(0);
        assertArrayEquals(want, back.transform(q).toArray());
        try (var files = Files.walk(dir.resolve("umap/search"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        UmapModel older = UmapModel.load(dir.resolve("umap")).withExactLimit(0);
        assertArrayEquals(want, older.transform(q).toArray(), "an older model rebuilds the same index");
        exact.save(dir.resolve("exact"));
        assertFalse(Files.exists(dir.resolve("exact/search")), "no index below the limit");
    }

    /** A transform's epochs (tail fixed, heads in runs) give the one-thread result on any number of threads. */
    @Test
    void transformEpochsGiveTheOneThreadResultOnMoreThreads() {
        int m = 3001;
        int k = 15;
        int dim = 3;
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        float[] tailEmb = new float[TRAIN * dim];
        for (int i = 0; i < tailEmb.length; i++) {
            tailEmb[i] = (float) (r.nextGaussian() * 5);
        }
        float[] start = new float[m * dim];
        for (int i = 0; i < start.length; i++) {
            start[i] = (float) (r.nextGaussian() * 5);
        }
        int[] head = new int[m * k];
        int[] tail = new int[m * k];
        float[] w = new float[m * k];
        for (int e = 0; e < head.length; e++) {
            head[e] = e / k;
            tail[e] = r.nextInt(TRAIN);
            w[e] = (float) r.nextDouble(0.05, 1);
        }
        double[] eps = UmapLayout.epochsPerSample(w, 20);
        float[][] out = new float[4][];
        for (int threads = 1; threads <= 3; threads++) {
            out[threads] = start.clone();
            UmapLayout.optimize(out[threads], tailEmb, dim, head, tail, eps, TRAIN, 20, 1.58, 0.9, 1, 0.25, 5,
                    false, 11, threads, Progress.NONE, 0, 20);
        }
        assertFalse(java.util.Arrays.equals(start, out[1]), "the points moved");
        assertArrayEquals(out[1], out[2]);
        assertArrayEquals(out[1], out[3]);
    }
}
