package org.descry.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.descry.data.Case;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSubset;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;
import org.descry.outlier.Contamination;
import org.descry.outlier.OutlierMethod;
import org.descry.outlier.OutlierModel;
import org.descry.outlier.OutlierModels;
import org.descry.outlier.RankEnsemble;
import org.descry.outlier.ViewCombination;

/**
 * Outlier scores of a case's images over several descriptor sets, as {@code descry outliers --descriptor all}
 * computes them: each set preprocessed and scored on its own by {@code method}, the sets' scores turned into
 * normalised ranks and combined by {@code combination} (one set: its own scores). The fitted {@link Model} scores
 * new images of the same sets on the training scale (each set's new score ranked among its training scores), so
 * the labelling bundle flags new images exactly as the study flagged the training ones.
 *
 * @param sets          descriptor set names (at least one)
 * @param preprocessing each set's scaler and PCA
 * @param method        the outlier method
 * @param settings      its settings (contamination included)
 * @param combination   how the sets are combined
 */
public record CaseOutliers(List<String> sets, Preprocessing preprocessing, OutlierMethod method,
                           OutlierMethod.Settings settings, ViewCombination combination) {

    public CaseOutliers {
        sets = List.copyOf(sets);
        if (sets.isEmpty()) {
            throw new DescryException("outliers need at least one descriptor set");
        }
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(combination, "combination");
    }

    /** Fits on every row of {@code input}. */
    public Model fit(Case input, Progress progress) {
        List<FittedPreprocessing> steps = new ArrayList<>();
        List<OutlierModel> models = new ArrayList<>();
        List<double[]> perSet = new ArrayList<>();
        for (String set : sets) {
            Preprocessing.Fitted f = preprocessing.fit(RowSubset.all(input.descriptor(set)).releasingPages(),
                    progress);
            input.descriptor(set).unload();
            OutlierModel m = method.detector(settings).fit(f.reduced(), progress);
            steps.add(f.steps());
            models.add(m);
            perSet.add(m.scores());
        }
        double[] scores = combination.combine(perSet);
        return new Model(sets, steps, models, combination, scores, settings.contamination(),
                Contamination.threshold(scores, settings.contamination()),
                Provenance.of("case-outliers", Map.of("sets", sets, "method", method.cliName(), "combination",
                        combination.cliName(), "contamination", settings.contamination()), settings.seed(),
                        input.dir().toString()));
    }

    /**
     * Fitted case outliers: each set's preprocessing and outlier model, the training scores and the threshold at
     * the contamination. Saved as {@code model.json} (kind {@code case-outliers}), {@code scores.npy}, and per set
     * {@code set-<i>/} (its scaler and PCA) and {@code set-<i>/outlier/} (its model). {@code outliers_version} 2
     * added the {@code fisher} combination; a folder without it is version 1 (mean or max) and still loads, a
     * newer one is refused.
     */
    public record Model(List<String> sets, List<FittedPreprocessing> steps, List<OutlierModel> models,
                        ViewCombination combination, double[] trainingScores, double contamination, double threshold,
                        Provenance provenance) {

        public static final String KIND = "case-outliers";
        /** The newest {@code outliers_version} this build reads; it writes it. */
        static final int VERSION = 2;

        /** Which training rows are flagged (score above the threshold). */
        public boolean[] flags() {
            boolean[] f = new boolean[trainingScores.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = trainingScores[i] > threshold;
            }
            return f;
        }

        /** Scores new rows of the sets (raw, in {@link #sets()} order) on the training scale. */
        public double[] score(List<FloatMatrix> raw) {
            if (raw.size() != sets.size()) {
                throw new DescryException("got " + raw.size() + " matrices for the outlier sets " + sets);
            }
            if (sets.size() == 1) {
                return models.get(0).score(steps.get(0).apply(raw.get(0)));
            }
            int n = raw.get(0).rows();
            double[] out = new double[n];
            for (int s = 0; s < sets.size(); s++) {
                double[] sc = models.get(s).score(steps.get(s).apply(raw.get(s)));
                double[] sorted = models.get(s).scores().clone();
                Arrays.sort(sorted);
                for (int i = 0; i < n; i++) {
                    double r = RankEnsemble.rankAmong(sorted, sc[i]);
                    out[i] = combination.accumulate(out[i], r, sorted.length, sets.size());
                }
            }
            return out;
        }

        public void save(Path dir) throws IOException {
            for (int s = 0; s < sets.size(); s++) {
                steps.get(s).save(dir.resolve("set-" + s));
                models.get(s).save(dir.resolve("set-" + s).resolve("outlier"));
            }
            OutlierModels.writeDoubles(dir, "scores", trainingScores);
            ObjectNode m = ModelStore.manifest(KIND, provenance);
            ArrayNode a = m.putArray("sets");
            sets.forEach(a::add);
            m.put("combination", combination.cliName());
            m.put("contamination", contamination);
            m.put("threshold", threshold);
            m.put("outliers_version", VERSION);
            ModelStore.writeManifest(dir, m);
        }

        public static Model load(Path dir) throws IOException {
            JsonNode m = ModelStore.readManifest(dir, KIND);
            int version = m.path("outliers_version").asInt(1);
            if (version < 1 || version > VERSION) {
                throw new DescryException(dir + ": outliers_version " + version + " is not one this Descry reads (1 to "
                        + VERSION + "); a newer Descry wrote it");
            }
            List<String> sets = new ArrayList<>();
            m.path("sets").forEach(n -> sets.add(n.asText()));
            List<FittedPreprocessing> steps = new ArrayList<>();
            List<OutlierModel> models = new ArrayList<>();
            for (int s = 0; s < sets.size(); s++) {
                steps.add(FittedPreprocessing.load(dir.resolve("set-" + s)));
                models.add(OutlierModels.load(dir.resolve("set-" + s).resolve("outlier")));
            }
            double[] scores = OutlierModels.readDoubles(dir, "scores");
            return new Model(sets, steps, models, ViewCombination.parse(m.path("combination").asText()), scores,
                    m.path("contamination").asDouble(), m.path("threshold").asDouble(), ModelStore.provenance(m));
        }
    }
}
