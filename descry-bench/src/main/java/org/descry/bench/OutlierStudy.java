package org.descry.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.Csv;
import org.descry.metrics.PrecisionAtK;
import org.descry.metrics.RocAuc;
import org.descry.outlier.OutlierMethod;
import org.descry.outlier.RankEnsemble;
import org.descry.outlier.ViewCombination;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.descry.study.Preprocessing;

/**
 * The outlier study on a case with a truth column: ROC-AUC and precision at the true outlier rate of every
 * method on every descriptor set and on all sets (ranks combined by max, as {@code descry outliers}, and by
 * mean), for three preprocessings. Uses the CLI's defaults (20 neighbours, 8 clusters, seed 0); nothing is
 * tuned on the truth. The ensemble combines the ranks of its members' scores of the same run
 * ({@link OutlierMethod#ENSEMBLE_MEMBERS} by {@link OutlierMethod#ENSEMBLE_COMBINATION}), exactly what
 * {@link RankEnsemble} computes. After each preprocessing's table, the ROC-AUC of each method on all sets (max)
 * per kind of outlier (the truth column's value): that kind's rows against the inliers; and, without the
 * truth, how the methods agree: the Spearman correlation of each pair's scores, averaged over the sets (the
 * evidence for which detectors form one group in the ensemble).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.OutlierStudy ../shared/data/fashion-case [labels.csv] [column]</pre>
 */
public final class OutlierStudy {

    private OutlierStudy() {}

    public static void main(String[] args) throws IOException {
        Path caseDir = Path.of(args[0]);
        Path labels = args.length > 1 ? Path.of(args[1]) : caseDir.resolve("labels.csv");
        String column = args.length > 2 ? args[2] : "outlier";
        Map<String, Preprocessing> preps = new LinkedHashMap<>();
        preps.put("standard + PCA 0.9 (default)", new Preprocessing(Scaler.fromName("standard"), Pca.parse("0.9")));
        preps.put("l2 + PCA 0.9", new Preprocessing(Scaler.fromName("l2"), Pca.parse("0.9")));
        preps.put("standard, no PCA", new Preprocessing(Scaler.fromName("standard"), null));
        List<OutlierMethod> methods = new ArrayList<>(List.of(OutlierMethod.values()));
        methods.remove(OutlierMethod.ENSEMBLE);
        OutlierMethod.Settings settings = new OutlierMethod.Settings(20, 8, 0.03, 0,
                Runtime.getRuntime().availableProcessors());
        try (Case c = Case.open(caseDir)) {
            String[] kinds = kinds(labels, column, c.paths());
            boolean[] truth = new boolean[kinds.length];
            for (int i = 0; i < kinds.length; i++) {
                truth[i] = !kinds[i].isBlank();
            }
            List<String> kindNames = java.util.Arrays.stream(kinds).filter(k -> !k.isBlank()).distinct().sorted()
                    .toList();
            List<String> sets = c.descriptorNames();
            for (var prep : preps.entrySet()) {
                System.out.printf("%n### %s%n%n| method | %s | all (max) | all (mean) |%n|---|%s---|---|%n",
                        prep.getKey(), String.join(" | ", sets), "---|".repeat(sets.size()));
                Map<String, List<double[]>> byMethod = new LinkedHashMap<>();
                for (String set : sets) {
                    FloatMatrix x = prep.getValue().fit(c.descriptor(set), Progress.NONE).reduced();
                    Map<OutlierMethod, double[]> here = new HashMap<>();
                    for (OutlierMethod m : methods) {
                        long t = System.nanoTime();
                        double[] s = m.detector(settings).fit(x, Progress.NONE).scores();
                        here.put(m, s);
                        byMethod.computeIfAbsent(m.cliName(), n -> new ArrayList<>()).add(s);
                        System.err.printf("%s %s %s %.1f s%n", prep.getKey(), set, m.cliName(),
                                (System.nanoTime() - t) / 1e9);
                    }
                    List<double[]> members = new ArrayList<>();
                    for (OutlierMethod m : OutlierMethod.ENSEMBLE_MEMBERS) {
                        members.add(here.get(m));
                    }
                    byMethod.computeIfAbsent("ensemble", n -> new ArrayList<>()).add(RankEnsemble.combine(members,
                            OutlierMethod.ENSEMBLE_COMBINATION));
                }
                for (var e : byMethod.entrySet()) {
                    StringBuilder row = new StringBuilder("| " + e.getKey() + " |");
                    for (double[] s : e.getValue()) {
                        row.append(cell(truth, s));
                    }
                    row.append(cell(truth, ViewCombination.MAX.combine(e.getValue())));
                    row.append(cell(truth, ViewCombination.MEAN.combine(e.getValue())));
                    System.out.println(row);
                }
                System.out.printf("%nagreement without the truth (Spearman correlation, mean over sets):%n%n| | %s |%n"
                        + "|---|%s%n", String.join(" | ", byMethod.keySet()), "---|".repeat(byMethod.size()));
                for (var a : byMethod.entrySet()) {
                    StringBuilder row = new StringBuilder("| " + a.getKey() + " |");
                    for (var b : byMethod.entrySet()) {
                        double rho = 0;
                        for (int i = 0; i < sets.size(); i++) {
                            rho += OutlierScaleBench.spearman(a.getValue().get(i), b.getValue().get(i))
                                    / sets.size();
                        }
                        row.append(String.format(" %.2f |", rho));
                    }
                    System.out.println(row);
                }
                System.out.printf("%nper kind, all (max):%n%n| method | %s |%n|---|%s%n", String.join(" | ", kindNames),
                        "---|".repeat(kindNames.size()));
                for (var e : byMethod.entrySet()) {
                    double[] s = ViewCombination.MAX.combine(e.getValue());
                    StringBuilder row = new StringBuilder("| " + e.getKey() + " |");
                    for (String k : kindNames) {
                        List<Integer> rows = new ArrayList<>();
                        for (int i = 0; i < kinds.length; i++) {
                            if (kinds[i].isBlank() || kinds[i].equals(k)) {
                                rows.add(i);
                            }
                        }
                        boolean[] t = new boolean[rows.size()];
                        double[] v = new double[rows.size()];
                        for (int i = 0; i < t.length; i++) {
                            t[i] = !kinds[rows.get(i)].isBlank();
                            v[i] = s[rows.get(i)];
                        }
                        row.append(String.format(" %.2f |", RocAuc.score(t, v)));
                    }
                    System.out.println(row);
                }
            }
        }
        System.out.println("\ncells: ROC-AUC / precision at the true outlier rate");
    }


    private static String cell(boolean[] truth, double[] s) {
        return String.format(" %.3f / %.3f |", RocAuc.score(truth, s), PrecisionAtK.atTrueRate(truth, s));
    }

    private static String[] kinds(Path file, String column, List<String> paths) throws IOException {
        Csv.Table t = Csv.read(file);
        int pc = t.column("paths");
        int vc = t.column(column);
        Map<String, String> byPath = new HashMap<>();
        for (String[] r : t.rows()) {
            byPath.put(r[pc], r[vc].trim());
        }
        String[] out = new String[paths.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = byPath.get(paths.get(i));
        }
        return out;
    }
}
