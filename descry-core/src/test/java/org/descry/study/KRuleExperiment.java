package org.descry.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.descry.cluster.AgglomerativeModel;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.metrics.AdjustedRandIndex;
import org.descry.metrics.ClusterScores;
import org.descry.model.ClusterModel;
import org.descry.preprocess.Scaler;

/**
 * The experiment behind {@link KSelection}'s rule (not a test, not shipped): on the fashion case, the study's
 * preprocessing and default algorithms over k = 2..30 on the inliers, printing per run CH, DB, silhouette,
 * k-means inertia, split-half stability and the NMI of type, colour and view; then, per descriptor set, the run
 * each candidate rule picks and its NMI. Run from descry-core after {@code mvn test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     org.descry.study.KRuleExperiment ../../shared/data/fashion-case [kMax [spec,spec,...]]
 * </pre>
 */
public final class KRuleExperiment {

    record Row(String spec, String algorithm, int k, RunResult run, double inertia, double stability, double type,
               double colour, double view) {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int kMax = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<String> specs = args.length > 2 ? List.of(args[2].split(","))
                : List.of("pixels", "hog", "color", "randconv", "hog+color", "hog+randconv");
        StudyConfig config = StudyConfig.DEFAULT;
        List<Row> rows = new ArrayList<>();
        try (Case c = Case.open(dir)) {
            ExperimentCase e = ExperimentCase.open(c, dir.resolve("labels.csv"), config);
            int[] inl = e.inliers();
            System.out.printf(Locale.ROOT, "inliers %d of %d%n", inl.length, c.paths().size());
            System.out.println("spec\talg\tk\tclusters\tCH\tDB\tsil\tinertia\tminshare\tstab\tNMItype\tNMIcolour\tNMIview");
            int minSize = Math.max(5, (int) Math.ceil(config.minClusterShare() * inl.length));
            for (String spec : specs) {
                DescriptorMix mix = DescriptorMix.parse(spec);
                List<FloatMatrix> blocks = e.blocks(mix);
                FloatMatrix x = mix.fit(blocks, new Preprocessing(Scaler.STANDARD, config.pcaStep()), Progress.NONE)
                        .mixed();
                int n = x.rows();
                int[] perm = shuffled(n, 7);
                FloatMatrix ha = x.selectRows(java.util.Arrays.copyOf(perm, n / 2));
                FloatMatrix hb = x.selectRows(java.util.Arrays.copyOfRange(perm, n / 2, n));
                AgglomerativeModel tree = null;
                AgglomerativeModel ta = null;
                AgglomerativeModel tb = null;
                for (String alg : List.of("kmeans", "agglomerative", "hdbscan")) {
                    for (int k = 2; k <= kMax; k++) {
                        if (alg.equals("hdbscan") && k > 2) {
                            break;
                        }
                        Clustering cl = new Clustering(alg, k, 0, 3, org.descry.cluster.CovarianceType.FULL,
                                minSize, Math.min(10, minSize), 0, org.descry.cluster.Linkage.WARD, 15);
                        int[] labels;
                        double stab = Double.NaN;
                        if (alg.equals("agglomerative")) {
                            if (tree == null) {
                                tree = (AgglomerativeModel) cl.fit(x, Progress.NONE);
                                ta = (AgglomerativeModel) cl.fit(ha, Progress.NONE);
                                tb = (AgglomerativeModel) cl.fit(hb, Progress.NONE);
                            }
                            labels = tree.withK(k, x).labels();
                            stab = AdjustedRandIndex.score(ta.withK(k, ha).predict(x), tb.withK(k, hb).predict(x));
                        } else {
                            ClusterModel m = cl.fit(x, Progress.NONE);
                            labels = m.labels();
                            if (alg.equals("kmeans")) {
                                stab = AdjustedRandIndex.score(cl.fit(ha, Progress.NONE).predict(x),
                                        cl.fit(hb, Progress.NONE).predict(x));
                            }
                        }
                        int noise = 0;
                        for (int l : labels) {
                            noise += l < 0 ? 1 : 0;
                        }
                        if (Study.sizes(labels).length < 2) {
                            System.out.printf("%s\t%s\t%d: fewer than two clusters%n", spec, alg, k);
                            continue;
                        }
                        int[] part = noise > 0 ? Study.partitionOf(x, labels) : labels;
                        ClusterScores.Internal s = ClusterScores.compute(x, part, null, ClusterScores.Options.DEFAULT
                                .withSilhouette(10_000, 10_000).withSeed(0), Progress.NONE).internal();
                        int[] sizes = Study.sizes(labels);
                        RunResult r = new RunResult(spec + "/" + alg + "/" + k, spec, "standard", alg,
                                alg.equals("hdbscan") ? 0 : k, sizes.length, s.calinskiHarabasz(),
                                s.daviesBouldin(), s.silhouette(), noise, sizes, 0);
                        Row row = new Row(spec, alg, sizes.length, r, s.inertia(), stab, e.nmi(0, labels),
                                e.nmi(1, labels), e.nmi(2, labels));
                        rows.add(row);
                        System.out.printf(Locale.ROOT, "%s\t%s\t%d\t%d\t%.1f\t%.3f\t%.3f\t%.4g\t%.4f\t%.3f\t%.3f\t%.3f\t%.3f%n",
                                spec, alg, k, sizes.length, r.calinski(), r.davies(), r.silhouette(), s.inertia(),
                                r.smallestShare(), stab, row.type(), row.colour(), row.view());
                    }
                }
            }
        }
        System.out.println();
        System.out.println("rule\tspec\tchosen\tk\tNMItype\tNMIcolour\tNMIview");
        for (String spec : specs) {
            List<Row> rs = rows.stream().filter(r -> r.spec().equals(spec)).toList();
            List<KSelection.Candidate> cands = rs.stream().map(r -> r.run().candidate()).toList();
            print("knee (KSelection)", rs.get(new KSelection(config.minClusterShare()).choose(cands).chosen()));
            List<Row> eligible = rs.stream().filter(r -> r.run().clusters() >= 2
                    && r.run().smallestShare() >= config.minClusterShare()).toList();
            print("mean rank CH,DB", best(eligible, false));
            print("mean rank CH,DB,silhouette", best(eligible, true));
            print("best silhouette", eligible.stream().max(java.util.Comparator.comparingDouble(
                    r -> r.run().silhouette())).orElseThrow());
            print("largest k, stability>=0.8", eligible.stream().filter(r -> r.stability() >= 0.8)
                    .max(java.util.Comparator.comparingInt(Row::k)).orElse(eligible.get(0)));
        }
    }

    private static void print(String rule, Row r) {
        System.out.printf(Locale.ROOT, "%s\t%s\t%s\t%d\t%.3f\t%.3f\t%.3f%n", rule, r.spec(), r.algorithm(), r.k(),
                r.type(), r.colour(), r.view());
    }

    /** The earlier rule: mean rank of CH and DB (and the silhouette), ties to the smaller k. */
    private static Row best(List<Row> rs, boolean silhouette) {
        double[] rank = new double[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            for (int j = 0; j < rs.size(); j++) {
                RunResult a = rs.get(i).run();
                RunResult b = rs.get(j).run();
                rank[i] += (b.calinski() > a.calinski() ? 1 : 0) + (b.davies() < a.davies() ? 1 : 0)
                        + (silhouette && b.silhouette() > a.silhouette() ? 1 : 0);
            }
        }
        int best = 0;
        for (int i = 1; i < rs.size(); i++) {
            if (rank[i] < rank[best] || (rank[i] == rank[best] && rs.get(i).k() < rs.get(best).k())) {
                best = i;
            }
        }
        return rs.get(best);
    }


    private static int[] shuffled(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
