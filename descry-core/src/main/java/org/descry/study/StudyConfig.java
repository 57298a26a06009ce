package org.descry.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.descry.data.DescryException;
import org.descry.model.ModelStore;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;

/**
 * What {@code descry study} runs: the grid of descriptor sets, scalers, PCA, algorithms and k, and the rules that
 * pick and check a run. Read from a JSON file whose keys are the component names below (every key optional; an
 * unknown key or a bad value is an error naming the file, the key and the value).
 *
 * @param descriptors      descriptor sets and mixtures ({@link DescriptorMix#parse}); {@code *} stands for every set of
 *                         the case
 * @param scalers          the scalers: the candidates the study chooses one of per descriptor set
 *                         ({@link ScalerSelection}) or, with {@code scalerChoice} {@code grid}, the scalers every set
 *                         is swept with; one scaler means no choice
 * @param scalerChoice     {@value #SKEWNESS} (choose one scaler per set on a sample, then sweep with it) or
 *                         {@value #GRID} (sweep every listed scaler; the k rule chooses among all their runs)
 * @param compareScalers   scalers compared at each descriptor set's chosen run (the descriptor x scaler matrix)
 * @param pca              PCA target ({@code 0.9}, a count such as {@code 250}, or {@code none})
 * @param afterPca         scaler fitted on the PCA's output ({@link Preprocessing#after()}): {@code none} (default)
 *                         or, for spherical k-means and Ward on the directions of the reduced rows, {@code l2}
 * @param algorithms       clustering algorithms ({@link Clustering#ALGORITHMS})
 * @param kMin             smallest k of the k range, {@code >= 2}
 * @param kMax             largest k, {@code >= kMin}
 * @param seed             seed of every random step
 * @param nInit            initialisations of k-means and mixtures (0 for scikit-learn's defaults)
 * @param minClusterShare  the k rule's smallest allowed cluster ({@link KSelection})
 * @param silhouetteSample rows of the sampled silhouette, {@code >= 2}
 * @param stabilityRepeats split-half trials of the chosen runs ({@link Stability}); 0 to skip
 * @param contamination    share of rows flagged as outliers, in {@code (0, 0.5]}
 * @param gridImages       images per cluster in the image grids, {@code >= 1}
 * @param outliers         whether to score outliers first ({@link CaseOutliers}: the default ensemble on every set)
 *                         and cluster the inliers only, outliers as noise ({@link Study}); when off, every row is
 *                         clustered
 * @param assignment       how the label bundle's sources assign new rows: {@code centroid} (the chosen run's
 *                         prediction, the default) or {@code vote} (the name most of a row's 10 nearest training
 *                         members carry, {@link org.descry.label.NameVote}; the naming trial chose it for view)
 */
public record StudyConfig(List<String> descriptors, List<Scaler> scalers, String scalerChoice,
                          List<Scaler> compareScalers, String pca, Scaler afterPca,
                          List<String> algorithms, int kMin, int kMax, long seed, int nInit, double minClusterShare,
                          int silhouetteSample, int stabilityRepeats, double contamination, int gridImages,
                          boolean outliers, String assignment) {

    /** {@code scaler_choice}: one scaler per descriptor set, chosen by {@link ScalerSelection}. */
    public static final String SKEWNESS = "skewness";

    /** {@code scaler_choice}: every listed scaler swept in full (the study before the scaler choice). */
    public static final String GRID = "grid";

    /**
     * The seed study: every set, standard or sqrt scaling (whichever leaves the columns closer to symmetric,
     * {@link ScalerSelection}) and PCA 0.9, k over 2..30 with k-means (3 initialisations),
     * agglomerative Ward on the 15-NN graph (one tree cut for every k) and HDBSCAN. A Gaussian mixture is one
     * config line away ({@code "algorithms": [..., "gmm"]}); it is not in the default because full covariances
     * over k up to 30 cost minutes per fit at 416,314 rows.
     */
    public static final StudyConfig DEFAULT = new StudyConfig(List.of("*"), List.of(Scaler.STANDARD, Scaler.SQRT),
            SKEWNESS, List.of(Scaler.NONE, Scaler.STANDARD, Scaler.MINMAX, Scaler.ROBUST, Scaler.L2), "0.9",
            Scaler.NONE, List.of("kmeans", "agglomerative", "hdbscan"), 2, 30, 0, 3, KSelection.DEFAULT.minShare(), 10_000, 2,
            0.03, 16, true, "centroid");

    public StudyConfig {
        descriptors = nonEmpty("descriptors", descriptors);
        scalers = nonEmpty("scalers", scalers);
        if (scalers.stream().distinct().count() != scalers.size()) {
            throw new DescryException("scalers must not repeat a scaler, got " + scalers.stream().map(Scaler::cliName)
                    .toList());
        }
        if (!SKEWNESS.equals(scalerChoice) && !GRID.equals(scalerChoice)) {
            throw new DescryException("scaler_choice must be " + SKEWNESS + " or " + GRID + ", got '" + scalerChoice
                    + "'");
        }
        compareScalers = List.copyOf(Objects.requireNonNull(compareScalers, "compareScalers"));
        algorithms = nonEmpty("algorithms", algorithms);
        for (String d : descriptors) {
            if (!d.equals("*")) {
                DescriptorMix.parse(d);
            }
        }
        for (String a : algorithms) {
            if (!Clustering.known(a)) {
                throw new DescryException("algorithms: must be among " + String.join("|", Clustering.ALGORITHMS)
                        + ", got '" + a + "'");
            }
        }
        if (!"none".equals(pca)) {
            Pca.parse(Objects.requireNonNull(pca, "pca"));
        }
        Objects.requireNonNull(afterPca, "afterPca");
        if (kMin < 2) {
            throw new DescryException("k_min must be >= 2, got " + kMin);
        }
        if (kMax < kMin) {
            throw new DescryException("k_max must be >= k_min=" + kMin + ", got " + kMax);
        }
        if (nInit < 0) {
            throw new DescryException("n_init must be >= 0 (0 for the algorithm's default), got " + nInit);
        }
        new KSelection(minClusterShare);
        if (silhouetteSample < 2) {
            throw new DescryException("silhouette_sample must be >= 2, got " + silhouetteSample);
        }
        if (stabilityRepeats < 0) {
            throw new DescryException("stability_repeats must be >= 0, got " + stabilityRepeats);
        }
        if (!(contamination > 0 && contamination <= 0.5)) {
            throw new DescryException("contamination must be in (0, 0.5], got " + contamination);
        }
        if (gridImages < 1) {
            throw new DescryException("grid_images must be >= 1, got " + gridImages);
        }
        if (!"centroid".equals(assignment) && !"vote".equals(assignment)) {
            throw new DescryException("assignment must be centroid or vote, got '" + assignment + "'");
        }
    }

    private static <T> List<T> nonEmpty(String key, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new DescryException(key + " must list at least one value");
        }
        return List.copyOf(values);
    }

    /** Whether the study chooses one of several scalers per descriptor set ({@link ScalerSelection}). */
    public boolean choosesScaler() {
        return scalers.size() > 1 && SKEWNESS.equals(scalerChoice);
    }

    /** The PCA step, or {@code null} for none. */
    public Pca pcaStep() {
        return "none".equals(pca) ? null : Pca.parse(pca);
    }

    /** The descriptor specs with {@code *} replaced by the case's sets (in the case's order, without repeats). */
    public List<String> resolveDescriptors(List<String> caseSets) {
        List<String> out = new ArrayList<>();
        for (String d : descriptors) {
            List<String> add = d.equals("*") ? caseSets : List.of(d);
            for (String a : add) {
                if (!out.contains(a)) {
                    out.add(a);
                }
            }
        }
        for (String d : out) {
            for (String name : DescriptorMix.parse(d).descriptors()) {
                if (!caseSets.contains(name)) {
                    throw new DescryException("descriptors: the case has no descriptor set '" + name + "' (it has "
                            + String.join(", ", caseSets) + ")");
                }
            }
        }
        return out;
    }

    /** The configuration as JSON, with the keys {@link #read} takes. */
    public ObjectNode toJson() {
        ObjectNode o = ModelStore.json().createObjectNode();
        descriptors.forEach(o.putArray("descriptors")::add);
        var scalerNames = o.putArray("scalers");
        scalers.forEach(s -> scalerNames.add(s.cliName()));
        o.put("scaler_choice", scalerChoice);
        var compareNames = o.putArray("compare_scalers");
        compareScalers.forEach(s -> compareNames.add(s.cliName()));
        o.put("pca", pca);
        o.put("after_pca", afterPca.cliName());
        algorithms.forEach(o.putArray("algorithms")::add);
        o.put("k_min", kMin).put("k_max", kMax).put("seed", seed).put("n_init", nInit)
                .put("min_cluster_share", minClusterShare).put("silhouette_sample", silhouetteSample)
                .put("stability_repeats", stabilityRepeats).put("contamination", contamination)
                .put("grid_images", gridImages).put("outliers", outliers).put("assignment", assignment);
        return o;
    }

    /** Reads a config file: the defaults with the file's keys replacing them. */
    public static StudyConfig read(Path file) {
        JsonNode root;
        try {
            root = ModelStore.json().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new DescryException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new DescryException(file + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new DescryException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new DescryException(file + ": must hold one JSON object");
        }
        try {
            return fromJson(root);
        } catch (DescryException e) {
            throw new DescryException(file + ": " + e.getMessage());
        }
    }

    /** The defaults with the keys of {@code o} replacing them. */
    public static StudyConfig fromJson(JsonNode o) {
        Map<String, JsonNode> given = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            var e = it.next();
            given.put(e.getKey(), e.getValue());
        }
        List<String> known = List.of("descriptors", "scalers", "scaler_choice", "compare_scalers", "pca",
                "after_pca", "algorithms", "k_min", "k_max", "seed", "n_init", "min_cluster_share",
                "silhouette_sample", "stability_repeats", "contamination", "grid_images", "outliers", "assignment");
        for (String key : given.keySet()) {
            if (!known.contains(key)) {
                throw new DescryException("unknown setting '" + key + "' (known: " + String.join(", ", known) + ")");
            }
        }
        StudyConfig d = DEFAULT;
        return new StudyConfig(
                strings(given, "descriptors", d.descriptors()),
                strings(given, "scalers", d.scalers(), Scaler::fromName),
                text(given, "scaler_choice", d.scalerChoice()),
                strings(given, "compare_scalers", d.compareScalers(), Scaler::fromName),
                given.containsKey("pca") ? given.get("pca").asText() : d.pca(),
                given.containsKey("after_pca") ? parse("after_pca", given.get("after_pca").asText(), Scaler::fromName)
                        : d.afterPca(),
                strings(given, "algorithms", d.algorithms()),
                integer(given, "k_min", d.kMin()),
                integer(given, "k_max", d.kMax()),
                integer(given, "seed", d.seed()),
                integer(given, "n_init", d.nInit()),
                number(given, "min_cluster_share", d.minClusterShare()),
                integer(given, "silhouette_sample", d.silhouetteSample()),
                integer(given, "stability_repeats", d.stabilityRepeats()),
                number(given, "contamination", d.contamination()),
                integer(given, "grid_images", d.gridImages()),
                bool(given, "outliers", d.outliers()),
                text(given, "assignment", d.assignment()));
    }

    private static List<String> strings(Map<String, JsonNode> given, String key, List<String> fallback) {
        return strings(given, key, fallback, s -> s);
    }

    private static <T> List<T> strings(Map<String, JsonNode> given, String key, List<T> fallback,
                                       Function<String, T> parse) {
        JsonNode v = given.get(key);
        if (v == null) {
            return fallback;
        }
        List<T> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(parse(key, v.asText(), parse));
            return out;
        }
        if (!v.isArray()) {
            throw new DescryException(key + " must be a list of strings, got " + v);
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new DescryException(key + " must be a list of strings, got " + v);
            }
            out.add(parse(key, e.asText(), parse));
        }
        return out;
    }

    private static <T> T parse(String key, String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (DescryException e) {
            throw new DescryException(key + ": " + e.getMessage());
        }
    }

    private static String text(Map<String, JsonNode> given, String key, String fallback) {
        JsonNode v = given.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new DescryException(key + " must be a string, got " + v);
        }
        return v.asText();
    }

    private static int integer(Map<String, JsonNode> given, String key, long fallback) {
        JsonNode v = given.get(key);
        if (v == null) {
            return (int) fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new DescryException(key + " must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static boolean bool(Map<String, JsonNode> given, String key, boolean fallback) {
        JsonNode v = given.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new DescryException(key + " must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    private static double number(Map<String, JsonNode> given, String key, double fallback) {
        JsonNode v = given.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new DescryException(key + " must be a number, got " + v);
        }
        return v.asDouble();
    }
}
