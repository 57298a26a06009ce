package org.descry.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.descry.cluster.AgglomerativeModel;
import org.descry.cluster.Leiden;
import org.descry.cluster.LeidenGraph;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSample;
import org.descry.data.RowSubset;
import org.descry.io.AtomicWrite;
import org.descry.linalg.Kernels;
import org.descry.outlier.OutlierMethod;
import org.descry.outlier.ViewCombination;
import org.descry.data.Workers;
import org.descry.io.LabelFiles;
import org.descry.label.ClusterNames;
import org.descry.label.LabelBundle;
import org.descry.label.LabelSource;
import org.descry.label.NameVote;
import org.descry.metrics.AdjustedRandIndex;
import org.descry.metrics.ClusterDispersion;
import org.descry.metrics.ClusterScores;
import org.descry.metrics.Noise;
import org.descry.metrics.NormalizedMutualInfo;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;
import org.descry.preprocess.Scaler;

/**
 * The study: score the case's outliers ({@link CaseOutliers}), then, on the inliers, for every descriptor set or
 * mixture: choose its scaler on a sample ({@link ScalerSelection}), preprocess, cluster with every algorithm over
 * the k range, score each run, choose one run per descriptor set ({@link KSelection}), check its stability
 * ({@link Stability}), and compare descriptor sets and scalers. Writes, atomically:
 * <pre>
 * DIR/runs/&lt;run-id&gt;/clusters.csv  path,cluster of every run (every image; outliers are -1)
 * DIR/runs/&lt;run-id&gt;/run.json      its config, scores, sizes and time
 * DIR/model/                       a label bundle ({@link LabelBundle}): each descriptor set's chosen run,
 *                                  calibrated for labelling, ready to be named, and the outlier model
 * DIR/clusters.csv                 path,cluster of the recommended run (outliers are -1)
 * DIR/study.json                   the config, every run, the choices and why, the comparisons
 * DIR/outliers.csv                 path,score,outlier of every image ({@link CaseOutliers})
 * DIR/report.html                  the same for people ({@link StudyReport})
 * DIR/plots/, DIR/grids/           its pictures ({@link StudyPictures})
 * DIR/cache/                       preprocessed rows, reused by reruns
 * </pre>
 *
 * <p>Outliers first (config key {@code outliers}, on by default): the images the outlier ensemble flags (the
 * {@code contamination} share: bad exposure, blur, a missing or foreign object) would otherwise take clusters of
 * their own, and the k rule, which refuses sliver clusters, would then refuse every larger k. So the scalers, PCA
 * and clusterings are fitted, scored and chosen on the inliers only, the label bundle's sources are calibrated on
 * them, and the outliers are noise ({@code -1}) in every {@code clusters.csv}; the bundle's outlier model flags
 * new images the same way. With {@code "outliers": false} every row is clustered and no outliers are scored.
 *
 * <p>A run whose {@code run.json} exists is read back instead of refitted, so a killed study resumes where it
 * stopped, as long as it clustered the same rows (the outlier setting and the outliers found); preprocessed rows
 * are cached by content ({@link WorkCache}). Each step (outliers, scaler choice, preprocessing, each algorithm's
 * k sweep, stability, pictures, scaler comparison, report) is reported to a {@link StudyProgress} with the study's ETA
 * ({@link StudyPlan}).
 *
 * <p>The recommendation among the descriptor sets' chosen runs is the most stable one (mean split-half ARI), ties
 * to the higher silhouette: CH and DB cannot be compared across different spaces, stability and silhouette can.
 */
public final class Study {

    /**
     * Rows above which the stability check and the scaler comparison run on a seeded sample of this many rows
     * (the k sweep and the chosen runs always cover every row).
     */
    public static final int SAMPLE_ROWS = 50_000;

    /** Training quantile of the distance to the centroid beyond which a new row's label is withheld. */
    public static final double REJECT_QUANTILE = 0.99;

    private final Case input;
    private final StudyConfig config;
    private final Path out;
    private final Consumer<String> log;
    private final WorkCache cache;
    private final Map<String, AgglomerativeModel> trees = new java.util.HashMap<>();
    /** Each set's UMAP for the embedded algorithms ({@code umap-kmeans}): fitted once, shared by every k. */
    private final Map<String, org.descry.embed.UmapModel> embeddings = new java.util.HashMap<>();
    /** Leiden's graph of the last set and scaler, shared by every k with the partitions found on it. */
    private final Map<String, LeidenGraph> leidenGraphs = new java.util.HashMap<>();
    private final StudyGraphs graphs;
    private final StudyMaps maps;

    private final StudyPlan plan;
    /** The rows clustered: the case, or its inliers when outliers come first. */
    private Case clustered;
    /** Indices of the clustered rows in the case, or {@code null} when every row is clustered. */
    private int[] inliers;

    private Study(Case input, StudyConfig config, Path out, Consumer<String> log, StudyProgress progress) {
        this.input = input;
        this.clustered = input;
        this.config = config;
        this.out = out;
        this.log = log;
        this.cache = new WorkCache(out.resolve("cache"));
        this.graphs = new StudyGraphs(cache, config.seed(), log);
        this.maps = new StudyMaps(cache, config.seed(), log);
        this.plan = new StudyPlan(progress, System::nanoTime);
    }

    /**
     * One descriptor set's chosen run and why; {@code scaler} is the choice of its scaler ({@link ScalerSelection}),
     * {@code null} when the study did not choose one (a single scaler, or {@code scaler_choice} {@code grid}).
     */
    public record Choice(String descriptor, RunResult run, String why, double stability, int[] labels,
                         ScalerSelection.Choice scaler) {}

    /** What the study found. */
    public record Result(List<RunResult> runs, List<Choice> choices, Choice recommended, Path studyJson,
                         List<AlgorithmAgreement> algorithmAgreement) {}

    /**
     * How far the algorithms agree on one descriptor set: each algorithm's own choice by the k rule (among its
     * runs only) and the ARI and NMI of every pair, row-major {@code runs.size()} square, over the rows both
     * cluster (outliers and noise left out). Algorithms that agree found structure in the descriptors, not in
     * their own bias.
     */
    public record AlgorithmAgreement(String descriptor, List<String> runs, double[] ari, double[] nmi) {}

    /**
     * Runs the study of {@code input} with {@code config} into {@code out}. {@code progress} receives the study's
     * estimated share done in thousandths ({@code step(permille, 1000)}); {@code log} receives one line per step
     * and run.
     */
    public static Result run(Case input, StudyConfig config, Path out, Consumer<String> log, Progress progress)
            throws IOException {
        Objects.requireNonNull(progress, "progress");
        return run(input, config, out, log, s -> progress.step(Math.round(1000 * s.studyFraction()), 1000));
    }

    /**
     * Runs the study, reporting each step and the whole study to {@code progress} ({@link StudyPlan} says how the
     * study's ETA is estimated); {@code log} receives one line per step (with the study's share done and ETA) and
     * per run, which is all a log file or a non-terminal needs.
     */
    public static Result run(Case input, StudyConfig config, Path out, Consumer<String> log, StudyProgress progress)
            throws IOException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(progress, "progress");
        Files.createDirectories(out);
        return new Study(input, config, out, log, progress).run();
    }

    private Result run() throws IOException {
        Map<String, String> earlierRuns = earlierSourceRuns();
        List<String> specs = config.resolveDescriptors(input.descriptorNames());
        planSteps(specs);
        List<RunResult> all = new ArrayList<>();
        List<Choice> choices = new ArrayList<>();
        List<AlgorithmAgreement> agreements = new ArrayList<>();
        Map<String, Map<String, Double>> scalerMatrix = new LinkedHashMap<>();
        Map<String, LabelSource> sources = new LinkedHashMap<>();
        List<StudyReport.Figure> figures = new ArrayList<>();
        CaseOutliers.Model outliers = null;
        if (config.outliers()) {
            log.accept(plan.start("outliers"));
            outliers = outliers(figures);
            inliers = inlierRows(outliers.flags());
            clustered = input.select(inliers);
            log.accept(String.format(java.util.Locale.ROOT, "clustering the %,d inliers; the %,d outliers are "
                    + "noise (-1) in every clusters.csv", inliers.length, input.rows() - inliers.length));
        }
        forgetRunsOfOtherRows();
        for (String spec : specs) {
            DescriptorMix mix = DescriptorMix.parse(spec);
            List<RunResult> runs = new ArrayList<>();
            Map<String, Prepared> prepared = new LinkedHashMap<>();
            ScalerSelection.Choice scalerPick = null;
            if (config.choosesScaler()) {
                log.accept(plan.start(spec + ": scaler choice"));
                scalerPick = chooseScaler(mix);
            }
            for (Scaler scaler : scalerPick == null ? config.scalers() : List.of(scalerPick.chosen())) {
                log.accept(plan.start(preprocessingStep(spec, scaler)));
                Prepared p = prepare(mix, scaler);
                prepared.put(scaler.cliName(), p);
                for (String algorithm : config.algorithms()) {
                    log.accept(plan.start(sweepStep(spec, scaler, algorithm)));
                    for (int k : ks(algorithm)) {
                        runs.add(runOne(spec, scaler, algorithm, k, p.rows()));
                        plan.unit();
                    }
                }
            }
            all.addAll(runs);
            agreements.add(algorithmAgreement(spec, runs));
            KSelection.Choice pick = new KSelection(config.minClusterShare()).choose(
                    runs.stream().map(RunResult::candidate).toList());
            RunResult chosen = runs.get(pick.chosen());
            Prepared p = prepared.get(chosen.scaler());
            Clustering c = clustering(chosen.algorithm(), chosen.k());
            log.accept("chosen for " + spec + ": " + pick.explanation());
            ClusterModel model = fit(spec, chosen.scaler(), chosen.algorithm(), chosen.k(), p.rows());
            double stability = Double.NaN;
            if (config.stabilityRepeats() > 0) {
                log.accept(plan.start(spec + ": stability"));
                if (p.rows().rows() >= 4 * chosen.k()) {
                    stability = stability(c, p.rows(), model.labels(), (done, total) -> plan.unit());
                    log.accept(String.format(java.util.Locale.ROOT, "stability of %s: split-half ARI %.3f",
                            chosen.id(), stability));
                }
            }
            sources.put(spec, saveSource(spec, p, model, chosen));
            choices.add(new Choice(spec, chosen, pick.explanation(), stability, allRows(model.labels()), scalerPick));
            log.accept(plan.start(spec + ": pictures"));
            figures.addAll(StudyPictures.draw(clustered, config, out, spec, runs, chosen, model.labels(), p.rows(),
                    p.mix(), maps, log));
            if (!config.compareScalers().isEmpty()) {
                log.accept(plan.start(spec + ": scaler comparison"));
            }
            scalerMatrix.put(spec, compareScalers(mix, chosen, all));
        }
        log.accept(plan.start("report"));
        Choice best = null;
        for (Choice ch : choices) {
            if (best == null || better(ch, best)) {
                best = ch;
            }
        }
        for (int i = 0; i + 1 < choices.size() && i < 3; i++) {
            StudyReport.Figure f = StudyPictures.disagreement(input, out, choices.get(i), choices.get(i + 1), 24,
                    config.seed());
            if (f != null) {
                figures.add(f);
            }
        }
        saveBundle(sources, earlierRuns, outliers);
        LabelFiles.writeClusters(out.resolve("clusters.csv"), input.paths(), best.labels());
        Path json = out.resolve("study.json");
        writeJson(json, all, choices, best, scalerMatrix, agreements);
        Result result = new Result(all, choices, best, json, agreements);
        StudyReport report = new StudyReport(result, input.dir().getFileName().toString());
        figures.forEach(report::add);
        report.write(out.resolve("report.html"));
        plan.finish();
        log.accept("wrote " + out.resolve("report.html"));
        return result;
    }

    private void planSteps(List<String> specs) {
        if (config.outliers()) {
            plan.plan("outliers", "outliers", 1);
        }
        for (String spec : specs) {
            if (config.choosesScaler()) {
                plan.plan("scaler choice", spec + ": scaler choice", config.scalers().size());
            }
            for (Scaler scaler : config.choosesScaler() ? config.scalers().subList(0, 1) : config.scalers()) {
                plan.plan("preprocessing", preprocessingStep(spec, scaler), 1);
                for (String algorithm : config.algorithms()) {
                    plan.plan(algorithm, sweepStep(spec, scaler, algorithm), ks(algorithm).length);
                }
            }
            if (config.stabilityRepeats() > 0) {
                plan.plan("stability", spec + ": stability", config.stabilityRepeats());
            }
            plan.plan("pictures", spec + ": pictures", 1);
            if (!config.compareScalers().isEmpty()) {
                plan.plan("scalers", spec + ": scaler comparison", config.compareScalers().size());
            }
        }
        plan.plan("report", "report", 1);
    }

    private String preprocessingStep(String spec, Scaler scaler) {
        return spec + ": preprocessing" + (sweepsSeveralScalers() ? " (" + scaler.cliName() + ")" : "");
    }

    private String sweepStep(String spec, Scaler scaler, String algorithm) {
        return spec + ": " + algorithm + (ks(algorithm).length > 1 ? " k sweep" : "")
                + (sweepsSeveralScalers() ? " (" + scaler.cliName() + ")" : "");
    }

    /** Whether a descriptor set is swept with more than one scaler (the steps then name theirs). */
    private boolean sweepsSeveralScalers() {
        return config.scalers().size() > 1 && !config.choosesScaler();
    }

    /**
     * The scaler of one descriptor set, chosen by {@link ScalerSelection} among the listed ones on a seeded sample
     * of at most {@link #SAMPLE_ROWS} of the clustered rows (each block of a mixture scaled on its own): the choice
     * reads each candidate's scaled columns once, so it costs a fraction of one preprocessing pass.
     */
    private ScalerSelection.Choice chooseScaler(DescriptorMix mix) {
        long t0 = System.nanoTime();
        List<FloatMatrix> blocks = sampleBlocks(mix);
        ScalerSelection.Choice c = new ScalerSelection(config.scalers()).choose(blocks, (done, total) -> plan.unit());
        log.accept(String.format(java.util.Locale.ROOT, "scaler of %s: %s  (%.1f s)", mix.spec(), c.explanation(),
                (System.nanoTime() - t0) / 1e9));
        return c;
    }

    private static int[] inlierRows(boolean[] outlier) {
        int m = 0;
        for (boolean o : outlier) {
            m += o ? 0 : 1;
        }
        int[] rows = new int[m];
        for (int i = 0, j = 0; i < outlier.length; i++) {
            if (!outlier[i]) {
                rows[j++] = i;
            }
        }
        return rows;
    }

    /** Labels of the clustered rows spread over every row of the case, outliers as noise ({@code -1}). */
    private int[] allRows(int[] labels) {
        if (inliers == null) {
            return labels;
        }
        int[] full = new int[input.rows()];
        java.util.Arrays.fill(full, -1);
        for (int i = 0; i < inliers.length; i++) {
            full[inliers[i]] = labels[i];
        }
        return full;
    }

    /** Which rows were clustered: every row, or the inliers of this outlier selection. */
    private String rowsKey() {
        return input.selectionKey() + (inliers == null ? "" : "-inliers-"
                + Integer.toHexString(java.util.Arrays.hashCode(inliers)) + "-" + inliers.length);
    }

    /**
     * Runs on disk are read back only when they clustered the same rows: when the outlier setting or the
     * outliers found changed since they were written, {@code DIR/runs/} is emptied and the runs refitted. So is a
     * change of the scaler after the PCA ({@code after_pca}), whose runs have the same names; the key is the rows'
     * alone without one, as before it existed.
     */
    private void forgetRunsOfOtherRows() throws IOException {
        Path runs = out.resolve("runs");
        Path marker = out.resolve("cache").resolve("runs-rows.txt");
        String key = rowsKey() + (config.afterPca() == Scaler.NONE ? "" : " after-pca " + config.afterPca().cliName());
        if (Files.isDirectory(runs) && !(Files.isRegularFile(marker) && Files.readString(marker).strip().equals(key))) {
            log.accept("the rows clustered or their preprocessing changed since the runs in " + runs
                    + " were written: refitting them");
            WorkCache.deleteTree(runs);
        }
        Files.createDirectories(marker.getParent());
        AtomicWrite.writeString(marker, key + "\n");
    }

    private static boolean better(Choice a, Choice b) {
        double sa = Double.isNaN(a.stability()) ? -2 : a.stability();
        double sb = Double.isNaN(b.stability()) ? -2 : b.stability();
        if (sa != sb) {
            return sa > sb;
        }
        return a.run().silhouette() > b.run().silhouette();
    }

    /** Rows of a descriptor set or mixture after one scaler and the PCA, and the fitted steps. */
    private record Prepared(FittedMix mix, FloatMatrix rows) {}

    private Prepared prepare(DescriptorMix mix, Scaler scaler) throws IOException {
        Preprocessing pre = new Preprocessing(scaler, config.pcaStep(), config.afterPca());
        List<Path> files = mix.descriptors().stream().map(input::descriptorFile).toList();
        String pcaKey = config.pca() + (config.afterPca() == Scaler.NONE ? "" : "-" + config.afterPca().cliName());
        String key = WorkCache.key(files, mix.spec(), scaler.cliName(), pcaKey, Long.toString(config.seed()),
                Integer.toString(input.rows()), rowsKey());
        WorkCache.Entry cached = cache.find(key);
        if (cached != null) {
            log.accept("reusing preprocessed " + mix.spec() + " (" + scaler.cliName() + ") from the cache");
            return new Prepared(FittedMix.load(cached.dir().resolve("mix")), cached.matrix());
        }
        log.accept("preprocessing " + mix.spec() + ": " + scaler.cliName() + " scaling, PCA " + config.pca()
                + (config.afterPca() == Scaler.NONE ? "" : ", then " + config.afterPca().cliName()));
        List<RowSubset> blocks = new ArrayList<>();
        for (String d : mix.descriptors()) {
            blocks.add(RowSubset.of(input.descriptor(d), inliers).releasingPages());
        }
        DescriptorMix.Fitted f = mix.fitRows(blocks, pre, Progress.NONE);
        mix.descriptors().forEach(d -> input.descriptor(d).unload());
        cache.store(key, f.mixed(), dir -> f.mix().save(dir.resolve("mix"), provenance("mix", mix.spec())));
        return new Prepared(f.mix(), f.mixed());
    }

    /**
     * Fits one run. Agglomerative clustering builds its merge tree once per descriptor set and scaler and cuts it
     * for every k, which is what keeps a k range cheap at full size.
     */
    private ClusterModel fit(String spec, String scaler, String algorithm, int k, FloatMatrix x)
            throws IOException {
        Clustering c = clustering(algorithm, k);
        if (c.embedded()) {
            return c.fitEmbedded(embeddings.computeIfAbsent(spec + "|" + scaler,
                    key -> c.embedding().fit(x, Progress.NONE)), Progress.NONE);
        }
        boolean large = StudyGraphs.shared(x.rows());
        switch (algorithm) {
            case "kmeans" -> {
                return new SampledKMeans(c.kmeans(), SampledKMeans.DEFAULT_SAMPLE_ROWS).fit(x, Progress.NONE);
            }
            case "hdbscan" -> {
                return large ? c.hdbscan().fit(x, graphs.of(x, spec + " (" + scaler + ")"),
                        x.rows() + " x " + x.cols(), Progress.NONE) : c.fit(x, Progress.NONE);
            }
            case "leiden" -> {
                Leiden leiden = c.leiden();
                String key = spec + "|" + scaler;
                LeidenGraph graph = leidenGraphs.get(key);
                if (graph == null) {
                    graph = LeidenGraph.of(large ? leiden.graph(graphs.of(x, spec + " (" + scaler + ")"))
                            : leiden.graph(x));
                    leidenGraphs.clear();
                    leidenGraphs.put(key, graph);
                }
                return leiden.fit(x, graph, Progress.NONE);
            }
            case "agglomerative" -> {
                String key = spec + "|" + scaler;
                AgglomerativeModel tree = trees.get(key);
                if (tree != null) {
                    return tree.withK(k, x);
                }
                tree = large
                        ? c.agglomerative(x.rows()).withConnectivity(graphs.of(x, spec + " (" + scaler + ")")
                                .toCsr(org.descry.knn.CsrGraph.Mode.CONNECTIVITY)).fit(x, Progress.NONE)
                        : (AgglomerativeModel) c.fit(x, Progress.NONE);
                trees.put(key, tree);
                return tree;
            }
            default -> {
                return c.fit(x, Progress.NONE);
            }
        }
    }

    /** The k values an algorithm is run with: the k range, or one run (k = 0) for methods that find k. */
    private int[] ks(String algorithm) {
        if (!new Clustering(algorithm, 1, 0).usesK()) {
            return new int[] {0};
        }
        int[] ks = new int[config.kMax() - config.kMin() + 1];
        for (int i = 0; i < ks.length; i++) {
            ks[i] = config.kMin() + i;
        }
        return ks;
    }

    /**
     * HDBSCAN's smallest cluster in the study: the smallest cluster the k rule accepts ({@code min_cluster_share}
     * of the rows, at least 5), so density methods and the k rule agree on what is worth naming. Its
     * {@code min_samples} stays at 10 at most, since core distances over thousands of neighbours would smooth the
     * density away and cost a kNN graph of that width.
     */
    private int hdbscanMinClusterSize() {
        return Math.max(5, (int) Math.ceil(config.minClusterShare() * clustered.rows()));
    }

    private Clustering clustering(String algorithm, int k) {
        return new Clustering(algorithm, Math.max(1, k), config.seed(), config.nInit(),
                org.descry.cluster.CovarianceType.FULL, hdbscanMinClusterSize(), Math.min(10,
                        hdbscanMinClusterSize()), 0, org.descry.cluster.Linkage.WARD, StudyGraphs.NEIGHBORS);
    }

    private RunResult runOne(String spec, Scaler scaler, String algorithm, int k, FloatMatrix x) throws IOException {
        String id = RunResult.idOf(spec, scaler.cliName(), algorithm, k);
        Path dir = out.resolve("runs").resolve(id);
        Path json = dir.resolve("run.json");
        if (Files.exists(json) && Files.exists(dir.resolve("clusters.csv"))) {
            return readRun(json);
        }
        long t0 = System.nanoTime();
        int[] labels = fit(spec, scaler.cliName(), algorithm, k, x).labels();
        int noise = 0;
        for (int l : labels) {
            noise += l < 0 ? 1 : 0;
        }
        int[] sizes = sizes(labels);
        double ch = Double.NaN;
        double db = Double.NaN;
        double sil = Double.NaN;
        if (sizes.length >= 2) {
            ClusterScores.Internal s = ClusterScores.compute(x, noise > 0 ? partitionOf(x, labels) : labels, null,
                    ClusterScores.Options.DEFAULT
                    .withSilhouette(Math.max(2, config.silhouetteSample()), Math.max(2, config.silhouetteSample()))
                    .withSeed(config.seed()), Progress.NONE).internal();
            ch = s.calinskiHarabasz();
            db = s.daviesBouldin();
            sil = s.silhouette();
        } else {
            log.accept(id + ": " + sizes.length + " cluster" + (sizes.length == 1 ? "" : "s") + " ("
                    + noise + " noise rows): not scored");
        }
        RunResult r = new RunResult(id, spec, scaler.cliName(), algorithm, k, sizes.length, ch, db, sil, noise,
                sizes, (System.nanoTime() - t0) / 1e9);
        LabelFiles.writeClusters(dir.resolve("clusters.csv"), input.paths(), allRows(labels));
        AtomicWrite.writeString(json, ModelStore.json().writeValueAsString(runJson(r)) + "\n");
        log.accept(String.format(java.util.Locale.ROOT, "%s: CH %.1f  DB %.3f  silhouette %.3f  (%.1f s)", id,
                r.calinski(), r.davies(), r.silhouette(), r.seconds()));
        return r;
    }

    /**
     * The partition a clustering with noise implies: each noise row joins the cluster with the nearest centroid.
     * CH, DB and the silhouette judge partitions, and a density method that leaves its hard rows out as noise
     * would otherwise be judged on the easy rows only and win the k rule for that reason alone.
     */
    static int[] partitionOf(FloatMatrix x, int[] labels) {
        int k = 0;
        for (int l : labels) {
            k = Math.max(k, l + 1);
        }
        if (k == 0) {
            return labels;
        }
        int d = x.cols();
        ClusterDispersion disp = ClusterDispersion.of(x, labels, Noise.EXCLUDE, Progress.NONE);
        int[] count = disp.countsByLabel(k);
        float[] centres = disp.centroidsByLabel(k);
        float[] row = new float[d];
        Kernels kern = Kernels.best();
        int[] out = labels.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0) {
                x.copyRow(i, row, 0);
                double best = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double dist = count[c] == 0 ? Double.POSITIVE_INFINITY
                            : kern.squaredDistance(row, 0, centres, c * d, d);
                    if (dist < best) {
                        best = dist;
                        out[i] = c;
                    }
                }
            }
        }
        return out;
    }

    static int[] sizes(int[] labels) {
        int max = -1;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        int[] n = new int[max + 1];
        for (int l : labels) {
            if (l >= 0) {
                n[l]++;
            }
        }
        int used = 0;
        for (int v : n) {
            used += v > 0 ? 1 : 0;
        }
        int[] out = new int[used];
        int j = 0;
        for (int v : n) {
            if (v > 0) {
                out[j++] = v;
            }
        }
        return out;
    }

    /**
     * Split-half stability ({@link Stability}) of the chosen configuration; above {@link #SAMPLE_ROWS} rows it is
     * measured on a seeded sample of that many rows, with HDBSCAN's smallest cluster scaled to the half's size,
     * since what it measures (do two disjoint halves agree) needs no more rows and a full-size agglomerative or
     * HDBSCAN fit per half and repeat would cost more than the whole sweep.
     */
    private double stability(Clustering c, FloatMatrix x, int[] labels, Progress progress) {
        if (x.rows() <= SAMPLE_ROWS) {
            return new Stability(Stability.Mode.HALVES, config.stabilityRepeats(), config.seed())
                    .measure(c, x, labels, progress);
        }
        int[] rows = RowSample.sorted(x.rows(), SAMPLE_ROWS, config.seed());
        int[] reference = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            reference[i] = labels[rows[i]];
        }
        int half = Math.max(5, (int) Math.ceil(config.minClusterShare() * SAMPLE_ROWS / 2));
        Clustering scaled = c.withDensity(half, Math.min(10, half), c.eps());
        return new Stability(Stability.Mode.HALVES, config.stabilityRepeats(), config.seed())
                .measure(scaled, x.selectRows(rows), reference, progress);
    }

    private AlgorithmAgreement algorithmAgreement(String spec, List<RunResult> runs) throws IOException {
        List<String> ids = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (String algorithm : config.algorithms()) {
            List<RunResult> own = runs.stream().filter(r -> r.algorithm().equals(algorithm)).toList();
            if (own.isEmpty()) {
                continue;
            }
            RunResult r = own.get(new KSelection(config.minClusterShare()).choose(
                    own.stream().map(RunResult::candidate).toList()).chosen());
            ids.add(r.id());
            labels.add(LabelFiles.clustersByRow(out.resolve("runs").resolve(r.id()).resolve("clusters.csv"),
                    input.paths()));
        }
        int m = ids.size();
        double[] ari = new double[m * m];
        double[] nmi = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                int[] a = labels.get(i);
                int[] b = labels.get(j);
                int n = 0;
                for (int r = 0; r < a.length; r++) {
                    n += a[r] >= 0 && b[r] >= 0 ? 1 : 0;
                }
                int[] sa = new int[n];
                int[] sb = new int[n];
                for (int r = 0, t = 0; r < a.length; r++) {
                    if (a[r] >= 0 && b[r] >= 0) {
                        sa[t] = a[r];
                        sb[t++] = b[r];
                    }
                }
                ari[i * m + j] = n == 0 ? Double.NaN : i == j ? 1 : AdjustedRandIndex.score(sa, sb);
                nmi[i * m + j] = n == 0 ? Double.NaN : i == j ? 1 : NormalizedMutualInfo.score(sa, sb);
            }
        }
        return new AlgorithmAgreement(spec, ids, ari, nmi);
    }

    /** The descriptor x scaler matrix: the chosen run's algorithm and k with each compared scaler. */
    private Map<String, Double> compareScalers(DescriptorMix mix, RunResult chosen, List<RunResult> all)
            throws IOException {
        if (clustered.rows() > SAMPLE_ROWS) {
            return compareScalersOnSample(mix, chosen);
        }
        Map<String, Double> row = new LinkedHashMap<>();
        for (Scaler scaler : config.compareScalers()) {
            Prepared p = prepare(mix, scaler);
            RunResult r = runOne(mix.spec(), scaler, chosen.algorithm(), chosen.k(), p.rows());
            plan.unit();
            row.put(scaler.cliName(), r.silhouette());
            if (all.stream().noneMatch(x -> x.id().equals(r.id()))) {
                all.add(r);
            }
        }
        return row;
    }

    /**
     * Each set of {@code mix} on the same seeded sample of at most {@link #SAMPLE_ROWS} of the clustered rows, copied
     * to the heap block by block with each block's pages dropped once copied ({@link RowSubset#releasingPages}): a
     * {@code selectRows} copy of one row in eight of a 4.26 GB mapped set left 2.5 GB of its pages resident until
     * the copy was over, on top of the heap ({@code descry-bench/README.md}, "Session 6").
     */
    private List<FloatMatrix> sampleBlocks(DescriptorMix mix) {
        int[] rows = RowSample.sorted(clustered.rows(), Math.min(clustered.rows(), SAMPLE_ROWS), config.seed());
        if (inliers != null) {
            for (int i = 0; i < rows.length; i++) {
                rows[i] = inliers[rows[i]];
            }
        }
        List<FloatMatrix> blocks = new ArrayList<>();
        for (String d : mix.descriptors()) {
            blocks.add(RowSubset.of(input.descriptor(d), rows).releasingPages().materialize());
        }
        mix.descriptors().forEach(d -> input.descriptor(d).unload());
        return blocks;
    }

    /**
     * The scaler comparison above {@link #SAMPLE_ROWS} rows: on a seeded sample of that many rows, each compared
     * scaler and the PCA are fitted, the chosen run's algorithm and k cluster the sample, and its silhouette is
     * the matrix cell. A full-size run per scaler would cost a preprocessing pass and, for the graph methods, a
     * kNN graph each; the comparison asks which scaler separates the descriptors best, which a sample answers.
     * These runs are reported in the matrix only, not as runs of every row.
     */
    private Map<String, Double> compareScalersOnSample(DescriptorMix mix, RunResult chosen) {
        List<FloatMatrix> blocks = sampleBlocks(mix);
        Map<String, Double> row = new LinkedHashMap<>();
        int minCluster = Math.max(5, (int) Math.ceil(config.minClusterShare() * SAMPLE_ROWS));
        for (Scaler scaler : config.compareScalers()) {
            long t0 = System.nanoTime();
            FloatMatrix x = mix.fit(blocks, new Preprocessing(scaler, config.pcaStep(), config.afterPca()),
                    Progress.NONE).mixed();
            Clustering c = clustering(chosen.algorithm(), chosen.k()).withDensity(minCluster,
                    Math.min(10, minCluster), 0);
            int[] labels = c.fit(x, Progress.NONE).labels();
            double sil = Double.NaN;
            if (sizes(labels).length >= 2) {
                boolean noise = java.util.Arrays.stream(labels).anyMatch(l -> l < 0);
                sil = ClusterScores.compute(x, noise ? partitionOf(x, labels) : labels, null,
                        ClusterScores.Options.DEFAULT.withSilhouette(Math.max(2, config.silhouetteSample()),
                                Math.max(2, config.silhouetteSample())).withSeed(config.seed()), Progress.NONE)
                        .internal().silhouette();
            }
            row.put(scaler.cliName(), sil);
            log.accept(String.format(java.util.Locale.ROOT, "%s with %s scaling (sample of %,d rows): silhouette "
                    + "%.3f  (%.1f s)", chosen.algorithm() + (chosen.k() > 0 ? " k=" + chosen.k() : ""),
                    scaler.cliName(), SAMPLE_ROWS, sil, (System.nanoTime() - t0) / 1e9));
        }
        return row;
    }

    /** The chosen run of a descriptor set as a calibrated {@link LabelSource} in {@code DIR/model/<set>/}. */
    private LabelSource saveSource(String spec, Prepared p, ClusterModel model, RunResult chosen) throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("descriptor", spec);
        c.put("run", chosen.id());
        LabelSource source = LabelSource.calibrate(spec, p.mix(), model, p.rows(), REJECT_QUANTILE,
                Provenance.of("label-source", c, config.seed(), input.dir().toString()));
        if (config.assignment().equals("vote")) {
            source = source.withVote(NameVote.fit(p.rows(), model.labels(), NameVote.DEFAULT_K, config.seed(),
                    Workers.defaultThreads()));
        }
        Path dir = out.resolve("model").resolve(spec.replace(':', '@'));
        Path tmp = Files.createTempDirectory(out, ".model-");
        source.save(tmp);
        WorkCache.replaceDirectory(tmp, dir);
        return source;
    }

    /**
     * Writes {@code DIR/model/} as a label bundle of the chosen runs. Attributes and names given on an earlier
     * study into the same folder are kept when their source's chosen run is unchanged, and dropped (the history
     * keeps them) when it changed: the names were given to other clusters.
     */
    /**
     * The outlier scores of every image: {@code descry outliers}' default ensemble on every descriptor set of the
     * case, after the first scaler of the grid and the PCA, the sets combined as {@link ViewCombination#DEFAULT};
     * written as {@code DIR/outliers.csv} ({@code path,score,outlier}) with a histogram and a sheet of the top images.
     */
    private CaseOutliers.Model outliers(List<StudyReport.Figure> figures) throws IOException {
        log.accept("outliers: " + OutlierMethod.ENSEMBLE.cliName() + " on " + String.join(", ",
                input.descriptorNames()));
        CaseOutliers.Model m = new CaseOutliers(input.descriptorNames(),
                new Preprocessing(config.scalers().get(0), config.pcaStep()), OutlierMethod.ENSEMBLE,
                new OutlierMethod.Settings(20, 8, config.contamination(), config.seed(), Workers.defaultThreads()),
                ViewCombination.DEFAULT).fit(input, Progress.NONE);
        Path csv = out.resolve("outliers.csv");
        double[] scores = m.trainingScores();
        int flagged = LabelFiles.writeOutliers(csv, input.paths(), scores, m.threshold());
        log.accept(String.format(java.util.Locale.ROOT, "outliers: %,d of %,d images flagged (contamination %s) -> %s",
                flagged, scores.length, config.contamination(), csv));
        Path hist = out.resolve("plots").resolve("outlier-scores.png");
        org.descry.plot.ScoreHistogram.titled("Outlier scores (" + OutlierMethod.ENSEMBLE.cliName() + ", "
                + String.join(", ", input.descriptorNames()) + ")").writePng(hist, scores, m.threshold());
        figures.add(new StudyReport.Figure("Outliers", "Outlier scores with the threshold at contamination "
                + config.contamination(), hist));
        if (!input.zipFiles().isEmpty()) {
            Path sheet = out.resolve("grids").resolve("outliers.png");
            org.descry.grid.RenderedSheet r = org.descry.grid.OutlierSheet.DEFAULT
                    .render(input.images(), org.descry.grid.OutlierScores.read(csv));
            r.writePng(sheet);
            figures.add(new StudyReport.Figure("Outliers", "The images with the highest outlier scores", sheet));
        }
        return m;
    }

    private void saveBundle(Map<String, LabelSource> sources, Map<String, String> earlierRuns,
                            CaseOutliers.Model outliers) throws IOException {
        Path dir = out.resolve("model");
        Map<String, String> attributes = new LinkedHashMap<>();
        ClusterNames names = ClusterNames.empty();
        if (Files.isRegularFile(dir.resolve(ModelStore.MANIFEST))) {
            JsonNode old = ModelStore.readManifest(dir, LabelBundle.KIND);
            ClusterNames oldNames = ClusterNames.load(dir);
            for (var it = old.path("attributes").fields(); it.hasNext(); ) {
                var e = it.next();
                String src = e.getValue().asText();
                if (sources.containsKey(src) && runOf(sources.get(src)).equals(earlierRuns.get(src))) {
                    attributes.put(e.getKey(), src);
                    names = names.with(oldNames.of(e.getKey()).entrySet().stream()
                            .map(n -> new ClusterNames.Change(e.getKey(), n.getKey(), n.getValue())).toList());
                } else {
                    log.accept("names of attribute '" + e.getKey() + "' dropped: the chosen run of '" + src
                            + "' changed (they stay in " + dir.resolve(ClusterNames.HISTORY_FILE) + ")");
                }
            }
        }
        if (outliers != null) {
            Path tmp = Files.createTempDirectory(out, ".outliers-");
            outliers.save(tmp);
            WorkCache.replaceDirectory(tmp, dir.resolve("outliers"));
        }
        LabelBundle bundle = new LabelBundle(sources, attributes, names, outliers,
                provenance("label-bundle", "*"));
        bundle.save(dir);
    }

    /** The chosen run of each source of an earlier study's bundle in the same folder (none when there is none). */
    private Map<String, String> earlierSourceRuns() throws IOException {
        Map<String, String> runs = new LinkedHashMap<>();
        Path dir = out.resolve("model");
        if (Files.isRegularFile(dir.resolve(ModelStore.MANIFEST))) {
            for (JsonNode src : ModelStore.readManifest(dir, LabelBundle.KIND).path("sources")) {
                Path m = dir.resolve(src.asText().replace(':', '@'));
                if (Files.isRegularFile(m.resolve(ModelStore.MANIFEST))) {
                    JsonNode sm = ModelStore.readManifest(m, LabelSource.KIND);
                    runs.put(src.asText(), String.valueOf(ModelStore.provenance(sm).config().get("run")));
                }
            }
        }
        return runs;
    }

    private static String runOf(LabelSource s) {
        return String.valueOf(s.provenance().config().get("run"));
    }

    private Provenance provenance(String what, String spec) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("descriptor", spec);
        c.put("pca", config.pca());
        if (config.afterPca() != Scaler.NONE) {
            c.put("after_pca", config.afterPca().cliName());
        }
        return Provenance.of(what, c, config.seed(), input.dir().toString());
    }

    private static ObjectNode runJson(RunResult r) {
        return ModelStore.json().valueToTree(r);
    }

    private static RunResult readRun(Path json) throws IOException {
        JsonNode n = ModelStore.json().readTree(json.toFile());
        return ModelStore.json().treeToValue(n, RunResult.class);
    }

    private void writeJson(Path json, List<RunResult> runs, List<Choice> choices, Choice best,
                           Map<String, Map<String, Double>> scalerMatrix, List<AlgorithmAgreement> agreements)
            throws IOException {
        ObjectNode root = ModelStore.json().createObjectNode();
        root.put("case", input.dir().toString());
        root.put("rows", input.rows());
        root.put("version", Provenance.currentVersion());
        root.set("config", config.toJson());
        ArrayNode rs = root.putArray("runs");
        runs.forEach(r -> rs.add(runJson(r)));
        ArrayNode cs = root.putArray("choices");
        for (Choice c : choices) {
            ObjectNode o = cs.addObject();
            o.put("descriptor", c.descriptor()).put("run", c.run().id()).put("why", c.why());
            o.put("stability", c.stability());
            if (c.scaler() != null) {
                o.put("scaler", c.scaler().chosen().cliName()).put("scaler_why", c.scaler().explanation())
                        .put("scaler_rows", c.scaler().rows());
                ObjectNode skew = o.putObject("scaler_skewness");
                c.scaler().scores().forEach(s -> skew.put(s.scaler().cliName(), s.skewness()));
            }
        }
        root.put("recommended", best.run().id());
        ObjectNode agree = root.putObject("agreement");
        for (Choice a : choices) {
            ObjectNode row = agree.putObject(a.descriptor());
            for (Choice b : choices) {
                row.putObject(b.descriptor())
                        .put("ari", AdjustedRandIndex.score(a.labels(), b.labels()))
                        .put("nmi", NormalizedMutualInfo.score(a.labels(), b.labels()));
            }
        }
        ObjectNode algos = root.putObject("algorithm_agreement");
        for (AlgorithmAgreement g : agreements) {
            ObjectNode set = algos.putObject(g.descriptor());
            int m = g.runs().size();
            for (int i = 0; i < m; i++) {
                ObjectNode row = set.putObject(g.runs().get(i));
                for (int j = 0; j < m; j++) {
                    row.putObject(g.runs().get(j)).put("ari", g.ari()[i * m + j]).put("nmi", g.nmi()[i * m + j]);
                }
            }
        }
        root.set("scaler_silhouette", ModelStore.json().valueToTree(scalerMatrix));
        root.put("scaler_comparison_rows", Math.min(clustered.rows(), SAMPLE_ROWS));
        AtomicWrite.writeString(json, ModelStore.json().writeValueAsString(root) + "\n");
    }
}
