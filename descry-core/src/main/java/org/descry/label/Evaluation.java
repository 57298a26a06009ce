package org.descry.label;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.descry.data.DescryException;
import org.descry.io.Csv;
import org.descry.metrics.RocAuc;

/**
 * How well a {@code descry label} output matches a truth file ({@code paths} plus one column per attribute and an
 * {@code outlier} column, as a case's {@code labels.csv}). Per attribute, over the truth's inliers that have a
 * value: coverage (share labelled), accuracy on what was labelled, and accuracy counting a withheld value as wrong
 * (the figure the trial's targets use), with the confusion matrix; for outliers, when both files have them,
 * ROC-AUC of {@code outlier_score} and precision and recall of the {@code outlier} flag.
 */
public final class Evaluation {

    /** The label a withheld value gets in the confusion matrix. */
    public static final String WITHHELD = "(withheld)";

    /**
     * One attribute's figures.
     *
     * @param rows             inliers with a truth value that the labels file covers
     * @param labelled         of those, rows with a value
     * @param correct          of those, rows whose value equals the truth
     * @param classes          the truth values, sorted
     * @param predicted        the predicted values, sorted, then {@link #WITHHELD}
     * @param confusion        counts, {@code classes.size() x predicted.size()}, row-major
     */
    public record Attribute(String name, int rows, int labelled, int correct, List<String> classes,
                            List<String> predicted, int[] confusion) {

        public double coverage() {
            return rows == 0 ? Double.NaN : (double) labelled / rows;
        }

        public double accuracyOnLabelled() {
            return labelled == 0 ? Double.NaN : (double) correct / labelled;
        }

        /** Accuracy with a withheld value counted as wrong. */
        public double accuracy() {
            return rows == 0 ? Double.NaN : (double) correct / rows;
        }
    }

    /** Outlier flag figures; {@code rocAuc} is NaN without scores. */
    public record Outliers(int rows, int trueOutliers, int flagged, int flaggedTrue, double rocAuc) {

        public double precision() {
            return flagged == 0 ? Double.NaN : (double) flaggedTrue / flagged;
        }

        public double recall() {
            return trueOutliers == 0 ? Double.NaN : (double) flaggedTrue / trueOutliers;
        }
    }

    private final List<Attribute> attributes;
    private final Outliers outliers;

    private Evaluation(List<Attribute> attributes, Outliers outliers) {
        this.attributes = attributes;
        this.outliers = outliers;
    }

    public List<Attribute> attributes() {
        return attributes;
    }

    /** The outlier figures, or {@code null} when the files do not both have outliers. */
    public Outliers outliers() {
        return outliers;
    }

    /** Compares {@code labels} (a {@code descry label} output) with {@code truth}. */
    public static Evaluation of(Path labels, Path truth) throws IOException {
        Csv.Table l = Csv.read(labels);
        Csv.Table t = Csv.read(truth);
        int lp = l.column("path");
        int tp = t.column("paths");
        Map<String, String[]> truthByPath = new HashMap<>(t.rows().size() * 2);
        for (String[] r : t.rows()) {
            truthByPath.put(r[tp], r);
        }
        int tOut = t.header().indexOf("outlier");
        List<Attribute> attrs = new ArrayList<>();
        for (String a : l.header()) {
            if (a.equals("path") || a.endsWith("_confidence") || a.equals("reason") || a.startsWith("outlier")) {
                continue;
            }
            int tc = t.header().indexOf(a);
            if (tc < 0) {
                continue;
            }
            attrs.add(attribute(a, l, l.column(a), lp, truthByPath, tc, tOut, labels));
        }
        if (attrs.isEmpty() && !l.header().contains("outlier")) {
            throw new DescryException(labels + ": no attribute column is also in " + truth + " (labels: "
                    + String.join(", ", l.header()) + "; truth: " + String.join(", ", t.header()) + ")");
        }
        Outliers o = null;
        int lo = l.header().indexOf("outlier");
        if (lo >= 0 && tOut >= 0) {
            o = outliers(l, lp, lo, l.header().indexOf("outlier_score"), truthByPath, tOut, labels);
        }
        return new Evaluation(attrs, o);
    }

    private static Attribute attribute(String name, Csv.Table l, int lc, int lp, Map<String, String[]> truth,
                                       int tc, int tOut, Path labels) {
        List<String[]> pairs = new ArrayList<>();
        for (String[] r : l.rows()) {
            String[] tr = truth.get(r[lp]);
            if (tr == null) {
                throw new DescryException(labels + ": " + r[lp] + " is not in the truth file");
            }
            if ((tOut >= 0 && !tr[tOut].isBlank()) || tr[tc].isBlank()) {
                continue;
            }
            pairs.add(new String[] {tr[tc], r[lc].isBlank() ? WITHHELD : r[lc]});
        }
        TreeSet<String> classes = new TreeSet<>();
        TreeSet<String> predicted = new TreeSet<>();
        for (String[] p : pairs) {
            classes.add(p[0]);
            if (!p[1].equals(WITHHELD)) {
                predicted.add(p[1]);
            }
        }
        List<String> cl = List.copyOf(classes);
        List<String> pr = new ArrayList<>(predicted);
        pr.add(WITHHELD);
        int[] confusion = new int[cl.size() * pr.size()];
        int labelled = 0;
        int correct = 0;
        for (String[] p : pairs) {
            confusion[cl.indexOf(p[0]) * pr.size() + pr.indexOf(p[1])]++;
            if (!p[1].equals(WITHHELD)) {
                labelled++;
                correct += p[0].equals(p[1]) ? 1 : 0;
            }
        }
        return new Attribute(name, pairs.size(), labelled, correct, cl, List.copyOf(pr), confusion);
    }

    private static Outliers outliers(Csv.Table l, int lp, int lo, int ls, Map<String, String[]> truth, int tOut,
                                     Path labels) {
        int n = l.rows().size();
        boolean[] isOut = new boolean[n];
        double[] score = new double[n];
        int trueOut = 0;
        int flagged = 0;
        int flaggedTrue = 0;
        for (int i = 0; i < n; i++) {
            String[] r = l.rows().get(i);
            isOut[i] = !truth.get(r[lp])[tOut].isBlank();
            boolean f = r[lo].equalsIgnoreCase("true") || r[lo].equals("1");
            trueOut += isOut[i] ? 1 : 0;
            flagged += f ? 1 : 0;
            flaggedTrue += f && isOut[i] ? 1 : 0;
            if (ls >= 0) {
                try {
                    score[i] = Double.parseDouble(r[ls]);
                } catch (NumberFormatException e) {
                    throw new DescryException(labels + ": outlier_score '" + r[ls] + "' of " + r[lp]
                            + " is not a number");
                }
            }
        }
        double auc = ls >= 0 && trueOut > 0 && trueOut < n ? RocAuc.score(isOut, score) : Double.NaN;
        return new Outliers(n, trueOut, flagged, flaggedTrue, auc);
    }

    /** The figures as a few lines of text. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (Attribute a : attributes) {
            s.append(String.format(Locale.ROOT, "%-10s accuracy %.3f (withheld counted wrong)  coverage %.3f  "
                    + "accuracy on labelled %.3f  (%,d inliers)%n", a.name(), a.accuracy(), a.coverage(),
                    a.accuracyOnLabelled(), a.rows()));
        }
        if (outliers != null) {
            s.append(String.format(Locale.ROOT, "outliers   ROC-AUC %.3f  precision %.3f  recall %.3f  (%,d flagged, "
                    + "%,d true of %,d)%n", outliers.rocAuc(), outliers.precision(), outliers.recall(),
                    outliers.flagged(), outliers.trueOutliers(), outliers.rows()));
        }
        return s.toString();
    }
}
