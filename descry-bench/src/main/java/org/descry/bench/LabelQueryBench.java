package org.descry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.ExactKnn;
import org.descry.knn.GraphSearch;
import org.descry.knn.KnnGraph;
import org.descry.knn.SearchIndex;
import org.descry.model.ModelStore;
import org.descry.study.CaseOutliers;

/**
 * The neighbour queries of {@code descry label}'s outlier model taken apart, per descriptor set: the new rows of
 * {@code --case} preprocessed by the saved model ({@code --outliers}, as {@link LabelBench} fits it), then the
 * 50-NN query of the first {@code --rows} of them against each set's reference by every search route measured
 * here, process CPU seconds and recall@50 against {@link ExactKnn} on the first {@code --recall-rows}.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx4g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.LabelQueryBench --case /tmp/labelspeed/case --outliers /tmp/labelspeed/outliers-sample50k \
 *     [--rows 65536] [--recall-rows 2000] [--eps 0.1,0.05,0.02,0]</pre>
 */
public final class LabelQueryBench {

    private LabelQueryBench() {}

    public static void main(String[] args) throws IOException {
        Path caseDir = null;
        Path outlierDir = null;
        int rows = 65_536;
        int recallRows = 2000;
        int k = 50;
        String eps = "0.1,0.05,0.02,0";
        String only = null;
        String leaves = "16,32,64";
        int repeat = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--case" -> caseDir = Path.of(args[++i]);
                case "--outliers" -> outlierDir = Path.of(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--recall-rows" -> recallRows = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--eps" -> eps = args[++i];
                case "--set" -> only = args[++i];
                case "--leaf" -> leaves = args[++i];
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        CaseOutliers.Model o = CaseOutliers.Model.load(outlierDir);
        try (Case c = Case.open(caseDir)) {
            int m = Math.min(rows, c.rows());
            System.out.printf("%,d new rows, load average %s%n", m, load());
            for (int set = 0; set < o.sets().size(); set++) {
                if (only != null && !only.equals(o.sets().get(set))) {
                    continue;
                }
                FloatMatrix x = o.steps().get(set).apply(c.descriptor(o.sets().get(set)).rowRange(0, m)).copy();
                Path member = outlierDir.resolve("set-" + set).resolve("outlier").resolve("member-0");
                FloatMatrix ref = ModelStore.readArray(member, "reference");
                SearchIndex index = SearchIndex.load(member.resolve("search"), ref);
                org.descry.outlier.RankEnsemble.Model ensemble = (org.descry.outlier.RankEnsemble.Model) o.models()
                        .get(set);
                FloatMatrix probe = x.rowRange(0, Math.min(recallRows, m)).copy();
                double c0 = cpu();
                KnnGraph exact = ExactKnn.of(k).query(ref, probe, Progress.NONE);
                double exactCpu = cpu() - c0;
                System.out.printf("%s: %,d x %d reference; exact brute force %.2f s CPU for %,d rows = %.1f us/row "
                        + "(%.1f s per 416,314)%n", o.sets().get(set), ref.rows(), ref.cols(), exactCpu,
                        probe.rows(), 1e6 * exactCpu / probe.rows(), exactCpu / probe.rows() * 416_314);
                for (String leaf : leaves.split(",")) {
                    if (leaf.isEmpty()) {
                        continue;
                    }
                    double b0 = cpu();
                    org.descry.knn.KdTree tree = org.descry.knn.KdTree.build(ref, Integer.parseInt(leaf));
                    double build = cpu() - b0;
                    tree.query(probe, k, 2, Progress.NONE);
                    c0 = cpu();
                    long w0 = System.nanoTime();
                    KnnGraph g = tree.query(x, k, 2, Progress.NONE);
                    double q = cpu() - c0;
                    double wall = (System.nanoTime() - w0) / 1e9;
                    System.out.printf("  kd-tree leaf %-3s build %.2f s; %.2f s CPU (%.2f wall) = %.1f us/row (%.1f s per "
                            + "416,314), recall@%d %.4f, distances/query %s%n", leaf, build, q, wall, 1e6 * q / m,
                            q / m * 416_314, k, recall(g, exact), g.provenance().config().get("distances_per_query"));
                }
                for (String e : eps.split(",")) {
                    if (e.isEmpty()) {
                        continue;
                    }
                    SearchIndex idx = index.with(index.config().withEpsilon(Double.parseDouble(e)));
                    idx.query(probe, k, Progress.NONE);
                    c0 = cpu();
                    long w0 = System.nanoTime();
                    KnnGraph g = idx.query(x, k, Progress.NONE);
                    double q = cpu() - c0;
                    double wall = (System.nanoTime() - w0) / 1e9;
                    KnnGraph gp = idx.query(probe, k, Progress.NONE);
                    double[] a = setScore(ensemble, probe, exact);
                    double[] b = setScore(ensemble, probe, gp);
                    double mean = 0;
                    double max = 0;
                    int agree = 0;
                    int flagged = 0;
                    for (int i = 0; i < a.length; i++) {
                        mean += Math.abs(a[i] - b[i]) / a.length;
                        max = Math.max(max, Math.abs(a[i] - b[i]));
                        boolean fa = a[i] > ensemble.threshold();
                        boolean fb = b[i] > ensemble.threshold();
                        agree += fa == fb ? 1 : 0;
                        flagged += fa ? 1 : 0;
                    }
                    System.out.printf("    set score vs exact neighbours on %d rows: mean |diff| %.4f, max %.4f, flags "
                            + "agree %d / %d (%d flagged with exact)%n", a.length, mean, max, agree, a.length, flagged);
                    System.out.printf("  graph eps %-5s %.2f s CPU (%.2f wall) = %.1f us/row (%.1f s per 416,314), "
                            + "recall@%d %.4f, distances/query %s%n", e, q, wall, 1e6 * q / m, q / m * 416_314, k,
                            recall(g, exact), g.provenance().config().get("distances_per_query"));
                    if (repeat > 1) {
                        float[] dup = new float[m * x.cols()];
                        float[] r = new float[x.cols()];
                        for (int i = 0; i < m; i++) {
                            x.copyRow(i / repeat, r, 0);
                            System.arraycopy(r, 0, dup, i * x.cols(), x.cols());
                        }
                        FloatMatrix xd = FloatMatrix.wrap(dup, m, x.cols());
                        c0 = cpu();
                        idx.query(xd, k, Progress.NONE);
                        System.out.printf("    each row repeated %d times in a row: %.1f us/row%n", repeat,
                                1e6 * (cpu() - c0) / m);
                    }
                }
            }
        }
    }

    /** The set's ensemble score of {@code rows} (as {@code RankEnsemble.Model.score}) from the neighbours given. */
    static double[] setScore(org.descry.outlier.RankEnsemble.Model e, FloatMatrix rows, KnnGraph near) {
        double[] out = new double[rows.rows()];
        for (int m = 0; m < e.members().size(); m++) {
            double[] s = ((org.descry.outlier.GraphModel) e.members().get(m)).score(rows, near);
            for (int i = 0; i < out.length; i++) {
                double r = org.descry.outlier.RankEnsemble.rankAmong(e.sortedTraining().get(m), s[i]);
                out[i] = e.combination() == org.descry.outlier.ViewCombination.MAX ? Math.max(out[i], r)
                        : out[i] + r / e.members().size();
            }
        }
        return out;
    }

    static double recall(KnnGraph approx, KnnGraph exact) {
        long hit = 0;
        int k = exact.k();
        for (int i = 0; i < exact.rows(); i++) {
            java.util.Set<Integer> s = new java.util.HashSet<>();
            for (int j = 0; j < k; j++) {
                s.add(exact.neighbour(i, j));
            }
            for (int j = 0; j < k; j++) {
                hit += s.contains(approx.neighbour(i, j)) ? 1 : 0;
            }
        }
        return hit / (double) (exact.rows() * (long) k);
    }

    static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    static double cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}
