package org.descry.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.descry.cluster.AgglomerativeModel;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.metrics.ClusterScores;
import org.descry.model.ClusterModel;
import org.descry.preprocess.Scaler;

/**
 * The experiment behind {@link ScalerSelection}'s rule (not a test, not shipped): on the fashion case's inliers, per
 * descriptor set: the scaler the rule chooses among the listed ones and its CPU time; per scaler, the rule's score
 * (median absolute column skewness), the rules tried before it (knee k of a k-means sweep, its split-half stability,
 * the same on column-permuted rows, and the stability at k = 10), and what the study's k rule ({@link KSelection}:
 * k-means and agglomerative over k = 2..30, HDBSCAN) then chooses with that scaler, with the NMI of type, colour
 * and view (the last step is skipped with the fourth argument {@code quick}, everything but the choice with
 * {@code choice}). Run from descry-core after
 * {@code mvn test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     org.descry.study.ScalerRuleExperiment ../../shared/data/fashion-case [spec,spec,...] [scaler,scaler,...] [quick|choice]
 * </pre>
 */
public final class ScalerRuleExperiment {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<String> specs = args.length > 1 ? List.of(args[1].split(","))
                : List.of("pixels", "hog", "color", "randconv", "hog+color", "hog+randconv");
        List<Scaler> scalers = args.length > 2 ? java.util.Arrays.stream(args[2].split(",")).map(Scaler::fromName)
                .toList() : List.of(Scaler.STANDARD, Scaler.SQRT, Scaler.MINMAX, Scaler.L2, Scaler.NONE,
                Scaler.HELLINGER, Scaler.ROBUST);
        StudyConfig config = StudyConfig.DEFAULT;
        boolean quick = args.length > 3 && args[3].equals("quick");
        ScalerSelection rule = new ScalerSelection(scalers);
        try (Case c = Case.open(dir)) {
            ExperimentCase e = ExperimentCase.open(c, dir.resolve("labels.csv"), config);
            int[] inl = e.inliers();
            System.out.printf(Locale.ROOT, "inliers %d of %d%n", inl.length, c.paths().size());
            System.out.println("spec\tscaler\tskewness\twidth\tkneeK\tstab\tnullstab\tstabk10\tkneeNMItype\tkneeNMIcolour\tchosen\tk"
                    + "\tNMItype\tNMIcolour\tNMIview");
            int minSize = Math.max(5, (int) Math.ceil(config.minClusterShare() * inl.length));
            for (String spec : specs) {
                DescriptorMix mix = DescriptorMix.parse(spec);
                List<FloatMatrix> blocks = e.blocks(mix);
                long cpu0 = cpu();
                ScalerSelection.Choice choice = rule.choose(blocks, Progress.NONE);
                double cpu = (cpu() - cpu0) / 1e9;
                System.out.printf(Locale.ROOT, "%s: chosen %s (%.2f s CPU): %s%n", spec, choice.chosen().cliName(),
                        cpu, choice.explanation());
                if (args.length > 3 && args[3].equals("choice")) {
                    continue;
                }
                for (Scaler scaler : scalers) {
                    double skew = choice.scores().stream().filter(v -> v.scaler() == scaler).findFirst()
                            .orElseThrow().skewness();
                    FloatMatrix x = mix.fit(blocks, new Preprocessing(scaler, config.pcaStep()), Progress.NONE)
                            .mixed();
                    Knee s = kneeStability(x, config);
                    int[] knee = new Clustering("kmeans", s.k(), config.seed(), config.nInit(),
                            org.descry.cluster.CovarianceType.FULL).fit(x, Progress.NONE).labels();
                    double nullStab = new Stability(Stability.Mode.HALVES, config.stabilityRepeats(), config.seed()).measure(
                            new Clustering("kmeans", s.k(), config.seed(), config.nInit(),
                                    org.descry.cluster.CovarianceType.FULL), permuted(x, 11), null, Progress.NONE);
                    double stab10 = new Stability(Stability.Mode.HALVES, config.stabilityRepeats(), config.seed()).measure(
                            new Clustering("kmeans", 10, config.seed(), config.nInit(),
                                    org.descry.cluster.CovarianceType.FULL), x, null, Progress.NONE);
                    if (quick) {
                        System.out.printf(Locale.ROOT, "%s\t%s\t%.3f\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f%n",
                                spec, scaler.cliName(), skew, x.cols(), s.k(), s.stability(), nullStab, stab10,
                                e.nmi(0, knee), e.nmi(1, knee));
                        continue;
                    }
                    List<RunResult> runs = new ArrayList<>();
                    List<int[]> labels = new ArrayList<>();
                    AgglomerativeModel tree = null;
                    for (String alg : config.algorithms()) {
                        for (int k = config.kMin(); k <= (alg.equals("hdbscan") ? config.kMin() : config.kMax()); k++) {
                            Clustering cl = new Clustering(alg, k, config.seed(), config.nInit(),
                                    org.descry.cluster.CovarianceType.FULL, minSize, Math.min(10, minSize), 0,
                                    org.descry.cluster.Linkage.WARD, 15);
                            int[] l;
                            if (alg.equals("agglomerative")) {
                                if (tree == null) {
                                    tree = (AgglomerativeModel) cl.fit(x, Progress.NONE);
                                }
                                l = tree.withK(k, x).labels();
                            } else {
                                ClusterModel m = cl.fit(x, Progress.NONE);
                                l = m.labels();
                            }
                            int noise = 0;
                            for (int v : l) {
                                noise += v < 0 ? 1 : 0;
                            }
                            int[] sizes = Study.sizes(l);
                            if (sizes.length < 2) {
                                continue;
                            }
                            ClusterScores.Internal sc = ClusterScores.compute(x, noise > 0 ? Study.partitionOf(x, l)
                                    : l, null, ClusterScores.Options.DEFAULT.withSilhouette(config.silhouetteSample(),
                                    config.silhouetteSample()).withSeed(config.seed()), Progress.NONE).internal();
                            runs.add(new RunResult(spec + "/" + alg + "/" + k, spec, scaler.cliName(), alg,
                                    alg.equals("hdbscan") ? 0 : k, sizes.length, sc.calinskiHarabasz(),
                                    sc.daviesBouldin(), sc.silhouette(), noise, sizes, 0));
                            labels.add(l);
                        }
                    }
                    int pick = new KSelection(config.minClusterShare()).choose(runs.stream()
                            .map(RunResult::candidate).toList()).chosen();
                    int[] l = labels.get(pick);
                    System.out.printf(Locale.ROOT, "%s\t%s\t%.3f\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%s\t%d\t%.3f\t%.3f\t%.3f%n",
                            spec, scaler.cliName(), skew, x.cols(), s.k(), s.stability(), nullStab, stab10,
                            e.nmi(0, knee), e.nmi(1, knee), runs.get(pick).algorithm(),
                            runs.get(pick).clusters(), e.nmi(0, l), e.nmi(1, l), e.nmi(2, l));
                }
            }
        }
    }

    record Knee(int k, double stability) {}

    /**
     * The stability rule tried first: k-means over the k range, its knee by {@link KSelection} (this sweep alone),
     * and the split-half stability of k-means at that k.
     */
    static Knee kneeStability(FloatMatrix x, StudyConfig config) {
        int n = x.rows();
        double[] mean = new double[x.cols()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < x.cols(); j++) {
                mean[j] += x.get(i, j) / (double) n;
            }
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < x.cols(); j++) {
                double v = x.get(i, j) - mean[j];
                total += v * v;
            }
        }
        List<KSelection.Candidate> sweep = new ArrayList<>();
        for (int k = config.kMin(); k <= Math.min(config.kMax(), n / 4); k++) {
            var m = new Clustering("kmeans", k, config.seed(), config.nInit(),
                    org.descry.cluster.CovarianceType.FULL).kmeans().fit(x, Progress.NONE);
            double w = m.inertia();
            int[] sizes = Study.sizes(m.labels());
            sweep.add(new KSelection.Candidate("k=" + k, "kmeans", sizes.length, (total - w) / (k - 1) / (w / (n - k)),
                    Double.NaN, Double.NaN, n, (double) java.util.Arrays.stream(sizes).min().orElse(0) / n));
        }
        int k = sweep.get(new KSelection(config.minClusterShare()).choose(sweep).chosen()).k();
        return new Knee(k, new Stability(Stability.Mode.HALVES, config.stabilityRepeats(), config.seed()).measure(
                new Clustering("kmeans", k, config.seed(), config.nInit(), org.descry.cluster.CovarianceType.FULL), x,
                null, Progress.NONE));
    }

    /** Each column shuffled on its own: the same marginals, no joint structure (a reference without clusters). */
    static FloatMatrix permuted(FloatMatrix x, long seed) {
        int n = x.rows();
        int d = x.cols();
        float[] a = x.toArray();
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int j = 0; j < d; j++) {
            for (int i = n - 1; i > 0; i--) {
                int t = r.nextInt(i + 1);
                float v = a[i * d + j];
                a[i * d + j] = a[t * d + j];
                a[t * d + j] = v;
            }
        }
        return FloatMatrix.wrap(a, n, d);
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
