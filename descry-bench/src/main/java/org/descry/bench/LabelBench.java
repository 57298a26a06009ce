package org.descry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.knn.KnnGraph;
import org.descry.label.ClusterNames;
import org.descry.label.LabelBundle;
import org.descry.label.LabelSource;
import org.descry.label.Labeler;
import org.descry.label.NameVote;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.outlier.GraphModel;
import org.descry.outlier.OutlierMethod;
import org.descry.outlier.OutlierModel;
import org.descry.outlier.RankEnsemble;
import org.descry.outlier.ViewCombination;
import org.descry.model.Provenance;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.descry.study.CaseOutliers;
import org.descry.study.Clustering;
import org.descry.study.DescriptorMix;
import org.descry.study.Preprocessing;

/**
 * How long {@code descry label} takes on the reference size: a {@link SyntheticCase} of 416,314 rows in the
 * reference widths (efficientnet-b7 2560, osnet 512, vdc_color 128, vdc_type 512; written once into
 * {@code --case DIR} and reused), a bundle of three sources fitted on a 20,000-row sample (standard scaler, PCA
 * 0.9, k-means k = 100: type from vdc_type, colour from vdc_color, view from efficientnet-b7, so one source reads
 * the 2560-wide set), every cluster named, then {@link Labeler} on every row, timed.
 *
 * <p>{@code --outliers DIR} adds the study's outlier model to the bundle, as {@code descry study} fits it: the
 * default ensemble on every set after the standard scaler and PCA 0.9, sets combined by their maximum rank,
 * contamination 0.03, fitted on every row of the training case ({@code --train DIR}, another synthetic case of
 * the same clusters: {@code --case} is then written with other rows of them, {@link SyntheticCase#write(Path,
 * int, long, long)}) and saved into {@code DIR} (reused when there). The run then also profiles one pass: process
 * CPU seconds of the label sources, and per outlier set of the preprocessing, the neighbour query and the members'
 * scoring ({@code --profile-rows N}: over the first N rows only). {@code --max-reference N} gives each set's
 * ensemble the sample reference {@link RankEnsemble#fit} makes on more than N training rows (fitted from the
 * loaded model's training rows when it has none, saved beside it). {@code --fit-rows N} fits only the part of the
 * outlier model that scores new rows, on a sample of N training rows ({@code #sampleOutliers}): the full fit takes
 * an hour of CPU on the shared machine. {@code --save-bundle DIR} also saves the bundle, so that the command itself
 * can be timed on it ({@code descry label DIR CASE --out labels.csv}). {@code --vote} assigns new rows by the vote of
 * their 10 nearest training members ({@link NameVote}) instead of the nearest centroid.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx5g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.LabelBench --case /tmp/label-bench-case [--train /work/bench/case-416314 \
 *     --outliers /tmp/label-bench-outliers] [--rows 416314] [--sample 20000] [--k 100] [--passes 2]</pre>
 */
public final class LabelBench {

    private LabelBench() {}

    public static void main(String[] args) throws IOException {
        Path caseDir = null;
        Path trainDir = null;
        Path outlierDir = null;
        int rows = 416_314;
        int sample = 20_000;
        int k = 100;
        int passes = 2;
        int maxReference = 0;
        int profileRows = Integer.MAX_VALUE;
        int fitRows = 0;
        Path saveBundle = null;
        boolean vote = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--case" -> caseDir = Path.of(args[++i]);
                case "--train" -> trainDir = Path.of(args[++i]);
                case "--outliers" -> outlierDir = Path.of(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--sample" -> sample = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--max-reference" -> maxReference = Integer.parseInt(args[++i]);
                case "--profile-rows" -> profileRows = Integer.parseInt(args[++i]);
                case "--fit-rows" -> fitRows = Integer.parseInt(args[++i]);
                case "--save-bundle" -> saveBundle = Path.of(args[++i]);
                case "--vote" -> vote = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --case DIR --train DIR --outliers DIR --rows N --sample N --k K --passes P --max-reference N --profile-rows N --fit-rows N --save-bundle DIR --vote");
            }
        }
        if (caseDir == null) {
            throw new IllegalArgumentException("--case DIR is required");
        }
        if (trainDir != null && !Files.isRegularFile(trainDir.resolve("images_paths.csv"))) {
            long s = System.nanoTime();
            SyntheticCase.write(trainDir, rows, 0);
            System.out.printf("wrote the synthetic training case (%,d rows) in %.1f s%n", rows, seconds(s));
        }
        if (!Files.isRegularFile(caseDir.resolve("images_paths.csv"))) {
            long s = System.nanoTime();
            SyntheticCase.write(caseDir, rows, 0, trainDir == null ? 0 : 1);
            System.out.printf("wrote the synthetic case (%,d rows) in %.1f s%n", rows, seconds(s));
        }
        try (Case c = Case.open(caseDir); Case t = trainDir == null ? null : Case.open(trainDir)) {
            Case trainCase = t == null ? c : t;
            int trainRows = trainCase.rows();
            int[] pick = new int[Math.min(sample, trainRows)];
            for (int i = 0; i < pick.length; i++) {
                pick[i] = (int) ((long) i * trainRows / pick.length);
            }
            Case train = trainCase.select(pick);
            Map<String, String> bind = new LinkedHashMap<>();
            bind.put("type", "vdc_type");
            bind.put("colour", "vdc_color");
            bind.put("view", "efficientnet-b7");
            Map<String, LabelSource> sources = new LinkedHashMap<>();
            List<ClusterNames.Change> names = new ArrayList<>();
            long s = System.nanoTime();
            for (var e : bind.entrySet()) {
                DescriptorMix mix = DescriptorMix.parse(e.getValue());
                DescriptorMix.Fitted f = mix.fit(List.of(train.descriptor(e.getValue())),
                        new Preprocessing(Scaler.STANDARD, Pca.varianceFraction(0.9)), Progress.NONE);
                ClusterModel m = new Clustering("kmeans", k, 0, 1,
                        org.descry.cluster.CovarianceType.FULL).fit(f.mixed(), Progress.NONE);
                LabelSource source = LabelSource.calibrate(e.getValue(), f.mix(), m, f.mixed(), 0.99,
                        Provenance.of("bench", Map.of(), 0, "bench"));
                sources.put(e.getValue(), vote ? source.withVote(NameVote.fit(f.mixed(), m.labels(),
                        NameVote.DEFAULT_K, 0, Workers.defaultThreads())) : source);
                for (int cl = 0; cl < k; cl++) {
                    names.add(new ClusterNames.Change(e.getKey(), cl, e.getKey() + "-" + (cl % 7)));
                }
                System.out.printf("source %-16s %4d columns -> %3d after PCA 0.9%n", e.getValue(),
                        train.descriptor(e.getValue()).cols(), f.mixed().cols());
            }
            System.out.printf("bundle fitted on %,d rows in %.1f s%n", pick.length, seconds(s));
            CaseOutliers.Model outliers = outlierDir == null ? null : fitRows > 0
                    ? sampleOutliers(trainCase, outlierDir, fitRows) : outliers(trainCase, outlierDir);
            if (outliers != null && maxReference > 0) {
                outliers = withReference(outliers, maxReference, outlierDir);
            }
            LabelBundle bundle = new LabelBundle(sources, bind, ClusterNames.empty().with(names), outliers,
                    Provenance.of("bench", Map.of(), 0, "bench"));
            if (saveBundle != null) {
                bundle.save(saveBundle);
                System.out.printf("bundle saved to %s (for: descry label %s CASE --out labels.csv)%n", saveBundle,
                        saveBundle);
            }
            Path out = Files.createTempFile("label-bench-", ".csv");
            for (int pass = 0; pass < passes; pass++) {
                double cpu0 = cpuSeconds();
                s = System.nanoTime();
                Labeler.Summary sum = Labeler.label(bundle, c, out, Progress.NONE);
                double wall = seconds(s);
                double cpu = cpuSeconds() - cpu0;
                System.out.printf("label %,d rows (3 attributes, widths 512/128/2560%s), pass %d%s: %.1f s wall, "
                        + "%.1f s CPU (target: 60 s wall on 2 idle cores); load average %s%n", sum.rows(),
                        outliers == null ? ", no outlier model" : ", outlier model on " + outliers.sets().size()
                        + " sets", pass + 1, pass == 0 ? " (descriptor pages read from disk as needed)" : "", wall,
                        cpu, load());
            }
            System.out.printf("output %,d bytes; peak RSS %.2f GB (VmHWM, counts the mapped descriptor pages)%n",
                    Files.size(out), BenchData.peakRssGb());
            Files.delete(out);
            if (outliers != null) {
                profile(bundle, c, Math.min(profileRows, c.rows()));
            }
        }
    }

    /** The study's outlier model of {@code train}, loaded from {@code dir} or fitted and saved there. */
    private static CaseOutliers.Model outliers(Case train, Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(ModelStore.MANIFEST))) {
            double cpu0 = cpuSeconds();
            long s = System.nanoTime();
            CaseOutliers.Model m = CaseOutliers.Model.load(dir);
            System.out.printf("outlier model loaded from %s in %.1f s wall, %.1f s CPU%n", dir, seconds(s),
                    cpuSeconds() - cpu0);
            return m;
        }
        double cpu0 = cpuSeconds();
        long s = System.nanoTime();
        CaseOutliers.Model m = new CaseOutliers(train.descriptorNames(), new Preprocessing(Scaler.STANDARD,
                Pca.varianceFraction(0.9)), OutlierMethod.ENSEMBLE, new OutlierMethod.Settings(20, 8, 0.03, 0,
                Workers.defaultThreads()), ViewCombination.DEFAULT).fit(train, Progress.NONE);
        System.out.printf("outlier model fitted on %,d rows x %d sets in %.1f s wall, %.1f s CPU; load average %s%n",
                train.rows(), m.sets().size(), seconds(s), cpuSeconds() - cpu0, load());
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        m.save(tmp);
        Files.move(tmp, dir);
        return m;
    }

    /**
     * The part of the study's outlier model that scores new rows when it was fitted on more than
     * {@link RankEnsemble#MAX_REFERENCE} rows, without fitting the rest: per set the scaler, PCA and ensemble fitted
     * on a seeded sample of {@code rows} training rows, the ensemble over an NN-descent graph searched by graph
     * search ({@link RankEnsemble#fitReference}), as the model's {@code reference} is. Labelling with it does the
     * same work per new row as with the full model (which scores new rows by exactly such an ensemble); only its
     * training scores (the rank scale) come from the sample instead of every row. Loaded from {@code dir} or fitted
     * and saved there.
     */
    private static CaseOutliers.Model sampleOutliers(Case train, Path dir, int rows) throws IOException {
        if (Files.isRegularFile(dir.resolve(ModelStore.MANIFEST))) {
            return outliers(train, dir);
        }
        double cpu0 = cpuSeconds();
        long s = System.nanoTime();
        Case sample = train.select(org.descry.data.RowSample.sorted(train.rows(), rows, 0));
        RankEnsemble config = (RankEnsemble) OutlierMethod.ENSEMBLE.detector(new OutlierMethod.Settings(20, 8, 0.03,
                0, Workers.defaultThreads()));
        List<org.descry.study.FittedPreprocessing> steps = new ArrayList<>();
        List<OutlierModel> models = new ArrayList<>();
        List<double[]> perSet = new ArrayList<>();
        for (String set : sample.descriptorNames()) {
            double c0 = cpuSeconds();
            Preprocessing.Fitted f = new Preprocessing(Scaler.STANDARD, Pca.varianceFraction(0.9))
                    .fit(sample.descriptor(set), Progress.NONE);
            RankEnsemble.Model m = config.fitReference(f.reduced(), f.reduced().rows(), Progress.NONE);
            steps.add(f.steps());
            models.add(m);
            perSet.add(m.scores());
            System.out.printf("outliers of %s: preprocessing and ensemble on %,d rows -> %d columns, %.1f s CPU%n",
                    set, rows, f.reduced().cols(), cpuSeconds() - c0);
        }
        double[] scores = ViewCombination.DEFAULT.combine(perSet);
        CaseOutliers.Model m = new CaseOutliers.Model(sample.descriptorNames(), steps, models,
                ViewCombination.DEFAULT, scores, 0.03, org.descry.outlier.Contamination.threshold(scores, 0.03),
                Provenance.of("bench", Map.of(), 0, "bench"));
        System.out.printf("outlier model (sample part) fitted in %.1f s wall, %.1f s CPU; load average %s%n",
                seconds(s), cpuSeconds() - cpu0, load());
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        m.save(tmp);
        Files.move(tmp, dir);
        return outliers(train, dir);
    }

    /**
     * {@code m} with each set's ensemble scoring new rows against a sample of {@code rows} of its training rows, as
     * {@link RankEnsemble#fit} makes it on more rows than its {@code maxReference}: loaded from
     * {@code dir-reference-N} or fitted from the training rows the members keep (what the fit adds) and saved there.
     */
    private static CaseOutliers.Model withReference(CaseOutliers.Model m, int rows, Path dir) throws IOException {
        Path saved = dir.resolveSibling(dir.getFileName() + "-reference-" + rows);
        if (Files.isRegularFile(saved.resolve(ModelStore.MANIFEST))) {
            double cpu0 = cpuSeconds();
            long s = System.nanoTime();
            CaseOutliers.Model back = CaseOutliers.Model.load(saved);
            System.out.printf("outlier model with %,d-row references loaded from %s in %.1f s wall, %.1f s CPU%n",
                    rows, saved, seconds(s), cpuSeconds() - cpu0);
            return back;
        }
        List<OutlierModel> models = new ArrayList<>();
        RankEnsemble config = ((RankEnsemble) OutlierMethod.ENSEMBLE.detector(new OutlierMethod.Settings(20, 8,
                m.contamination(), 0, Workers.defaultThreads()))).withMaxReference(rows);
        for (int set = 0; set < m.sets().size(); set++) {
            RankEnsemble.Model e = (RankEnsemble.Model) m.models().get(set);
            FloatMatrix train = ((GraphModel) e.members().get(0)).neighbours().reference();
            double cpu0 = cpuSeconds();
            long s = System.nanoTime();
            models.add(e.withReference(config.fitReference(train, rows, Progress.NONE)));
            System.out.printf("reference ensemble of %s on %,d of %,d rows x %d: %.1f s wall, %.1f s CPU; load %s%n",
                    m.sets().get(set), rows, train.rows(), train.cols(), seconds(s), cpuSeconds() - cpu0, load());
        }
        CaseOutliers.Model out = new CaseOutliers.Model(m.sets(), m.steps(), models, m.combination(),
                m.trainingScores(), m.contamination(), m.threshold(), m.provenance());
        Path tmp = saved.resolveSibling(saved.getFileName() + ".tmp");
        out.save(tmp);
        Files.move(tmp, saved);
        double cpu0 = cpuSeconds();
        long s = System.nanoTime();
        CaseOutliers.Model back = CaseOutliers.Model.load(saved);
        System.out.printf("outlier model with %,d-row references saved to and loaded from %s in %.1f s wall, "
                + "%.1f s CPU%n", rows, saved, seconds(s), cpuSeconds() - cpu0);
        return back;
    }

    /**
     * One labelling pass taken apart: the label sources' assignment, then per outlier set its preprocessing, the
     * neighbour query of its graph members and their scoring, in {@link Labeler#BLOCK_ROWS} blocks as the labeller
     * reads them. Process CPU seconds, all threads.
     */
    private static void profile(LabelBundle bundle, Case c, int n) throws IOException {
        CaseOutliers.Model o = bundle.outliers();
        double sourcesCpu = 0;
        double[] prep = new double[o.sets().size()];
        double[] query = new double[o.sets().size()];
        double[] score = new double[o.sets().size()];
        int[] width = new int[o.sets().size()];
        long s = System.nanoTime();
        for (int from = 0; from < n; from += Labeler.BLOCK_ROWS) {
            int to = Math.min(n, from + Labeler.BLOCK_ROWS);
            double t0 = cpuSeconds();
            for (String a : bundle.attributes().keySet()) {
                LabelSource src = bundle.sourceOf(a);
                List<FloatMatrix> blocks = new ArrayList<>();
                for (String d : src.descriptors()) {
                    blocks.add(c.descriptor(d).rowRange(from, to));
                }
                src.assign(blocks, bundle.names().table(a, src.clustering().k()));
            }
            sourcesCpu += cpuSeconds() - t0;
            for (int set = 0; set < o.sets().size(); set++) {
                t0 = cpuSeconds();
                FloatMatrix x = o.steps().get(set).apply(c.descriptor(o.sets().get(set)).rowRange(from, to));
                width[set] = x.cols();
                double t1 = cpuSeconds();
                prep[set] += t1 - t0;
                OutlierModel m = o.models().get(set);
                List<OutlierModel> members = m instanceof RankEnsemble.Model e
                        ? (e.reference() != null ? e.reference() : e).members() : List.of(m);
                Map<String, KnnGraph> near = new HashMap<>();
                Map<String, Integer> widths = new HashMap<>();
                for (OutlierModel member : members) {
                    if (member instanceof GraphModel g) {
                        widths.merge(g.neighbours().id(), g.queryWidth(), Math::max);
                    }
                }
                for (OutlierModel member : members) {
                    if (member instanceof GraphModel g && !near.containsKey(g.neighbours().id())) {
                        near.put(g.neighbours().id(), g.neighbours().query(x, widths.get(g.neighbours().id())));
                    }
                }
                double t2 = cpuSeconds();
                query[set] += t2 - t1;
                for (OutlierModel member : members) {
                    if (member instanceof GraphModel g) {
                        g.score(x, near.get(g.neighbours().id()));
                    } else {
                        member.score(x);
                    }
                }
                score[set] += cpuSeconds() - t2;
            }
        }
        System.out.printf("profile of one pass over %,d rows (%.1f s wall; load average %s), process CPU seconds:%n", n,
                seconds(s), load());
        System.out.printf("  label sources (3 attributes)        %7.1f s%n", sourcesCpu);
        for (int set = 0; set < o.sets().size(); set++) {
            System.out.printf("  outliers %-16s (%3d cols)  preprocessing %6.1f s  neighbour query %7.1f s  "
                    + "member scores %5.1f s%n", o.sets().get(set), width[set], prep[set], query[set], score[set]);
        }
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
