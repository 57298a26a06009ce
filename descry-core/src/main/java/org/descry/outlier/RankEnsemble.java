package org.descry.outlier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A rank-averaged outlier ensemble (Aggarwal and Sathe 2015, "Theoretical foundations and algorithms for outlier
 * ensembles"): each member's scores are turned into normalised ranks in [0, 1] and the ranks averaged. Ranks
 * make scores on unrelated scales (LOF ratios, distances, log-likelihoods) comparable without assuming a
 * distribution, and averaging reduces the variance of any one detector.
 *
 * <p>The normalised rank of a score {@code s} against a member's training scores {@code t_1..t_n} is the
 * mid-rank fraction {@code (#{t_i < s} + #{t_i = s} / 2) / n}; for a training row ({@code s} among them) that is
 * {@code (average rank - 1/2) / n}. New rows are ranked against the training scores the same way, so their
 * ensemble score is on the training scale.
 *
 * <p>{@code combination} {@link ViewCombination#MAX} takes the maximum normalised rank instead of the mean: the
 * "maximum across groups" of Aggarwal and Sathe, for members that look for different kinds of outliers (one for
 * sparse rows, one for over-dense groups) where an average would halve whatever only one of them sees.
 *
 * <p>Members that score from the neighbour graph ({@link GraphDetector}, as both members of the default
 * {@link OutlierMethod#ENSEMBLE}) share one: the ensemble builds the graph as wide as the widest of them needs
 * (50 for {@code lof-range} beside 20 for {@code dense}), exact up to the smallest of their exact limits and by
 * NN-descent above, and fits each from it; the fitted ensemble scores new rows with one neighbour query for all
 * of them. On the default ensemble this halves the neighbour searches, which are nearly all of the time.
 *
 * @param members       the detectors, fitted on the same rows (at least one)
 * @param combination   mean (default) or maximum of the members' normalised ranks
 * @param contamination expected outlier fraction, in {@code (0, 0.5]}
 */
public record RankEnsemble(List<OutlierDetector> members, ViewCombination combination, double contamination)
        implements OutlierDetector {

    public RankEnsemble {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("members must hold at least one detector, got none");
        }
        java.util.Objects.requireNonNull(combination, "combination");
        Contamination.check(contamination);
    }

    /** The mean-rank ensemble of {@code members}. */
    public RankEnsemble(List<OutlierDetector> members, double contamination) {
        this(members, ViewCombination.MEAN, contamination);
    }

    public RankEnsemble withContamination(double v) {
        return new RankEnsemble(members, combination, v);
    }

    public RankEnsemble withCombination(ViewCombination v) {
        return new RankEnsemble(members, v, contamination);
    }

    /** The ensemble with every {@link GraphDetector} member's exact limit set to {@code limit}. */
    public RankEnsemble withExactLimit(int limit) {
        return new RankEnsemble(members.stream().map(m -> m instanceof GraphDetector g ? g.withExactLimit(limit) : m)
                .toList(), combination, contamination);
    }

    @Override
    public String name() {
        return "ensemble";
    }

    @Override
    public Model fit(FloatMatrix x, Progress progress) {
        int width = 0;
        int limit = Integer.MAX_VALUE;
        int threads = 1;
        int graphMembers = 0;
        for (OutlierDetector d : members) {
            if (d instanceof GraphDetector g) {
                width = Math.max(width, g.neighbours(x.rows()));
                limit = Math.min(limit, g.exactLimit());
                threads = Math.max(threads, g.threads());
                graphMembers++;
            }
        }
        Neighbours.Fitted shared = null;
        if (graphMembers > 1) {
            Contamination.requireRows(x, width + 1, "the ensemble's " + width + "-NN graph");
            shared = Neighbours.fit(x, width, limit, 0, threads, progress);
        }
        List<OutlierModel> fitted = new ArrayList<>();
        for (OutlierDetector d : members) {
            if (shared != null && d instanceof GraphDetector g) {
                fitted.add(g.fit(x, shared.graph(), shared.neighbours()));
            } else {
                fitted.add(d.fit(x, progress));
            }
        }
        return of(fitted, combination, contamination);
    }

    /** The mean-rank ensemble of models already fitted, for example on different descriptor sets. */
    public static Model of(List<OutlierModel> fitted, double contamination) {
        return of(fitted, ViewCombination.MEAN, contamination);
    }

    /** The ensemble of models already fitted on the same rows, their ranks combined by {@code combination}. */
    public static Model of(List<OutlierModel> fitted, ViewCombination combination, double contamination) {
        Contamination.check(contamination);
        List<double[]> sorted = new ArrayList<>();
        List<double[]> training = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (OutlierModel m : fitted) {
            double[] s = m.scores();
            training.add(s);
            double[] t = s.clone();
            Arrays.sort(t);
            sorted.add(t);
            names.add(m.provenance().algorithm());
        }
        double[] scores = combine(training, combination);
        Provenance p = Provenance.of("rank-ensemble", Map.of("members", names, "combination",
                combination.cliName(), "contamination", contamination), 0, fitted.get(0).provenance().input());
        return new Model(List.copyOf(fitted), sorted, combination, scores, contamination,
                Contamination.threshold(scores, contamination), p);
    }

    /** The mean or maximum normalised rank of each row over the given score vectors (all of one length). */
    public static double[] combine(List<double[]> scores, ViewCombination combination) {
        if (combination == ViewCombination.MEAN) {
            return combine(scores);
        }
        int n = scores.get(0).length;
        double[] out = new double[n];
        for (double[] s : scores) {
            if (s.length != n) {
                throw new IllegalArgumentException("score vectors must have one length, got " + n + " and "
                        + s.length);
            }
            double[] r = normalisedRanks(s);
            for (int i = 0; i < n; i++) {
                out[i] = Math.max(out[i], r[i]);
            }
        }
        return out;
    }

    /** The mean normalised rank of each row over the given score vectors (all of one length). */
    public static double[] combine(List<double[]> scores) {
        int n = scores.get(0).length;
        double[] out = new double[n];
        for (double[] s : scores) {
            if (s.length != n) {
                throw new IllegalArgumentException("score vectors must have one length, got " + n + " and "
                        + s.length);
            }
            double[] r = normalisedRanks(s);
            for (int i = 0; i < n; i++) {
                out[i] += r[i] / scores.size();
            }
        }
        return out;
    }

    /** {@code (average rank - 1/2) / n} of each score, ties sharing their average rank. */
    public static double[] normalisedRanks(double[] s) {
        int n = s.length;
        int[] order = ascendingOrder(s);
        double[] out = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && s[order[j + 1]] == s[order[i]]) {
                j++;
            }
            double r = ((i + j) / 2.0 + 0.5) / n;
            for (int t = i; t <= j; t++) {
                out[order[t]] = r;
            }
            i = j + 1;
        }
        return out;
    }

    /** Indices of {@code s} in ascending order of value, ties in index order. */
    public static int[] ascendingOrder(double[] s) {
        int n = s.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        sortIndices(idx, s);
        return idx;
    }

    /** Stable merge sort of {@code idx} by {@code v[idx]}. */
    private static void sortIndices(int[] idx, double[] v) {
        int n = idx.length;
        int[] tmp = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, n);
                int a = lo;
                int b = mid;
                int k = lo;
                while (a < mid && b < hi) {
                    tmp[k++] = Double.compare(v[idx[b]], v[idx[a]]) < 0 ? idx[b++] : idx[a++];
                }
                while (a < mid) {
                    tmp[k++] = idx[a++];
                }
                while (b < hi) {
                    tmp[k++] = idx[b++];
                }
                System.arraycopy(tmp, lo, idx, lo, hi - lo);
            }
        }
    }

    /** The mid-rank fraction of {@code s} among the ascending {@code sorted}. */
    public static double rankAmong(double[] sorted, double s) {
        int below = lowerBound(sorted, s);
        int notAbove = upperBound(sorted, s);
        return (below + (notAbove - below) / 2.0) / sorted.length;
    }

    private static int lowerBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (a[m] < v) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (a[m] <= v) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    /**
     * A fitted {@link RankEnsemble}: the member models and each one's sorted training scores. Saved with each
     * member in {@code member-0/}, {@code member-1/} ... (any kind {@link OutlierModels#load} reads) and the
     * combination in the manifest; all members take the same rows.
     */
    public record Model(List<OutlierModel> members, List<double[]> sortedTraining, ViewCombination combination,
                        double[] trainingScores, double contamination, double threshold, Provenance provenance)
            implements OutlierModel {

        static final String KIND = "outlier-ensemble";

        @Override
        public void save(Path dir) throws IOException {
            ObjectNode m = OutlierModels.begin(dir, KIND, this, trainingScores);
            for (int i = 0; i < members.size(); i++) {
                members.get(i).save(dir.resolve("member-" + i));
            }
            m.put("members", members.size());
            m.put("combination", combination.cliName());
            ModelStore.writeManifest(dir, m);
        }

        /** Loads a folder written by {@link #save}. */
        public static Model load(Path dir) throws IOException {
            OutlierModels.Common c = OutlierModels.Common.read(dir, KIND);
            int count = c.integer(dir, "members");
            if (count < 1) {
                throw new DescryException(dir + ": an ensemble needs at least one member, the manifest says "
                        + count);
            }
            List<OutlierModel> members = new ArrayList<>();
            List<double[]> sorted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                OutlierModel member = OutlierModels.load(dir.resolve("member-" + i));
                double[] t = member.scores();
                if (t.length != c.scores().length) {
                    throw new DescryException(dir + ": member " + i + " has " + t.length + " training scores, the "
                            + "ensemble " + c.scores().length);
                }
                Arrays.sort(t);
                members.add(member);
                sorted.add(t);
            }
            return new Model(List.copyOf(members), sorted,
                    ViewCombination.parse(c.manifest().path("combination").asText("mean")), c.scores(),
                    c.contamination(), c.threshold(), c.provenance());
        }

        @Override
        public double[] scores() {
            return trainingScores.clone();
        }

        /**
         * The mean (or maximum) over members of each new row's normalised rank among their training scores.
         * Members fitted on one neighbour graph are scored from one query, as wide as the widest needs.
         */
        @Override
        public double[] score(FloatMatrix rows) {
            java.util.Map<String, Integer> widths = new java.util.HashMap<>();
            for (OutlierModel member : members) {
                if (member instanceof GraphModel g) {
                    widths.merge(g.neighbours().id(), g.queryWidth(), Math::max);
                }
            }
            java.util.Map<String, org.descry.knn.KnnGraph> near = new java.util.HashMap<>();
            double[] out = new double[rows.rows()];
            for (int m = 0; m < members.size(); m++) {
                double[] s;
                if (members.get(m) instanceof GraphModel g) {
                    org.descry.knn.KnnGraph q = near.computeIfAbsent(g.neighbours().id(),
                            id -> g.neighbours().query(rows, widths.get(id)));
                    s = g.score(rows, q);
                } else {
                    s = members.get(m).score(rows);
                }
                double[] sorted = sortedTraining.get(m);
                for (int i = 0; i < out.length; i++) {
                    double r = rankAmong(sorted, s[i]);
                    out[i] = combination == ViewCombination.MAX ? Math.max(out[i], r) : out[i] + r / members.size();
                }
            }
            return out;
        }
    }
}
