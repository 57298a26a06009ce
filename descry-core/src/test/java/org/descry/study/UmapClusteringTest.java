package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.descry.cluster.UmapClustering;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.metrics.AdjustedRandIndex;
import org.descry.model.ClusterModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clustering in a UMAP embedding ({@code umap-kmeans}, {@link UmapClustering}): on scikit-learn's two interleaving
 * moons, where k-means on the points cuts straight across both, k-means in the embedding follows each moon; new
 * points of either moon go to their moon's cluster; the same seed gives the same clusters; a saved clustering
 * loads and predicts the same.
 */
class UmapClusteringTest {

    @TempDir
    Path dir;

    /**
     * {@code sklearn.datasets.make_moons(n, noise=noise)}: two half circles, the second shifted by (1, 0.5) and
     * flipped, with Gaussian noise; row {@code i} is on moon {@code i % 2}.
     */
    static FloatMatrix moons(int n, double noise, long seed, int[] moon) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * 2];
        for (int i = 0; i < n; i++) {
            double t = Math.PI * r.nextDouble();
            moon[i] = i % 2;
            double x = moon[i] == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double y = moon[i] == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            v[2 * i] = (float) (x + noise * gaussian(r));
            v[2 * i + 1] = (float) (y + noise * gaussian(r));
        }
        return FloatMatrix.wrap(v, n, 2);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void followsTheMoonsWhereKMeansCutsAcross(long seed) {
        int[] moon = new int[600];
        FloatMatrix x = moons(600, 0.05, seed, moon);
        ClusterModel plain = new Clustering("kmeans", 2, seed).fit(x, Progress.NONE);
        ClusterModel embedded = new Clustering("umap-kmeans", 2, seed).fit(x, Progress.NONE);
        double plainAri = AdjustedRandIndex.score(moon, plain.labels());
        double embeddedAri = AdjustedRandIndex.score(moon, embedded.labels());
        assertTrue(plainAri < 0.6, "k-means on the points cuts across the moons, ARI " + plainAri);
        assertTrue(embeddedAri > 0.95, "k-means in the embedding follows them, ARI " + embeddedAri);

        int[] newMoon = new int[200];
        FloatMatrix fresh = moons(200, 0.05, seed + 100, newMoon);
        double newAri = AdjustedRandIndex.score(newMoon, embedded.predict(fresh));
        assertTrue(newAri > 0.9, "new points go to their moon's cluster, ARI " + newAri);
    }

    @Test
    void sameSeedSameClustersAndSavedItPredictsTheSame() throws Exception {
        int[] moon = new int[400];
        FloatMatrix x = moons(400, 0.08, 7, moon);
        Clustering c = new Clustering("umap-agglomerative", 4, 3);
        UmapClustering a = (UmapClustering) c.fit(x, Progress.NONE);
        UmapClustering b = (UmapClustering) c.fit(x, Progress.NONE);
        assertArrayEquals(a.embedding().embedding().toArray(), b.embedding().embedding().toArray());
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(4, a.k());
        assertEquals(2, a.inputWidth());
        assertEquals(Clustering.UMAP_COMPONENTS, a.inner().inputWidth());

        int[] newMoon = new int[100];
        FloatMatrix fresh = moons(100, 0.08, 8, newMoon);
        a.save(dir.resolve("clustering"));
        ClusterModel back = FittedPipeline.loadClustering(dir.resolve("clustering"));
        assertArrayEquals(a.labels(), back.labels());
        assertArrayEquals(a.predict(fresh), back.predict(fresh));
    }

    @Test
    void namesAndTheirErrors() {
        assertTrue(Clustering.known("umap-kmeans"));
        assertTrue(Clustering.known("UMAP-hdbscan"));
        assertFalse(Clustering.known("umap-"));
        assertFalse(Clustering.known("umap-umap-kmeans"));
        Clustering c = new Clustering("umap-gmm", 3, 0);
        assertTrue(c.embedded());
        assertEquals("gmm", c.baseAlgorithm());
        assertFalse(new Clustering("umap-hdbscan", 3, 0).usesK());
        assertFalse(new Clustering("kmeans", 3, 0).embedded());
        String m = assertThrows(DescryException.class, () -> new Clustering("umap-spectral", 3, 0)).getMessage();
        assertEquals("algorithm must be one of kmeans|minibatch|bisecting|gmm|agglomerative|leiden|dbscan|optics|hdbscan "
                + "(or umap-<one of them>), got 'umap-spectral'", m);
    }
}
