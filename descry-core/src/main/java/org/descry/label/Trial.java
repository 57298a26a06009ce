package org.descry.label;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.descry.cluster.CovarianceType;
import org.descry.data.Case;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.embed.UmapModel;
import org.descry.io.AtomicWrite;
import org.descry.io.Csv;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;
import org.descry.outlier.OutlierMethod;
import org.descry.outlier.ViewCombination;
import org.descry.plot.AccuracyCurves;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.descry.study.CaseOutliers;
import org.descry.study.Clustering;
import org.descry.study.DescriptorMix;
import org.descry.study.FittedMix;
import org.descry.study.Preprocessing;

/**
 * The naming trial of issue 9: how well does naming at most {@code maxClusters} clusters per attribute once label
 * new images? With a truth file ({@code paths}, a group column such as {@code item}, one column per attribute,
 * {@code outlier}) it
 * <ol>
 * <li>splits the case by group ({@link GroupSplit}, all shots of one garment on one side) into training and test;</li>
 * <li>fits the outlier model on the training rows ({@link CaseOutliers}, the study's default ensemble on every
 * set) and clusters only the training rows it does not flag;</li>
 * <li>chooses, per attribute, the source (descriptor set or mixture, scaler, algorithm, k) by inner validation on
 * the training rows only: {@code innerSplits} further group splits of them ({@code innerFraction} to validation,
 * seeds {@code seed + 1 ...}); on each, every candidate is clustered on the inner-training part, named by majority
 * ({@link MajorityNames}, a perfect namer), and scored by how many inner-validation rows it labels right; its inner
 * accuracy is the share right over all splits, and the simplest candidate within one standard error of the best
 * wins ({@link #choose}). One split of about 1,600 rows left the choice to noise: on the fashion case the top
 * colour candidates were within 11 rows of each other, and three splits moved the seed-0 colour figure from
 * 0.932 to 0.946 (type and view unchanged) for two and a half times the trial's time;</li>
 * <li>refits each attribute's winner on all training inliers, calibrates it ({@link LabelSource}), names it by
 * majority, and saves the bundle with the outlier model ({@code DIR/model/});</li>
 * <li>labels the test rows with {@link Labeler} ({@code DIR/labels.csv}) and evaluates them with
 * {@link Evaluation} on the truth's inliers, a withheld value counted as wrong.</li>
 * </ol>
 * It also refits the best candidate at each k of the grid to draw accuracy against the number of named clusters
 * ({@code DIR/accuracy-vs-clusters.png}), and writes {@code DIR/split.csv} ({@code path,split}) and
 * {@code DIR/trial.json} (the table, the choices, every candidate's inner score). Every file is written atomically.
 *
 * <p>New rows go to the nearest centroid or to the cluster named by the vote of their 10 nearest training members
 * ({@link NameVote}); the rule is one more axis of the grid, chosen per attribute by inner validation. An earlier
 * prototype (standard scaling, no step after the PCA, one split) saw the vote lose (type 0.588 to 0.563, view
 * 0.848 to 0.840); on six splits with l2 after the PCA it won view by 0.018 on average, while on three it moved
 * type by -0.013 to +0.003 with k-means ({@code descry-bench/README.md}, "Session 6"), so neither rule suits every
 * attribute.
 *
 * <p>Withholding never raises accuracy counted that way, so the trial's sources default to
 * {@link LabelSource.Rejection#NONE}: values are withheld for flagged outliers and unnamed clusters only, and rows
 * unlike the training ones are the outlier model's to catch. On the fashion case even the loosest distance rule
 * (quantile 1, beyond the farthest training member) withheld 2-3% of the test inliers, most of which the name
 * would have got right ({@code descry-bench/README.md}); {@code withRejection} sets another rule.
 *
 * @param truth          the truth file
 * @param group          its group column
 * @param testFraction   share of the groups held out for test
 * @param innerFraction  share of the training groups used for inner validation
 * @param innerSplits    how many inner group splits (seeds {@code seed + 1}, {@code seed + 2} ...) every candidate
 *                       is validated on; its inner accuracy is pooled over them
 * @param maxClusters    the most clusters an attribute may be named from
 * @param ks             the cluster counts tried (those above {@code maxClusters} are left out)
 * @param descriptors    descriptor sets and mixtures tried ({@code hog}, {@code hog+color}); empty: every set of
 *                       the case and every pair of them
 * @param scalers        scalers tried
 * @param afterPca       scalers tried after the PCA ({@link Preprocessing#after()}): {@link Scaler#NONE} for none,
 *                       {@link Scaler#L2} for spherical k-means on the reduced rows
 * @param algorithms     clustering algorithms tried ({@code kmeans}, {@code gmm} (diagonal), {@code agglomerative}
 *                       ..., or one of them in a UMAP embedding: {@code umap-kmeans}), each needing a k; an
 *                       embedded algorithm's UMAP is fitted once per inner split and preprocessing and shared by
 *                       every k
 * @param pca            PCA variance fraction after the scaler
 * @param nInit          k-means initialisations
 * @param rejection      the reject rule of the bundle's sources
 * @param rejectQuantile the training quantile of the reject rule
 * @param contamination  share of training rows the outlier model flags
 * @param outlierScaler  the scaler before the outlier model's PCA: {@code l2} by default, with which the study's
 *                       default ensemble ranks the fashion case's bad images best (ROC-AUC 0.974 on the whole
 *                       case against 0.931 after the standard scaler; 0.952 and 0.910 with the maximum-rank
 *                       ensemble before, {@code docs/outlier-ensemble.md})
 * @param seed           random seed (the split, the inner splits with {@code seed + 1 ...}, the clusterings)
 * @param references     per attribute: the target and the reference figures drawn beside the curve
 * @param assignments    assignment rules tried: {@code centroid} (the clustering's prediction) and {@code vote}
 *                       ({@link NameVote})
 */
public record Trial(Path truth, String group, double testFraction, double innerFraction, int innerSplits,
                    int maxClusters, int[] ks,
                    List<String> descriptors, List<Scaler> scalers, List<Scaler> afterPca, List<String> algorithms,
                    double pca, int nInit,
                    LabelSource.Rejection rejection, double rejectQuantile, double contamination,
                    Scaler outlierScaler, long seed, Map<String, Reference> references, List<String> assignments) {

    /**
     * Figures an attribute is judged against: the target, plain scikit-learn with 100 named clusters (standard
     * scaler, PCA 0.9, k-means, nearest centroid) and a fully supervised 10-NN classifier; NaN where unknown.
     */
    public record Reference(double target, double baseline, double supervised) {}

    /**
     * The figures for the fashion case ({@code shared/data/fashion-case}): targets and the scikit-learn
     * and 10-NN references measured there (type from hog, colour from color, view from hog).
     */
    public static final Map<String, Reference> FASHION_REFERENCES = Map.of(
            "type", new Reference(0.62, 0.58, 0.64),
            "colour", new Reference(0.95, 0.88, 0.96),
            "view", new Reference(0.86, 0.81, 0.88));

    /** The outlier ROC-AUC target. */
    public static final double OUTLIER_AUC_TARGET = 0.90;

    public Trial {
        Objects.requireNonNull(truth, "truth");
        if (group == null || group.isBlank()) {
            throw new DescryException("group column must not be empty");
        }
        new GroupSplit(testFraction, seed);
        new GroupSplit(innerFraction, seed);
        if (innerSplits < 1) {
            throw new DescryException("inner splits must be >= 1, got " + innerSplits);
        }
        if (maxClusters < 2) {
            throw new DescryException("max clusters must be >= 2, got " + maxClusters);
        }
        ks = ks.clone();
        if (ks.length == 0) {
            throw new DescryException("ks must not be empty");
        }
        for (int k : ks) {
            if (k < 2) {
                throw new DescryException("every k must be >= 2, got " + k);
            }
        }
        java.util.Arrays.sort(ks);
        if (ks[0] > maxClusters) {
            throw new DescryException("no k of " + java.util.Arrays.toString(ks) + " is <= max clusters "
                    + maxClusters);
        }
        descriptors = List.copyOf(descriptors);
        descriptors.forEach(DescriptorMix::parse);
        scalers = List.copyOf(scalers);
        afterPca = List.copyOf(afterPca);
        algorithms = List.copyOf(algorithms);
        if (scalers.isEmpty() || afterPca.isEmpty() || algorithms.isEmpty()) {
            throw new DescryException("the trial needs at least one scaler, one after-PCA scaler (none for none) and "
                    + "one algorithm");
        }
        for (String a : algorithms) {
            if (!new Clustering(a, 2, 0).usesK()) {
                throw new DescryException("algorithm '" + a + "' finds k itself; the trial names a given number of "
                        + "clusters (use kmeans, minibatch, bisecting, gmm, agglomerative or leiden)");
            }
        }
        if (!(pca > 0 && pca <= 1)) {
            throw new DescryException("pca must be a variance fraction in (0, 1], got " + pca);
        }
        if (nInit < 1) {
            throw new DescryException("n_init must be >= 1, got " + nInit);
        }
        Objects.requireNonNull(rejection, "rejection");
        Objects.requireNonNull(outlierScaler, "outlierScaler");
        if (!(rejectQuantile > 0 && rejectQuantile <= 1)) {
            throw new DescryException("reject quantile must be in (0, 1], got " + rejectQuantile);
        }
        if (!(contamination > 0 && contamination < 0.5)) {
            throw new DescryException("contamination must be in (0, 0.5), got " + contamination);
        }
        references = Map.copyOf(references);
        assignments = List.copyOf(assignments);
        if (assignments.isEmpty()) {
            throw new DescryException("the trial needs at least one assignment rule (centroid, vote)");
        }
        for (String a : assignments) {
            if (!ASSIGNMENTS.contains(a)) {
                throw new DescryException("assignment must be centroid or vote, got '" + a + "'");
            }
        }
    }

    /** The assignment rules: the clustering's prediction (nearest centroid) and the members' {@link NameVote}. */
    public static final List<String> ASSIGNMENTS = List.of("centroid", "vote");

    /** The assignment rules tried ({@link #ASSIGNMENTS}). */
    public Trial withAssignments(List<String> value) {
        return new Trial(truth, group, testFraction, innerFraction, innerSplits, maxClusters, ks, descriptors, scalers,
                afterPca, algorithms, pca, nInit, rejection, rejectQuantile, contamination, outlierScaler, seed,
                references, value);
    }

    /**
     * The protocol: split by {@code item} 80/20, at most 100 clusters, k in {10, 30, 100}, every set and
     * pair, standard and hellinger scaling (hellinger, the signed square root then l2, took l2's place: on the
     * fashion case's inner split l2 was never the best scaler for any attribute, while the square-root scalers
     * were for colour, 0.968 against 0.946, as Arandjelovic and Zisserman's RootSIFT found for histogram
     * descriptors), k-means and agglomerative (Ward on the 15-NN graph; it gave the best type
     * clusters on the fashion case), k-means with 10 initialisations (scikit-learn 1.2's default; with 3 the
     * type figure moved by 0.03 between runs that differed in two training rows), both also in a UMAP embedding of
     * the reduced rows ({@code umap-kmeans}, {@code umap-agglomerative}: {@link Clustering#embedding()}; on the
     * fashion case their clusters are purer: colour on seed 0 rose from 0.950 to 0.964; view's best inner candidate
     * is in the embedding too, but within one standard error of k-means on the reduced rows, which the rule keeps),
     * PCA 0.9, inner validation on
     * 25% of the training items, three times over, no reject rule (quantile 0.99 if one is set), the outlier ensemble after l2
     * scaling at contamination 0.03, seed 0, the fashion-case references. After the PCA, nothing or l2: the
     * spherical k-means of {@link Preprocessing} (on the fashion case view chose hog standard/l2, 0.815 to 0.849,
     * see {@code descry-bench/README.md}).
     */
    public static Trial defaults(Path truth) {
        return new Trial(truth, "item", 0.2, 0.25, 3, 100, new int[] {10, 30, 100}, List.of(),
                List.of(Scaler.STANDARD, Scaler.HELLINGER), List.of(Scaler.NONE, Scaler.L2),
                List.of("kmeans", "agglomerative", "leiden", "umap-kmeans", "umap-agglomerative"), 0.9, 10,
                LabelSource.Rejection.NONE, 0.99,
                0.03, Scaler.L2, 0, FASHION_REFERENCES, ASSIGNMENTS);
    }

    public Trial withGroup(String value) {
        return new Trial(truth, value, testFraction, innerFraction, innerSplits, maxClusters, ks, descriptors, scalers, afterPca,
                algorithms, pca, nInit, rejection, rejectQuantile, contamination, outlierScaler, seed, references,
                assignments);
    }

    public Trial withSplit(double test, double inner, long seedValue) {
        return new Trial(truth, group, test, inner, innerSplits, maxClusters, ks, descriptors, scalers, afterPca, algorithms, pca,
                nInit, rejection, rejectQuantile, contamination, outlierScaler, seedValue,
                references, assignments);
    }

    public Trial withGrid(int max, int[] ksValue, List<String> descriptorsValue, List<Scaler> scalersValue,
                          List<String> algorithmsValue) {
        return new Trial(truth, group, testFraction, innerFraction, innerSplits, max, ksValue, descriptorsValue, scalersValue,
                afterPca, algorithmsValue, pca, nInit, rejection, rejectQuantile, contamination, outlierScaler, seed,
                references, assignments);
    }

    /** How many inner group splits every candidate is validated on (seeds {@code seed + 1 ...}). */
    public Trial withInnerSplits(int value) {
        return new Trial(truth, group, testFraction, innerFraction, value, maxClusters, ks, descriptors, scalers,
                afterPca, algorithms, pca, nInit, rejection, rejectQuantile, contamination, outlierScaler, seed,
                references, assignments);
    }

    /** The scalers tried after the PCA ({@link Scaler#NONE} for none). */
    public Trial withAfterPca(List<Scaler> value) {
        return new Trial(truth, group, testFraction, innerFraction, innerSplits, maxClusters, ks, descriptors, scalers, value,
                algorithms, pca, nInit, rejection, rejectQuantile, contamination, outlierScaler, seed, references,
                assignments);
    }

    public Trial withInits(int value) {
        return new Trial(truth, group, testFraction, innerFraction, innerSplits, maxClusters, ks, descriptors, scalers, afterPca,
                algorithms, pca, value, rejection, rejectQuantile, contamination, outlierScaler, seed, references,
                assignments);
    }

    public Trial withRejection(LabelSource.Rejection rule, double quantile) {
        return new Trial(truth, group, testFraction, innerFraction, innerSplits, maxClusters, ks, descriptors, scalers, afterPca,
                algorithms, pca, nInit, rule, quantile, contamination, outlierScaler, seed, references,
                assignments);
    }

    public Trial withOutliers(double contaminationValue, Scaler scaler) {
        return new Trial(truth, group, testFraction, innerFraction, innerSplits, maxClusters, ks, descriptors, scalers, afterPca,
                algorithms, pca, nInit, rejection, rejectQuantile, contaminationValue, scaler, seed, references,
                assignments);
    }

    @Override
    public int[] ks() {
        return ks.clone();
    }

    /** Every scaler with every after-PCA scaler, around the PCA. */
    private List<Preprocessing> preprocessings() {
        List<Preprocessing> out = new ArrayList<>();
        for (Scaler scaler : scalers) {
            for (Scaler after : afterPca) {
                out.add(new Preprocessing(scaler, Pca.varianceFraction(pca), after));
            }
        }
        return out;
    }

    /** The ks tried: those of {@link #ks()} up to {@link #maxClusters()}. */
    public int[] usableKs() {
        return java.util.Arrays.stream(ks).filter(k -> k <= maxClusters).toArray();
    }

    /**
     * One point of the grid and its inner-validation accuracy per attribute.
     *
     * @param scaler     the scaler's name
     * @param after      the after-PCA scaler's name, {@code none} for none
     * @param assignment {@code centroid} or {@code vote} ({@link #ASSIGNMENTS})
     */
    public record Candidate(String descriptor, String scaler, String after, String algorithm, int k,
                            String assignment, double[] inner, double seconds) {

        /**
         * {@code hog+color standard kmeans k=100}, {@code hog standard/l2 kmeans k=100} with l2 after the PCA, and
         * {@code ... k=100 vote} when new rows are assigned by the members' vote.
         */
        public String describe() {
            return descriptor + " " + scalers() + " " + algorithm + " k=" + k + (voting() ? " vote" : "");
        }

        /** A name usable as a folder: {@code hog+color_standard_kmeans_100}, {@code hog_standard-l2_kmeans_100_vote}. */
        public String id() {
            return clusteringId() + (voting() ? "_vote" : "");
        }

        /** The id of its clustering, which the assignment rules share. */
        String clusteringId() {
            return descriptor.replace(':', '@') + "_" + scalers().replace('/', '-') + "_" + algorithm + "_" + k;
        }

        /** True when new rows are assigned by the members' {@link NameVote}. */
        public boolean voting() {
            return assignment.equals("vote");
        }

        /**
         * Preprocessing steps: the scaler and the after-PCA scaler that are not {@code none}, and the UMAP of an
         * embedded algorithm ({@code umap-kmeans}).
         */
        public int steps() {
            String none = Scaler.NONE.cliName();
            return (scaler.equals(none) ? 0 : 1) + (after.equals(none) ? 0 : 1)
                    + (algorithm.startsWith(Clustering.EMBEDDED_PREFIX) ? 1 : 0);
        }

        private String scalers() {
            return after.equals(Scaler.NONE.cliName()) ? scaler : scaler + "/" + after;
        }
    }

    /**
     * One attribute's outcome: its chosen candidate, the test figures from {@code labels.csv} and the curve of
     * test accuracy against k (each point the best candidate at that k by inner validation, refitted).
     */
    public record AttributeResult(String name, Candidate chosen, Evaluation.Attribute test, Reference reference,
                                  int[] curveKs, double[] curveAccuracy, List<String> curveChoices) {}

    /** What the trial found and where it wrote it. */
    public record Result(List<AttributeResult> attributes, Evaluation.Outliers outliers, List<Candidate> candidates,
                         int trainRows, int testRows, int clusteredRows, Path dir, double seconds) {

        /** The table as printed by {@code descry trial}. */
        public String table() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "%-9s %-51s %9s %9s %11s %7s%n", "attribute",
                    "chosen (inner validation)",
                    "accuracy", "coverage", "on labelled", "target"));
            for (AttributeResult a : attributes) {
                double t = a.reference() == null ? Double.NaN : a.reference().target();
                s.append(String.format(Locale.ROOT, "%-9s %-51s %9.4f %9.4f %11.4f %7s%s%n", a.name(),
                        a.chosen().describe(), a.test().accuracy(), a.test().coverage(),
                        a.test().accuracyOnLabelled(), Double.isNaN(t) ? "-" : String.format(Locale.ROOT, "%.2f", t),
                        Double.isNaN(t) ? "" : a.test().accuracy() >= t ? "  met" : "  NOT met"));
            }
            if (outliers != null) {
                s.append(String.format(Locale.ROOT, "%-9s ROC-AUC %.3f (target %.2f%s), precision %.3f, recall %.3f "
                        + "(%,d flagged, %,d true of %,d)%n", "outliers", outliers.rocAuc(), OUTLIER_AUC_TARGET,
                        outliers.rocAuc() >= OUTLIER_AUC_TARGET ? ", met" : ", NOT met", outliers.precision(),
                        outliers.recall(), outliers.flagged(), outliers.trueOutliers(), outliers.rows()));
            }
            s.append(String.format(Locale.ROOT, "accuracy counts a withheld value as wrong; test inliers only. "
                    + "%,d training rows (%,d clustered, the rest flagged as outliers), %,d test rows.%n", trainRows,
                    clusteredRows, testRows));
            if (attributes.stream().anyMatch(a -> a.reference() != null)) {
                s.append("targets and reference lines: issue 9's figures for the fashion case.\n");
            }
            return s.toString();
        }
    }

    /** The truth file read against a case's rows. */
    private record Truth(List<String> attributes, String[][] values, String[] groups, boolean[] outlier) {}

    private Truth readTruth(Case input) throws IOException {
        Csv.Table t = Csv.read(truth);
        int p = t.column("paths");
        int g = t.column(group);
        int o = t.header().indexOf("outlier");
        List<String> attrs = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        for (int c = 0; c < t.header().size(); c++) {
            String h = t.header().get(c);
            if (c != p && c != g && c != o) {
                attrs.add(h);
                cols.add(c);
            }
        }
        if (attrs.isEmpty()) {
            throw new DescryException(truth + ": no attribute column (only " + String.join(", ", t.header()) + ")");
        }
        Map<String, String[]> byPath = new HashMap<>(t.rows().size() * 2);
        for (String[] r : t.rows()) {
            byPath.put(r[p], r);
        }
        List<String> paths = input.paths();
        int n = paths.size();
        String[][] values = new String[attrs.size()][n];
        String[] groups = new String[n];
        boolean[] outlier = new boolean[n];
        for (int i = 0; i < n; i++) {
            String[] r = byPath.get(paths.get(i));
            if (r == null) {
                throw new DescryException(truth + ": no row for " + paths.get(i) + " of the case");
            }
            groups[i] = r[g];
            outlier[i] = o >= 0 && !r[o].isBlank();
            for (int a = 0; a < attrs.size(); a++) {
                values[a][i] = outlier[i] ? "" : r[cols.get(a)].strip();
            }
        }
        return new Truth(attrs, values, groups, outlier);
    }

    /** Runs the trial on {@code input} into {@code out}; {@code log} gets one line per stage. */
    public Result run(Case input, Path out, Consumer<String> log, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        Truth tr = readTruth(input);
        List<String> paths = input.paths();
        boolean[] isTest = new GroupSplit(testFraction, seed).testRows(List.of(tr.groups()));
        writeSplit(out.resolve("split.csv"), paths, isTest);
        int[] trainIdx = GroupSplit.rows(isTest, false);
        int[] testIdx = GroupSplit.rows(isTest, true);
        Case train = input.select(trainIdx);
        Case test = input.select(testIdx);
        log.accept(String.format(Locale.ROOT, "split by %s: %,d training rows, %,d test rows -> %s", group,
                trainIdx.length, testIdx.length, out.resolve("split.csv")));

        log.accept("outliers: " + OutlierMethod.ENSEMBLE.cliName() + " on " + String.join(", ",
                input.descriptorNames()) + " (" + outlierScaler.cliName() + ", PCA " + pca
                + "), fitted on the training rows");
        CaseOutliers.Model outliers = new CaseOutliers(input.descriptorNames(),
                new Preprocessing(outlierScaler, Pca.varianceFraction(pca)), OutlierMethod.ENSEMBLE,
                new OutlierMethod.Settings(20, 8, contamination, seed, Workers.defaultThreads()),
                ViewCombination.DEFAULT).fit(train, Progress.NONE);
        int[] fitIdx = GroupSplit.rows(outliers.flags(), false);
        Case fit = train.select(fitIdx);
        String[][] fitTruth = subset(tr.values(), trainIdx, fitIdx);
        String[] fitGroups = pick(pick(tr.groups(), trainIdx), fitIdx);

        List<String> specs = specs(input.descriptorNames());
        List<String> attrs = tr.attributes();
        List<Candidate> candidates = new ArrayList<>();
        int perSplit = specs.size() * scalers.size() * afterPca.size() * algorithms.size() * usableKs().length
                * assignments.size();
        double[][] correct = new double[perSplit][attrs.size()];
        double[] seconds = new double[perSplit];
        int[] validated = new int[attrs.size()];
        for (int split = 0; split < innerSplits; split++) {
            boolean[] isVal = new GroupSplit(innerFraction, seed + 1 + split).testRows(List.of(fitGroups));
            int[] innerTrain = GroupSplit.rows(isVal, false);
            int[] innerVal = GroupSplit.rows(isVal, true);
            int[] known = new int[attrs.size()];
            for (int at = 0; at < attrs.size(); at++) {
                known[at] = count(pick(fitTruth[at], innerVal));
                validated[at] += known[at];
            }
            log.accept(String.format(Locale.ROOT, "inner validation %d of %d: %,d rows clustered, %,d validate; %d "
                    + "descriptor specs x %d scalers x %d after the PCA x %d algorithms x k %s", split + 1,
                    innerSplits, innerTrain.length, innerVal.length, specs.size(), scalers.size(), afterPca.size(),
                    algorithms.size(), java.util.Arrays.toString(usableKs())));
            List<Callable<List<Candidate>>> tasks = new ArrayList<>();
            for (String spec : specs) {
                for (Preprocessing pre : preprocessings()) {
                    tasks.add(() -> validate(spec, pre, fit, innerTrain, innerVal, fitTruth, attrs));
                }
            }
            int[] index = {0};
            int last = split;
            inParallel(tasks, done -> {
                for (Candidate c : done) {
                    for (int at = 0; at < attrs.size(); at++) {
                        correct[index[0]][at] += known[at] > 0 ? c.inner()[at] * known[at] : 0;
                    }
                    seconds[index[0]] += c.seconds();
                    log.accept(String.format(Locale.ROOT, "%-45s %s (%.1f s)", c.describe(),
                            innerFigures(attrs, c.inner()), c.seconds()));
                    if (last == innerSplits - 1) {
                        double[] pooled = new double[attrs.size()];
                        for (int at = 0; at < attrs.size(); at++) {
                            pooled[at] = validated[at] > 0 ? correct[index[0]][at] / validated[at] : Double.NaN;
                        }
                        candidates.add(new Candidate(c.descriptor(), c.scaler(), c.after(), c.algorithm(), c.k(),
                                c.assignment(), pooled, seconds[index[0]]));
                    }
                    index[0]++;
                    progress.step(last * perSplit + index[0], innerSplits * perSplit);
                }
            });
        }

        int[] ksUsed = usableKs();
        Map<String, Source> refits = new LinkedHashMap<>();
        double[] testScores = outliers.score(blocks(test, outliers.sets()));
        boolean[] testFlag = new boolean[testScores.length];
        for (int i = 0; i < testFlag.length; i++) {
            testFlag[i] = testScores[i] > outliers.threshold();
        }
        Map<String, Candidate> chosen = new LinkedHashMap<>();
        Map<String, double[]> curves = new LinkedHashMap<>();
        Map<String, List<String>> curveChoices = new LinkedHashMap<>();
        for (int at = 0; at < attrs.size(); at++) {
            chosen.put(attrs.get(at), choose(candidates, at, validated[at]));
            double[] curve = new double[ksUsed.length];
            List<String> picks = new ArrayList<>();
            for (int j = 0; j < ksUsed.length; j++) {
                int k = ksUsed[j];
                Candidate best = choose(candidates.stream().filter(c -> c.k() == k).toList(), at, validated[at]);
                Source s = refit(best, fit, fitTruth, attrs, refits, log);
                curve[j] = accuracy(s.by(best.assignment()), s.names()[at],
                        blocks(test, DescriptorMix.parse(best.descriptor())),
                        pick(tr.values()[at], testIdx), testFlag);
                picks.add(best.describe());
            }
            curves.put(attrs.get(at), curve);
            curveChoices.put(attrs.get(at), picks);
        }

        Map<String, LabelSource> sources = new LinkedHashMap<>();
        Map<String, String> bound = new LinkedHashMap<>();
        List<ClusterNames.Change> changes = new ArrayList<>();
        for (int at = 0; at < attrs.size(); at++) {
            Candidate c = chosen.get(attrs.get(at));
            Source s = refit(c, fit, fitTruth, attrs, refits, log);
            sources.put(c.id(), s.by(c.assignment()));
            bound.put(attrs.get(at), c.id());
            String[] names = s.names()[at];
            for (int cl = 0; cl < names.length; cl++) {
                if (names[cl] != null) {
                    changes.add(new ClusterNames.Change(attrs.get(at), cl, names[cl]));
                }
            }
        }
        LabelBundle bundle = new LabelBundle(sources, bound, ClusterNames.empty().with(changes), outliers,
                provenance("label-bundle", "trial"));
        saveBundle(bundle, out.resolve("model"));
        Path labels = out.resolve("labels.csv");
        long l0 = System.nanoTime();
        Labeler.label(bundle, test, labels, Progress.NONE);
        log.accept(String.format(Locale.ROOT, "labelled %,d test rows in %.2f s -> %s", testIdx.length,
                (System.nanoTime() - l0) / 1e9, labels));
        Evaluation ev = Evaluation.of(labels, truth);
        List<AttributeResult> results = new ArrayList<>();
        for (String a : attrs) {
            Evaluation.Attribute e = ev.attributes().stream().filter(x -> x.name().equals(a)).findFirst()
                    .orElseThrow();
            results.add(new AttributeResult(a, chosen.get(a), e, references.get(a), ksUsed, curves.get(a),
                    curveChoices.get(a)));
        }
        Result r = new Result(results, ev.outliers(), candidates, trainIdx.length, testIdx.length, fitIdx.length, out,
                (System.nanoTime() - t0) / 1e9);
        writeJson(out.resolve("trial.json"), r);
        AccuracyCurves.titled("Accuracy against the number of named clusters (test split, withheld counted wrong)")
                .writePng(out.resolve("accuracy-vs-clusters.png"), curvesOf(results));
        return r;
    }

    /**
     * The one-standard-error rule (Breiman et al. 1984, "Classification and regression trees", section 3.4.3; Hastie,
     * Tibshirani and Friedman, "The elements of statistical learning", section 7.10): of the candidates whose inner
     * accuracy for {@code attribute} is within one binomial standard error ({@code sqrt(p (1 - p) / n)}, {@code n}
     * the validation rows with a value) of the best one's {@code p}, the simplest: fewest clusters, then fewest
     * preprocessing steps ({@link Candidate#steps}), then the best inner accuracy. The best of many candidates
     * scored on the same 1,600 rows is the one the noise favoured most; the wider the grid, the more so. A step
     * after the PCA doubled the trial's grid and, on the fashion case, won type and colour by 0.004-0.011 on the
     * inner split (less than one standard error) while the test figures fell by 0.002-0.004; view it won by 0.026.
     */
    static Candidate choose(List<Candidate> candidates, int attribute, int validated) {
        Candidate best = candidates.stream().max(Comparator.comparingDouble((Candidate c) -> c.inner()[attribute])
                .thenComparing(Comparator.comparingInt(Candidate::k).reversed())).orElseThrow();
        double p = best.inner()[attribute];
        double se = validated > 0 && Double.isFinite(p) ? Math.sqrt(p * (1 - p) / validated) : 0;
        return candidates.stream().filter(c -> c.inner()[attribute] >= p - se)
                .min(Comparator.comparingInt(Candidate::k).thenComparingInt(Candidate::steps)
                        .thenComparing(Comparator.comparingDouble((Candidate c) -> c.inner()[attribute]).reversed()))
                .orElse(best);
    }

    private static int count(String[] values) {
        int n = 0;
        for (String v : values) {
            n += v == null || v.isEmpty() ? 0 : 1;
        }
        return n;
    }

    private static List<AccuracyCurves.Curve> curvesOf(List<AttributeResult> results) {
        List<AccuracyCurves.Curve> out = new ArrayList<>();
        for (AttributeResult a : results) {
            Reference ref = a.reference() == null ? new Reference(Double.NaN, Double.NaN, Double.NaN) : a.reference();
            out.add(new AccuracyCurves.Curve(a.name(), a.curveKs(), a.curveAccuracy(), ref.target(), ref.baseline(),
                    ref.supervised()));
        }
        return out;
    }

    /**
     * A fitted, calibrated clustering, the same with its members' vote ({@code null} unless the grid tries it), and
     * each attribute's majority names for its clusters.
     */
    private record Source(LabelSource source, LabelSource voting, String[][] names) {

        LabelSource by(String assignment) {
            return assignment.equals("vote") ? voting : source;
        }
    }

    private Source source(String spec, FittedMix mix, FloatMatrix mixed, String algorithm, int k, String[][] truthRows,
                          List<String> attrs, Map<FloatMatrix, UmapModel> embeddings) {
        if (k > mixed.rows()) {
            throw new DescryException("k=" + k + " is more than the " + mixed.rows() + " rows to cluster");
        }
        Clustering clustering = new Clustering(algorithm, k, seed, nInit, CovarianceType.DIAG);
        ClusterModel model = clustering.embedded()
                ? clustering.fitEmbedded(embeddings.computeIfAbsent(mixed,
                        m -> clustering.embedding().fit(m, Progress.NONE)), Progress.NONE)
                : clustering.fit(mixed, Progress.NONE);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("descriptor", spec);
        c.put("algorithm", algorithm);
        c.put("k", k);
        LabelSource s = LabelSource.calibrate(spec, mix, model, mixed, rejectQuantile, rejection,
                Provenance.of("label-source", c, seed, truth.toString()));
        String[][] names = new String[attrs.size()][];
        for (int a = 0; a < attrs.size(); a++) {
            names[a] = MajorityNames.of(model.labels(), model.k(), truthRows[a]);
        }
        LabelSource voting = assignments.contains("vote")
                ? s.withVote(NameVote.fit(mixed, model.labels(), NameVote.DEFAULT_K, seed, Workers.defaultThreads()))
                : null;
        return new Source(s, voting, names);
    }

    /**
     * Every candidate of one descriptor spec and preprocessing on one inner split: the spec's rows of
     * {@code innerTrain} preprocessed and clustered by each algorithm and k, named by their majority truth, and
     * scored on {@code innerVal} under each assignment rule, in the grid's order. An embedded algorithm's UMAP is
     * fitted once here and shared by every k and algorithm.
     */
    private List<Candidate> validate(String spec, Preprocessing pre, Case fit, int[] innerTrain, int[] innerVal,
                                     String[][] fitTruth, List<String> attrs) {
        DescriptorMix mix = DescriptorMix.parse(spec);
        List<FloatMatrix> all = blocks(fit, mix);
        List<FloatMatrix> a = all.stream().map(m -> rows(m, innerTrain)).toList();
        List<FloatMatrix> v = all.stream().map(m -> rows(m, innerVal)).toList();
        DescriptorMix.Fitted f = mix.fit(a, pre, Progress.NONE);
        Map<FloatMatrix, UmapModel> embeddings = new IdentityHashMap<>();
        String[][] trainTruth = pick(fitTruth, innerTrain);
        List<Candidate> out = new ArrayList<>();
        for (String algorithm : algorithms) {
            for (int k : usableKs()) {
                long c0 = System.nanoTime();
                Source s = source(spec, f.mix(), f.mixed(), algorithm, k, trainTruth, attrs, embeddings);
                double fitted = (System.nanoTime() - c0) / 1e9;
                for (String rule : assignments) {
                    long r0 = System.nanoTime();
                    double[] inner = new double[attrs.size()];
                    for (int at = 0; at < attrs.size(); at++) {
                        inner[at] = accuracy(s.by(rule), s.names()[at], v, pick(fitTruth[at], innerVal), null);
                    }
                    out.add(new Candidate(spec, pre.scaler().cliName(), pre.after().cliName(), algorithm, k, rule,
                            inner, fitted + (System.nanoTime() - r0) / 1e9));
                }
            }
        }
        return out;
    }

    /**
     * Runs {@code tasks} on {@link Workers#defaultThreads()} threads and hands their results to {@code each} in
     * task order, as soon as each one and those before it are done. Each task is deterministic, so the order they
     * run in changes nothing but the time: the trial's single-threaded steps (the UMAP layout, the naming) then
     * keep both cores busy.
     */
    private static <T> void inParallel(List<Callable<T>> tasks, Consumer<T> each) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(tasks.size(),
                Workers.defaultThreads())), r -> {
                    Thread t = new Thread(r, "descry-trial");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<T>> futures = tasks.stream().map(pool::submit).toList();
            for (Future<T> f : futures) {
                each.accept(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DescryException("the trial was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new DescryException("a trial task failed: " + e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Source refit(Candidate c, Case fit, String[][] fitTruth, List<String> attrs, Map<String, Source> cache,
                         Consumer<String> log) {
        Source s = cache.get(c.clusteringId());
        if (s == null) {
            DescriptorMix mix = DescriptorMix.parse(c.descriptor());
            DescriptorMix.Fitted f = mix.fit(blocks(fit, mix), new Preprocessing(Scaler.fromName(c.scaler()),
                    Pca.varianceFraction(pca), Scaler.fromName(c.after())), Progress.NONE);
            s = source(c.descriptor(), f.mix(), f.mixed(), c.algorithm(), c.k(), fitTruth, attrs,
                    new IdentityHashMap<>());
            cache.put(c.clusteringId(), s);
            log.accept("refitted " + c.describe() + " on all " + fit.rows() + " training inliers");
        }
        return s;
    }

    /**
     * Share of rows with a truth value labelled right by {@code source} named {@code names}: a row in an unnamed
     * or unknown cluster, beyond its cluster's reject threshold, or flagged ({@code flags}, may be null) counts
     * as wrong, as {@link Labeler} would withhold it.
     */
    static double accuracy(LabelSource source, String[] names, List<FloatMatrix> raw, String[] truth,
                           boolean[] flags) {
        LabelSource.Assignment as = source.assign(raw, names);
        int rows = 0;
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == null || truth[i].isEmpty()) {
                continue;
            }
            rows++;
            int c = as.cluster()[i];
            if (c >= 0 && !as.far()[i] && (flags == null || !flags[i]) && truth[i].equals(names[c])) {
                right++;
            }
        }
        return rows == 0 ? Double.NaN : (double) right / rows;
    }

    private List<String> specs(List<String> sets) {
        if (!descriptors.isEmpty()) {
            for (String s : descriptors) {
                for (String d : DescriptorMix.parse(s).descriptors()) {
                    if (!sets.contains(d)) {
                        throw new DescryException("descriptor set '" + d + "' is not in the case (it has "
                                + String.join(", ", sets) + ")");
                    }
                }
            }
            return descriptors;
        }
        List<String> out = new ArrayList<>(sets);
        for (int i = 0; i < sets.size(); i++) {
            for (int j = i + 1; j < sets.size(); j++) {
                out.add(sets.get(i) + "+" + sets.get(j));
            }
        }
        return out;
    }

    private static List<FloatMatrix> blocks(Case c, DescriptorMix mix) {
        return blocks(c, mix.descriptors());
    }

    private static List<FloatMatrix> blocks(Case c, List<String> sets) {
        return sets.stream().map(c::descriptor).toList();
    }

    private static FloatMatrix rows(FloatMatrix m, int[] idx) {
        int d = m.cols();
        float[] out = new float[idx.length * d];
        for (int i = 0; i < idx.length; i++) {
            m.copyRow(idx[i], out, i * d);
        }
        return FloatMatrix.wrap(out, idx.length, d);
    }

    private static String[] pick(String[] values, int[] idx) {
        String[] out = new String[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }

    private static String[][] pick(String[][] values, int[] idx) {
        String[][] out = new String[values.length][];
        for (int a = 0; a < values.length; a++) {
            out[a] = pick(values[a], idx);
        }
        return out;
    }

    private static String[][] subset(String[][] values, int[] first, int[] second) {
        return pick(pick(values, first), second);
    }

    private static String innerFigures(List<String> attrs, double[] inner) {
        StringBuilder s = new StringBuilder();
        for (int a = 0; a < attrs.size(); a++) {
            s.append(String.format(Locale.ROOT, "%s %.3f  ", attrs.get(a), inner[a]));
        }
        return s.toString().strip();
    }

    private static void writeSplit(Path file, List<String> paths, boolean[] isTest) throws IOException {
        AtomicWrite.write(file, raw -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16);
            Csv.writeRow(w, "path", "split");
            for (int i = 0; i < paths.size(); i++) {
                Csv.writeRow(w, paths.get(i), isTest[i] ? "test" : "train");
            }
            w.flush();
        });
    }

    /** Saves the bundle into a fresh folder beside {@code dir}, then puts it in place of any earlier one. */
    private static void saveBundle(LabelBundle bundle, Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Path tmp = Files.createTempDirectory(parent, ".model-");
        bundle.save(tmp);
        if (Files.exists(dir)) {
            Path old = Files.createTempDirectory(parent, ".old-model-");
            Files.move(dir, old.resolve("model"));
            deleteTree(old);
        }
        Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Provenance provenance(String what, String input) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("group", group);
        c.put("test_fraction", testFraction);
        c.put("inner_splits", innerSplits);
        c.put("max_clusters", maxClusters);
        return Provenance.of(what, c, seed, input);
    }

    private void writeJson(Path json, Result r) throws IOException {
        ObjectNode root = ModelStore.json().createObjectNode();
        root.put("truth", truth.toString());
        root.put("version", Provenance.currentVersion());
        ObjectNode cfg = root.putObject("config");
        cfg.put("group", group).put("test_fraction", testFraction).put("inner_fraction", innerFraction)
                .put("inner_splits", innerSplits)
                .put("max_clusters", maxClusters).put("pca", pca).put("n_init", nInit)
                .put("rejection", rejection.cliName()).put("reject_quantile", rejectQuantile)
                .put("contamination", contamination).put("outlier_scaler", outlierScaler.cliName()).put("seed", seed);
        ArrayNode k = cfg.putArray("ks");
        for (int v : usableKs()) {
            k.add(v);
        }
        cfg.set("scalers", ModelStore.json().valueToTree(scalers.stream().map(Scaler::cliName).toList()));
        cfg.set("after_pca", ModelStore.json().valueToTree(afterPca.stream().map(Scaler::cliName).toList()));
        cfg.set("algorithms", ModelStore.json().valueToTree(algorithms));
        cfg.set("assignments", ModelStore.json().valueToTree(assignments));
        cfg.put("vote_k", NameVote.DEFAULT_K);
        root.put("train_rows", r.trainRows()).put("test_rows", r.testRows()).put("clustered_rows", r.clusteredRows());
        ArrayNode attrs = root.putArray("attributes");
        for (AttributeResult a : r.attributes()) {
            ObjectNode o = attrs.addObject();
            o.put("attribute", a.name());
            o.put("descriptor", a.chosen().descriptor()).put("scaler", a.chosen().scaler())
                    .put("after_pca", a.chosen().after()).put("algorithm", a.chosen().algorithm())
                    .put("k", a.chosen().k()).put("assignment", a.chosen().assignment());
            o.put("accuracy", a.test().accuracy()).put("coverage", a.test().coverage())
                    .put("accuracy_on_labelled", a.test().accuracyOnLabelled()).put("test_inliers", a.test().rows());
            if (a.reference() != null) {
                o.put("target", a.reference().target()).put("sklearn_baseline", a.reference().baseline())
                        .put("supervised_10nn", a.reference().supervised());
            }
            ObjectNode curve = o.putObject("curve");
            for (int j = 0; j < a.curveKs().length; j++) {
                curve.putObject(Integer.toString(a.curveKs()[j])).put("accuracy", a.curveAccuracy()[j])
                        .put("chosen", a.curveChoices().get(j));
            }
        }
        if (r.outliers() != null) {
            root.putObject("outliers").put("roc_auc", r.outliers().rocAuc()).put("target", OUTLIER_AUC_TARGET)
                    .put("precision", r.outliers().precision()).put("recall", r.outliers().recall())
                    .put("flagged", r.outliers().flagged()).put("true", r.outliers().trueOutliers());
        }
        ArrayNode cs = root.putArray("candidates");
        for (Candidate c : r.candidates()) {
            ObjectNode o = cs.addObject();
            o.put("descriptor", c.descriptor()).put("scaler", c.scaler()).put("after_pca", c.after())
                    .put("algorithm", c.algorithm())
                    .put("k", c.k()).put("assignment", c.assignment()).put("seconds", c.seconds());
            ObjectNode in = o.putObject("inner_accuracy");
            for (int a = 0; a < r.attributes().size(); a++) {
                in.put(r.attributes().get(a).name(), c.inner()[a]);
            }
        }
        root.put("seconds", r.seconds());
        AtomicWrite.writeString(json, ModelStore.json().writeValueAsString(root) + "\n");
    }
}
