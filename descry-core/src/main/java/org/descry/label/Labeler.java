package org.descry.label;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.descry.data.Case;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.AtomicWrite;
import org.descry.io.Csv;

/**
 * Labels the images of a case with a {@link LabelBundle}, in blocks of rows so that 416,314 rows of a mapped
 * descriptor set never need more than one block of preprocessed rows in memory. Writes, atomically, the CSV
 * {@code path}, then per attribute {@code A,A_confidence}, then {@code outlier,outlier_score} when the bundle has
 * an outlier model (a flagged image gets no value), then {@code reason}: why values were withheld
 * ({@code outlier}, {@code A: unnamed cluster 4}, {@code A: cluster named unknown},
 * {@code A: far from every named cluster}), empty when nothing was.
 */
public final class Labeler {

    /** Rows per block. */
    public static final int BLOCK_ROWS = 65_536;

    private Labeler() {}

    /** Per attribute: rows labelled and rows withheld. */
    public record Summary(int rows, List<String> attributes, int[] labelled, int[] withheld, int outliers) {

        /** One line per attribute, for the terminal. */
        public String describe() {
            StringBuilder s = new StringBuilder();
            for (int a = 0; a < attributes.size(); a++) {
                s.append(String.format(Locale.ROOT, "%s: %,d labelled, %,d withheld (%.1f%%)%n", attributes.get(a),
                        labelled[a], withheld[a], rows == 0 ? 0 : 100.0 * withheld[a] / rows));
            }
            if (outliers >= 0) {
                s.append(String.format(Locale.ROOT, "outliers: %,d flagged (%.1f%%); their values are withheld%n",
                        outliers, rows == 0 ? 0 : 100.0 * outliers / rows));
            }
            return s.toString();
        }
    }

    /** Labels every row of {@code input} and writes the CSV to {@code out}. */
    public static Summary label(LabelBundle bundle, Case input, Path out, Progress progress) throws IOException {
        List<String> attrs = new ArrayList<>(bundle.attributes().keySet());
        if (attrs.isEmpty()) {
            throw new DescryException("no attribute is named yet: name clusters first (descry name BUNDLE "
                    + "--attribute type --source " + bundle.sources().keySet().iterator().next() + " --set 0=...)");
        }
        for (String a : attrs) {
            LabelSource m = bundle.sourceOf(a);
            int[] widths = m.mix().inputWidths();
            for (int b = 0; b < widths.length; b++) {
                String d = m.descriptors().get(b);
                int w = input.descriptor(d).cols();
                if (w != widths[b]) {
                    throw new DescryException(input.descriptorFile(d) + ": " + w + " columns, but attribute '" + a
                            + "' was trained on '" + d + "' with " + widths[b]);
                }
            }
        }
        int n = input.rows();
        List<String> paths = input.paths();
        int[] labelled = new int[attrs.size()];
        int[] outlierCount = {0};
        int[] withheld = new int[attrs.size()];
        String[][] tables = new String[attrs.size()][];
        for (int a = 0; a < attrs.size(); a++) {
            tables[a] = bundle.names().table(attrs.get(a), bundle.sourceOf(attrs.get(a)).clustering().k());
        }
        AtomicWrite.write(out, raw -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16);
            List<String> header = new ArrayList<>();
            header.add("path");
            for (String a : attrs) {
                header.add(a);
                header.add(a + "_confidence");
            }
            if (bundle.outliers() != null) {
                header.add("outlier");
                header.add("outlier_score");
            }
            header.add("reason");
            Csv.writeRow(w, header.toArray(String[]::new));
            for (int from = 0; from < n; from += BLOCK_ROWS) {
                int to = Math.min(n, from + BLOCK_ROWS);
                LabelSource.Assignment[] as = new LabelSource.Assignment[attrs.size()];
                for (int a = 0; a < attrs.size(); a++) {
                    LabelSource m = bundle.sourceOf(attrs.get(a));
                    List<FloatMatrix> blocks = new ArrayList<>();
                    for (String d : m.descriptors()) {
                        blocks.add(input.descriptor(d).rowRange(from, to));
                    }
                    as[a] = m.assign(blocks, tables[a]);
                }
                double[] outlierScores = null;
                if (bundle.outliers() != null) {
                    List<FloatMatrix> blocks = new ArrayList<>();
                    for (String d : bundle.outliers().sets()) {
                        blocks.add(input.descriptor(d).rowRange(from, to));
                    }
                    outlierScores = bundle.outliers().score(blocks);
                }
                String[] fields = new String[header.size()];
                for (int i = 0; i < to - from; i++) {
                    fields[0] = paths.get(from + i);
                    StringBuilder reason = new StringBuilder();
                    boolean outlier = outlierScores != null && outlierScores[i] > bundle.outliers().threshold();
                    if (outlierScores != null) {
                        fields[1 + 2 * attrs.size()] = Boolean.toString(outlier);
                        fields[2 + 2 * attrs.size()] = String.format(Locale.ROOT, "%.6g", outlierScores[i]);
                        outlierCount[0] += outlier ? 1 : 0;
                    }
                    if (outlier) {
                        reason.append("outlier");
                    }
                    for (int a = 0; a < attrs.size(); a++) {
                        int c = as[a].cluster()[i];
                        String name = c < 0 ? null : tables[a][c];
                        String why = null;
                        if (outlier) {
                            why = "";
                        } else if (c < 0) {
                            why = "noise";
                        } else if (name == null) {
                            why = "unnamed cluster " + c;
                        } else if (name.equals(ClusterNames.UNKNOWN)) {
                            why = "cluster named unknown";
                        } else if (as[a].far()[i]) {
                            why = "far from every named cluster";
                        }
                        if (why == null) {
                            labelled[a]++;
                            fields[1 + 2 * a] = name;
                            fields[2 + 2 * a] = String.format(Locale.ROOT, "%.3f", as[a].confidence()[i]);
                        } else {
                            withheld[a]++;
                            fields[1 + 2 * a] = "";
                            fields[2 + 2 * a] = "";
                            if (!why.isEmpty()) {
                                reason.append(reason.isEmpty() ? "" : "; ").append(attrs.get(a)).append(": ")
                                        .append(why);
                            }
                        }
                    }
                    fields[fields.length - 1] = reason.toString();
                    Csv.writeRow(w, fields);
                }
                progress.step(to, n);
            }
            w.flush();
        });
        return new Summary(n, attrs, labelled, withheld, bundle.outliers() == null ? -1 : outlierCount[0]);
    }
}
