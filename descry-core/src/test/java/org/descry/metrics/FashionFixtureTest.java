package org.descry.metrics;

import static org.descry.metrics.Fixtures.close;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.Csv;
import org.descry.io.NumpyReader;
import org.descry.io.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fashion case (shared data, skipped without it): the truth columns of {@code labels.csv} as clusterings
 * of the {@code color} and {@code hog} descriptors, and a k-means clustering (computed by make_fixtures.py,
 * committed as {@code fashion_kmeans_hog.npy}) against the truth, all against scikit-learn 1.2.1.
 */
class FashionFixtureTest {

    private static TruthLabels truth(Path fashion, String column) throws IOException {
        Csv.Table t = Csv.read(fashion.resolve("labels.csv"));
        return TruthLabels.of(t.values(column).toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource({"color, type", "color, colour", "hog, type", "hog, colour"})
    void truthAsClustering(String descriptor, String column) throws IOException {
        Path fashion = SharedData.fashionCase();
        JsonNode e = Fixtures.expected().get("fashion").get(descriptor + "_" + column);
        FloatMatrix x = NumpyReader.readMatrix(fashion.resolve("descriptors").resolve(descriptor + ".pickle"));
        TruthLabels t = truth(fashion, column);
        int[] labels = t.codes().clone();
        for (int r = 0; r < labels.length; r++) {
            labels[r] = labels[r] == TruthLabels.MISSING ? Noise.LABEL : labels[r];
        }
        String what = descriptor + " by " + column;
        ClusterDispersion d = ClusterDispersion.of(x, labels, Noise.EXCLUDE, Progress.NONE);
        assertEquals(e.get("rows").asInt(), d.rows(), what);
        close(e.get("ch").asDouble(), CalinskiHarabasz.score(d), what + " CH");
        close(e.get("db").asDouble(), DaviesBouldin.score(d), what + " DB");
        close(e.get("inertia").asDouble(), Inertia.of(d), what + " inertia");
        close(e.get("silhouette").asDouble(), Silhouette.score(x, labels), what + " silhouette");
        close(e.get("silhouette_sampled_2000_seed3").asDouble(), Silhouette.sampledScore(x, labels, 2000, 3),
                what + " sampled silhouette");
    }

    @ParameterizedTest
    @CsvSource({"type", "colour"})
    void kmeansAgainstTruth(String column) throws IOException {
        Path fashion = SharedData.fashionCase();
        int[] kmeans = Fixtures.ints("fashion_kmeans_hog.npy");
        checkExternal("k-means vs " + column, Fixtures.expected().get("fashion").get("kmeans_vs_" + column),
                truth(fashion, column).codes(), kmeans);
    }

    @org.junit.jupiter.api.Test
    void typeAgainstColour() throws IOException {
        Path fashion = SharedData.fashionCase();
        checkExternal("type vs colour", Fixtures.expected().get("fashion").get("type_vs_colour"),
                truth(fashion, "type").codes(), truth(fashion, "colour").codes());
    }

    private static void checkExternal(String what, JsonNode e, int[] truth, int[] pred) {
        ClusterScores.External x = ClusterScores.External.of(truth, pred);
        assertEquals(8000, x.rows(), what + " rows with a truth");
        assertEquals(e.get("classes").size(), x.classes(), what);
        assertEquals(e.get("clusters").size(), x.clusters(), what);
        close(e.get("ari").asDouble(), x.adjustedRandIndex(), what + " ARI");
        close(e.get("nmi").get("arithmetic").asDouble(), x.normalizedMutualInfo(), what + " NMI");
        close(e.get("ami").get("arithmetic").asDouble(), x.adjustedMutualInfo(), what + " AMI");
        close(e.get("hcv").get(0).asDouble(), x.homogeneity(), what + " homogeneity");
        close(e.get("hcv").get(1).asDouble(), x.completeness(), what + " completeness");
        close(e.get("hcv").get(2).asDouble(), x.vMeasure(), what + " V");
        close(e.get("purity").asDouble(), x.purity(), what + " purity");
        for (AverageMethod a : AverageMethod.values()) {
            String key = a.name().toLowerCase();
            close(e.get("nmi").get(key).asDouble(), NormalizedMutualInfo.score(truth, pred, a), what + " NMI " + key);
            close(e.get("ami").get(key).asDouble(), AdjustedMutualInfo.score(truth, pred, a), what + " AMI " + key);
        }
    }
}
