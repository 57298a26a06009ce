package org.descry.outlier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
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
 * sparse rows, one for over-dense groups) where an average would halve whatever only one of them sees;
 * {@link ViewCombination#FISHER} sums {@code -ln} of each rank's empirical p-value, which keeps what one member
 * alone sees far beyond the rest and also rewards agreement (the default of {@link OutlierMethod#ENSEMBLE}).
 *
 * <p>Members that score from the neighbour graph ({@link GraphDetector}, as both members of the default
 * {@link OutlierMethod#ENSEMBLE}) share one: the ensemble builds the graph as wide as the widest of them needs
 * (50 for {@code lof-range} beside 20 for {@code dense}), exact up to the smallest of their exact limits and by
 * NN-descent above, and fits each from it; the fitted ensemble scores new rows with one neighbour query for all
 * of them. On the default ensemble this halves the neighbour searches, which are nearly all of the time.
 *
 * <p><b>New rows against a sample of the training rows</b> ({@code maxReference}, as scikit-learn's
 * {@code IsolationForest} builds each tree on {@code max_samples} rows): on more than {@code maxReference} training
 * rows the fitted model also holds the ensemble fitted on a seeded uniform sample of {@code maxReference} of them
 * (its graph members always over an NN-descent graph and {@link org.descry.knn.GraphSearch}), and new rows are
 * scored by that one: each member's score of a new row is ranked among the same member's scores of the sample's
 * own rows, so the score is calibrated against the reference it was measured on, and the combined normalised rank
 * is on the scale of the training rows' (under the training distribution both are uniform ranks, so the
 * contamination threshold keeps its meaning). The training scores, the threshold and the flags stay those of the
 * ensemble fitted on every row. Why: labelling is nearly all neighbour queries, and a query's cost grows with the
 * reference (on 416,314 x 250 rows about 1,600 rows measured per new row, each a cache miss; a 50,000 x 144
 * reference is 29 MB, near the last-level cache); measured in {@code descry-bench/README.md}, "Labelling with the
 * outlier model". What changes: the members' neighbour
 * counts are kept, so on a sample of a fraction {@code f} of the rows they read neighbourhoods about {@code 1 / f}
 * times as wide in training rows (a near-duplicate group needs about {@code k / f} members to score as over-dense).
 * With {@code maxReference} at least the training rows (or {@link #ALL_ROWS}) every new row is scored against all
 * of them, as before.
 *
 * @param members       the detectors, fitted on the same rows (at least one)
 * @param combination   mean (default), maximum or Fisher's combination of the members' normalised ranks
 * @param contamination expected outlier fraction, in {@code (0, 0.5]}
 * @param maxReference  most training rows new rows are scored against, {@code >= 2}, or {@link #ALL_ROWS}
 *                      (default {@link #MAX_REFERENCE})
 * @param seed          seed of the sample of reference rows
 */
public record RankEnsemble(List<OutlierDetector> members, ViewCombination combination, double contamination,
                           int maxReference, long seed) implements OutlierDetector {

    /** The default {@code maxReference}: new rows are scored against at most this many training rows. */
    public static final int MAX_REFERENCE = 50_000;

    /** {@code maxReference} that scores new rows against every training row. */
    public static final int ALL_ROWS = Integer.MAX_VALUE;

    public RankEnsemble {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("members must hold at least one detector, got none");
        }
        java.util.Objects.requireNonNull(combination, "combination");
        Contamination.check(contamination);
        if (maxReference < 2) {
            throw new IllegalArgumentException("maxReference must be >= 2, got " + maxReference);
        }
    }

    /** The ensemble of {@code members} combined by {@code combination}, default reference size, seed 0. */
    public RankEnsemble(List<OutlierDetector> members, ViewCombination combination, double contamination) {
        this(members, combination, contamination, MAX_REFERENCE, 0);
    }

    /** The mean-rank ensemble of {@code members}. */
    public RankEnsemble(List<OutlierDetector> members, double contamination) {
        this(members, ViewCombination.MEAN, contamination);
    }

    public RankEnsemble withContamination(double v) {
        return new RankEnsemble(members, combination, v, maxReference, seed);
    }

    public RankEnsemble withCombination(ViewCombination v) {
        return new RankEnsemble(members, v, contamination, maxReference, seed);
    }

    public RankEnsemble withMaxReference(int v) {
        return new RankEnsemble(members, combination, contamination, v, seed);
    }

    public RankEnsemble withSeed(long v) {
        return new RankEnsemble(members, combination, contamination, maxReference, v);
    }

    /** The ensemble with every {@link GraphDetector} member's exact limit set to {@code limit}. */
    public RankEnsemble withExactLimit(int limit) {
        return new RankEnsemble(members.stream().map(m -> m instanceof GraphDetector g ? g.withExactLimit(limit) : m)
                .toList(), combination, contamination, maxReference, seed);
    }

    @Override
    public String name() {
        return "ensemble";
    }

    /**
     * Fits every member on {@code x}; on more than {@code maxReference} rows also the ensemble new rows are scored
     * by, on a seeded sample of {@code maxReference} rows.
     */
    @Override
    public Model fit(FloatMatrix x, Progress progress) {
        Model all = fitAll(x, progress);
        return x.rows() > maxReference ? all.withReference(fitReference(x, maxReference, progress)) : all;
    }

    /**
     * The ensemble new rows are scored by: fitted on a seeded uniform sample of {@code rows} rows of {@code x}
     * (all of them when {@code rows == x.rows()}), its graph members over an NN-descent graph searched by
     * {@link org.descry.knn.GraphSearch} whatever their exact limit.
     */
    public Model fitReference(FloatMatrix x, int rows, Progress progress) {
        FloatMatrix sample = rows == x.rows() ? x
                : x.selectRows(org.descry.data.RowSample.sorted(x.rows(), rows, seed));
        return withExactLimit(0).fitAll(sample, progress);
    }

    private Model fitAll(FloatMatrix x, Progress progress) {
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
                Contamination.threshold(scores, contamination), p, null);
    }

    /**
     * The combined normalised rank of each row over the given score vectors (all of one length): mean, maximum or
     * Fisher's sum of {@code -ln p} ({@link ViewCombination}).
     */
    public static double[] combine(List<double[]> scores, ViewCombination combination) {
        int n = scores.get(0).length;
        double[] out = new double[n];
        for (double[] s : scores) {
            if (s.length != n) {
                throw new IllegalArgumentException("score vectors must have one length, got " + n + " and "
                        + s.length);
            }
            double[] r = normalisedRanks(s);
            for (int i = 0; i < n; i++) {
                out[i] = combination.accumulate(out[i], r[i], n, scores.size());
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
     * A fitted {@link RankEnsemble}: the member models and each one's sorted training scores, and the ensemble
     * new rows are scored by when it was fitted on a sample of the training rows ({@code reference}, else
     * {@code null}). Saved with each member in {@code member-0/}, {@code member-1/} ... (any kind
     * {@link OutlierModels#load} reads), the combination in the manifest and, from {@code ensemble_version} 2,
     * the sample's ensemble in {@code reference/} ({@code reference_rows} in the manifest); a folder without
     * {@code ensemble_version} (version 1) has none and scores new rows against every training row. All members
     * take the same rows.
     */
    public record Model(List<OutlierModel> members, List<double[]> sortedTraining, ViewCombination combination,
                        double[] trainingScores, double contamination, double threshold, Provenance provenance,
                        Model reference) implements OutlierModel {

        static final String KIND = "outlier-ensemble";
        /**
         * The newest {@code ensemble_version} this build reads; it writes it. 2 added {@code reference/}, 3 the
         * {@code fisher} combination (a Descry reading at most 2 refuses a version 3 folder rather than failing
         * on the combination's name).
         */
        static final int VERSION = 3;
        private static final String REFERENCE = "reference";

        public Model {
            if (reference != null && reference.reference() != null) {
                throw new IllegalArgumentException("the reference ensemble cannot have a reference of its own");
            }
        }

        /** This model with new rows scored by {@code sample}, the ensemble fitted on a sample of its rows. */
        public Model withReference(Model sample) {
            return new Model(members, sortedTraining, combination, trainingScores, contamination, threshold,
                    provenance, sample);
        }

        /** Training rows new rows are scored against. */
        public int referenceRows() {
            return (reference != null ? reference : this).trainingScores.length;
        }

        @Override
        public void save(Path dir) throws IOException {
            ObjectNode m = OutlierModels.begin(dir, KIND, this, trainingScores);
            for (int i = 0; i < members.size(); i++) {
                members.get(i).save(dir.resolve("member-" + i));
            }
            m.put("members", members.size());
            m.put("combination", combination.cliName());
            m.put("ensemble_version", VERSION);
            if (reference != null) {
                reference.save(dir.resolve(REFERENCE));
                m.put("reference_rows", reference.trainingScores.length);
            }
            ModelStore.writeManifest(dir, m);
        }

        /**
         * Loads a folder written by {@link #save}, or by a Descry before {@code ensemble_version} 2. With a
         * {@code reference/} the members are read on first use ({@link Members}); their folders must be there.
         */
        public static Model load(Path dir) throws IOException {
            OutlierModels.Common c = OutlierModels.Common.read(dir, KIND);
            int version = c.manifest().path("ensemble_version").asInt(1);
            if (version < 1 || version > VERSION) {
                throw new DescryException(dir + ": ensemble_version " + version + " is newer than this Descry reads ("
                        + VERSION + "); upgrade Descry");
            }
            Model reference = null;
            if (c.manifest().has("reference_rows")) {
                reference = load(dir.resolve(REFERENCE));
                if (reference.trainingScores.length != c.integer(dir, "reference_rows")) {
                    throw new DescryException(dir + ": " + REFERENCE + "/ has " + reference.trainingScores.length
                            + " rows, the manifest says " + c.integer(dir, "reference_rows"));
                }
            }
            int count = c.integer(dir, "members");
            if (count < 1) {
                throw new DescryException(dir + ": an ensemble needs at least one member, the manifest says "
                        + count);
            }
            for (int i = 0; i < count; i++) {
                if (!Files.isRegularFile(dir.resolve("member-" + i).resolve(ModelStore.MANIFEST))) {
                    throw new DescryException(dir + ": member-" + i + "/ is missing");
                }
            }
            Members members = new Members(dir, count, c.scores().length);
            if (reference == null) {
                members.read();
            }
            return new Model(members.models, members.sorted, ViewCombination.parse(c.manifest().path("combination")
                    .asText("mean")), c.scores(), c.contamination(), c.threshold(), c.provenance(), reference);
        }

        /**
         * The members of a saved ensemble, read on first use. An ensemble with a {@code reference} scores new rows
         * by that one alone, so labelling never needs its members: reading them took 4-5 s of CPU and 1.2 GB of
         * heap for a 416,314-row study's four sets (the training rows twice per set, LOF tables, a sort of each
         * member's training scores), more than half of it sorting.
         */
        private static final class Members {
            private final Path dir;
            private final int count;
            private final int rows;
            private List<OutlierModel> read;
            private List<double[]> readSorted;
            final List<OutlierModel> models = view(i -> read().get(i));
            final List<double[]> sorted = view(i -> {
                read();
                return readSorted.get(i);
            });

            Members(Path dir, int count, int rows) {
                this.dir = dir;
                this.count = count;
                this.rows = rows;
            }

            private <T> List<T> view(java.util.function.IntFunction<T> get) {
                return new java.util.AbstractList<>() {
                    @Override
                    public T get(int i) {
                        java.util.Objects.checkIndex(i, count);
                        return get.apply(i);
                    }

                    @Override
                    public int size() {
                        return count;
                    }
                };
            }

            synchronized List<OutlierModel> read() {
                if (read == null) {
                    List<OutlierModel> members = new ArrayList<>();
                    List<double[]> sorted = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        OutlierModel member;
                        try {
                            member = OutlierModels.load(dir.resolve("member-" + i));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        double[] t = member.scores();
                        if (t.length != rows) {
                            throw new DescryException(dir + ": member " + i + " has " + t.length + " training scores, "
                                    + "the ensemble " + rows);
                        }
                        Arrays.sort(t);
                        members.add(member);
                        sorted.add(t);
                    }
                    readSorted = List.copyOf(sorted);
                    read = List.copyOf(members);
                }
                return read;
            }
        }

        @Override
        public double[] scores() {
            return trainingScores.clone();
        }

        /**
         * The mean (or maximum) over members of each new row's normalised rank among their training scores, or,
         * when fitted on more rows than {@code maxReference}, the {@code reference} ensemble's score of it.
         * Members fitted on one neighbour graph are scored from one query, as wide as the widest needs.
         */
        @Override
        public double[] score(FloatMatrix rows) {
            if (reference != null) {
                return reference.score(rows);
            }
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
                    out[i] = combination.accumulate(out[i], r, sorted.length, members.size());
                }
            }
            return out;
        }
    }
}
