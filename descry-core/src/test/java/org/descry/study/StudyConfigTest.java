package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.descry.data.DescryException;
import org.descry.preprocess.Scaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The study's config file: defaults, overrides, and one-line errors naming the file, key and value. */
class StudyConfigTest {

    @TempDir
    Path dir;

    @Test
    void keysReplaceDefaultsAndRoundTrip() throws Exception {
        Path f = dir.resolve("study.json");
        Files.writeString(f, """
                {"descriptors": ["hog", "hog+color:2"], "scalers": "l2", "k_min": 3, "k_max": 12,
                 "algorithms": ["kmeans"], "pca": 50, "after_pca": "l2", "assignment": "vote"}""");
        StudyConfig c = StudyConfig.read(f);
        assertEquals(List.of("hog", "hog+color:2"), c.descriptors());
        assertEquals(List.of(Scaler.L2), c.scalers());
        assertEquals(3, c.kMin());
        assertEquals(12, c.kMax());
        assertEquals("50", c.pca());
        assertEquals(50, c.pcaStep().components());
        assertEquals(Scaler.L2, c.afterPca());
        assertEquals(Scaler.NONE, StudyConfig.DEFAULT.afterPca());
        assertEquals("vote", c.assignment());
        assertEquals("centroid", StudyConfig.DEFAULT.assignment());
        assertEquals(StudyConfig.DEFAULT.compareScalers(), c.compareScalers());
        assertEquals(c, StudyConfig.fromJson(c.toJson()));
        assertEquals(StudyConfig.DEFAULT, StudyConfig.fromJson(StudyConfig.DEFAULT.toJson()));
    }

    @Test
    void theDefaultChoosesBetweenStandardAndSqrtAndOneScalerOrTheGridChoosesNone() {
        assertEquals(List.of(Scaler.STANDARD, Scaler.SQRT), StudyConfig.DEFAULT.scalers());
        assertEquals(StudyConfig.SKEWNESS, StudyConfig.DEFAULT.scalerChoice());
        assertTrue(StudyConfig.DEFAULT.choosesScaler());
        var json = StudyConfig.DEFAULT.toJson();
        json.putArray("scalers").add("standard");
        assertFalse(StudyConfig.fromJson(json).choosesScaler());
        json.putArray("scalers").add("standard").add("l2");
        json.put("scaler_choice", "grid");
        StudyConfig grid = StudyConfig.fromJson(json);
        assertFalse(grid.choosesScaler());
        assertEquals("grid", grid.toJson().get("scaler_choice").asText());
    }

    @Test
    void starStandsForEverySetOfTheCase() {
        var json = StudyConfig.DEFAULT.toJson();
        json.putArray("descriptors").add("hog+color").add("*").add("hog");
        StudyConfig c = StudyConfig.fromJson(json);
        assertEquals(List.of("hog+color", "color", "hog", "pixels"), c.resolveDescriptors(
                List.of("color", "hog", "pixels")));
        assertEquals(List.of("color", "hog", "pixels"), StudyConfig.DEFAULT.resolveDescriptors(
                List.of("color", "hog", "pixels")));
        DescryException e = assertThrows(DescryException.class,
                () -> c.resolveDescriptors(List.of("hog", "pixels")));
        assertEquals("descriptors: the case has no descriptor set 'color' (it has hog, pixels)", e.getMessage());
        assertEquals(List.of("hog", "color"), DescriptorMix.parse(c.descriptors().get(0)).descriptors());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "{\"algoritms\": [\"kmeans\"]} => study.json: unknown setting 'algoritms' (known: descriptors, scalers, scaler_choice, compare_scalers, pca, after_pca, algorithms, k_min, k_max, seed, n_init, min_cluster_share, silhouette_sample, stability_repeats, contamination, grid_images, outliers, assignment)",
        "{\"k_min\": 1} => study.json: k_min must be >= 2, got 1",
        "{\"assignment\": \"nearest\"} => study.json: assignment must be centroid or vote, got 'nearest'",
        "{\"after_pca\": \"unit\"} => study.json: after_pca: scaler must be one of standard|minmax|robust|l2|sqrt|hellinger|none, got 'unit'",
        "{\"outliers\": 1} => study.json: outliers must be true or false, got 1",
        "{\"k_min\": 5, \"k_max\": 4} => study.json: k_max must be >= k_min=5, got 4",
        "{\"k_max\": \"ten\"} => study.json: k_max must be an integer, got \"ten\"",
        "{\"scalers\": [\"zscore\"]} => study.json: scalers: scaler must be one of standard|minmax|robust|l2|sqrt|hellinger|none, got 'zscore'",
        "{\"scaler_choice\": \"best\"} => study.json: scaler_choice must be skewness or grid, got 'best'",
        "{\"scaler_choice\": 1} => study.json: scaler_choice must be a string, got 1",
        "{\"scalers\": [\"sqrt\", \"standard\", \"sqrt\"]} => study.json: scalers must not repeat a scaler, got [sqrt, standard, sqrt]",
        "{\"contamination\": 0.7} => study.json: contamination must be in (0, 0.5], got 0.7",
        "{\"descriptors\": []} => study.json: descriptors must list at least one value",
        "{\"descriptors\": [\"hog+hog\"]} => study.json: descriptor mix has 'hog' twice",
        "{\"pca\": \"lots\"} => study.json: n_components must be a count or a fraction in (0, 1], got 'lots'",
        "[1, 2] => study.json: must hold one JSON object",
        "{\"k_min\": 2, => study.json: not valid JSON (Unexpected end-of-input within/between Object entries at line 1)",
    })
    void badFilesGetOneLineNamingKeyAndValue(String json, String message) throws Exception {
        Path f = dir.resolve("study.json");
        Files.writeString(f, json);
        DescryException e = assertThrows(DescryException.class, () -> StudyConfig.read(f));
        assertEquals(message, e.getMessage().replace(f.toString(), "study.json"));
    }

    @Test
    void anUnknownAlgorithmListsTheKnownOnes() {
        var json = StudyConfig.DEFAULT.toJson();
        json.putArray("algorithms").add("spectral");
        String m = assertThrows(DescryException.class, () -> StudyConfig.fromJson(json)).getMessage();
        assertEquals("algorithms: must be among " + String.join("|", Clustering.ALGORITHMS) + ", got 'spectral'", m);
    }

    @Test
    void aMissingFileIsNamed() {
        Path f = dir.resolve("nope.json");
        assertEquals(f + ": no such file", assertThrows(DescryException.class, () -> StudyConfig.read(f))
                .getMessage());
    }
}
