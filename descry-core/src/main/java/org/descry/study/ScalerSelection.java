package org.descry.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.preprocess.Scaler;
import org.descry.preprocess.ScalerModel;

/**
 * The study's rule for choosing one scaler per descriptor set before its k sweeps: among the candidates, the one
 * that leaves the columns closest to symmetric, i.e. with the smallest median absolute skewness of the scaled
 * columns (for a mixture, the mean over its blocks, each scaled on its own). Ties (equal to 1e-6, as every
 * column-affine scaler is: skewness does not change under {@code a x + b}) go to the earlier candidate.
 *
 * <p>Why: k-means and Ward minimise squared Euclidean distances, which suit columns spread symmetrically about
 * their cluster's centre. A heavy right tail (sparse colour-histogram bins, where most images have none of a
 * colour and a few have much) lets those few images decide the distances. That is Tukey's ladder of powers
 * ("Exploratory Data Analysis", 1977): re-express a skewed variable by the power that makes it most symmetric;
 * the square root is the variance-stabilising transform of counts (Anscombe 1948), and on histograms it gives the
 * Hellinger distance (RootSIFT, Arandjelović and Zisserman 2012). Skewness is invariant to each column's scale,
 * so the figures compare across scalers; the rule reads no truth column and has no threshold. Its reach: it tells
 * the power rungs apart ({@code standard}/{@code minmax}/{@code robust}/{@code none} tie, {@code sqrt} and the
 * row-normalising {@code l2}/{@code hellinger} differ), not one affine scaler from another.
 *
 * <p>Rules tried on the fashion case (docs/study-k-rule.md): split-half stability of a k-means run at each
 * scaler's knee k picks sqrt on the colour histograms (0.97 against 0.52 for standard) but also on HOG (0.75
 * against 0.63), where sqrt loses type (NMI 0.37 against 0.42); stability in excess of a column-permuted reference
 * picks minmax on both; the silhouette picks robust scaling's degenerate three-component space on colour.
 *
 * @param candidates the scalers to choose among, at least one, without repeats
 */
public record ScalerSelection(List<Scaler> candidates) {

    /** Scalers whose median absolute skewness differs by no more than this (relative) are tied. */
    static final double TIE = 1e-6;

    /** Rows per block of a streaming pass. */
    private static final int BLOCK_ROWS = 1024;

    public ScalerSelection {
        if (candidates == null || candidates.isEmpty()) {
            throw new DescryException("candidates must list at least one scaler");
        }
        if (new HashSet<>(candidates).size() != candidates.size()) {
            throw new DescryException("candidates must not repeat a scaler, got " + candidates.stream()
                    .map(Scaler::cliName).toList());
        }
        candidates = List.copyOf(candidates);
    }

    /**
     * One candidate's score.
     *
     * @param scaler   the scaler
     * @param skewness its median absolute column skewness (mean over the blocks; NaN when every column is constant)
     * @param columns  columns that were not constant after scaling (summed over the blocks)
     */
    public record Score(Scaler scaler, double skewness, int columns) {}

    /**
     * The choice and why.
     *
     * @param chosen      the winning scaler
     * @param scores      every candidate's score, in the candidates' order
     * @param rows        rows the skewness was measured on
     * @param explanation the reason in words, for the report
     */
    public record Choice(Scaler chosen, List<Score> scores, int rows, String explanation) {

        public Choice {
            Objects.requireNonNull(chosen, "chosen");
            scores = List.copyOf(scores);
        }
    }

    /**
     * Chooses for the descriptor set whose (sampled) rows are {@code blocks}: one matrix per block of a mixture,
     * all with the same rows. Each candidate is fitted on each block; reports one step per candidate.
     */
    public Choice choose(List<FloatMatrix> blocks, Progress progress) {
        if (blocks == null || blocks.isEmpty()) {
            throw new DescryException("blocks must hold at least one matrix");
        }
        int rows = blocks.get(0).rows();
        for (FloatMatrix b : blocks) {
            if (b.rows() != rows) {
                throw new DescryException("blocks must have the same rows, got " + b.rows() + " and " + rows);
            }
        }
        List<Score> scores = new ArrayList<>();
        for (Scaler s : candidates) {
            double sum = 0;
            int columns = 0;
            for (FloatMatrix b : blocks) {
                double[] skew = columnSkewness(s == Scaler.NONE ? null : s.fit(b, Progress.NONE), b);
                sum += median(skew);
                columns += skew.length;
            }
            scores.add(new Score(s, sum / blocks.size(), columns));
            progress.step(scores.size(), candidates.size());
        }
        Score best = scores.get(0);
        for (Score s : scores) {
            if (s.skewness() < best.skewness() - TIE * best.skewness() || Double.isNaN(best.skewness())) {
                best = s;
            }
        }
        return new Choice(best.scaler(), scores, rows, explain(best, scores, rows));
    }

    private String explain(Score best, List<Score> scores, int rows) {
        if (scores.size() == 1) {
            return best.scaler().cliName() + ": the only scaler listed.";
        }
        List<String> all = new ArrayList<>();
        for (Score s : scores) {
            all.add(String.format(Locale.ROOT, "%s %.3g", s.scaler().cliName(), s.skewness()));
        }
        boolean tied = scores.stream().filter(s -> s != best)
                .anyMatch(s -> Math.abs(s.skewness() - best.skewness()) <= TIE * best.skewness());
        return String.format(Locale.ROOT, "%s scaling leaves the columns %s (median absolute skewness of the "
                + "scaled columns over %,d rows: %s); k-means and Ward's squared distances suit symmetric "
                + "spreads, where a heavy tail would let a few images decide them.", best.scaler().cliName(),
                tied ? "as close to symmetric as any, and is listed first" : "closest to symmetric", rows,
                String.join(", ", all));
    }

    /**
     * The Fisher-Pearson skewness {@code m3 / m2^1.5} (scipy.stats.skew's default, biased) of each column of
     * {@code x} after {@code scaler} (none when {@code null}), in two streaming passes over row blocks; constant
     * columns are left out.
     */
    static double[] columnSkewness(ScalerModel scaler, FloatMatrix x) {
        int n = x.rows();
        int d = x.cols();
        double[] mean = new double[d];
        double[] m2 = new double[d];
        double[] m3 = new double[d];
        float[] buf = new float[Math.min(n, BLOCK_ROWS) * d];
        for (int pass = 0; pass < 2; pass++) {
            for (int from = 0; from < n; from += BLOCK_ROWS) {
                int to = Math.min(n, from + BLOCK_ROWS);
                x.copyRows(from, to, buf, 0);
                if (scaler != null) {
                    scaler.transformRows(buf, 0, to - from);
                }
                for (int i = 0; i < to - from; i++) {
                    for (int j = 0; j < d; j++) {
                        double v = buf[i * d + j];
                        if (pass == 0) {
                            mean[j] += v;
                        } else {
                            double c = v - mean[j];
                            m2[j] += c * c;
                            m3[j] += c * c * c;
                        }
                    }
                }
            }
            if (pass == 0) {
                for (int j = 0; j < d; j++) {
                    mean[j] /= n;
                }
            }
        }
        double[] out = new double[d];
        int m = 0;
        for (int j = 0; j < d; j++) {
            double var = m2[j] / n;
            if (var > 1e-12 * Math.max(1, mean[j] * mean[j])) {
                out[m++] = m3[j] / n / Math.pow(var, 1.5);
            }
        }
        return Arrays.copyOf(out, m);
    }

    /** The median of the absolute values (NaN when empty). */
    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] a = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = Math.abs(v[i]);
        }
        Arrays.sort(a);
        int h = a.length / 2;
        return a.length % 2 == 1 ? a[h] : (a[h - 1] + a[h]) / 2;
    }
}
