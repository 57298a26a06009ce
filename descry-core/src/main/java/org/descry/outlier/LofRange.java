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
import org.descry.knn.KnnGraph;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * The maximum local outlier factor over a range of neighbourhood sizes, Breunig, Kriegel, Ng and Sander's (2000)
 * own heuristic (section 7.3): LOF is not monotone in MinPts, so rank each object by its maximum LOF over
 * {@code MinPts} from a lower bound (about 10, below which the factor fluctuates statistically) to an upper bound
 * (the largest group of objects that should still count as local outliers; their examples use 10 to 50). A
 * group of near-identical bad images smaller than the upper bound is then scored from neighbourhoods that reach
 * past it, which plain LOF with {@code k} below the group's size cannot.
 *
 * <p>Each factor is {@link Lof}'s (scikit-learn's conventions), every {@code k} in
 * {@code kMin, kMin + step, ..., kMax} (kMax included even off the step, each clamped to {@code n - 1}), all
 * from one {@code kMax}-NN search. New rows: the maximum of {@link LofModel#score}'s novelty factors. The
 * search is exact up to {@code exactLimit} training rows and NN-descent plus {@link org.descry.knn.GraphSearch}
 * above ({@link Neighbours}).
 *
 * @param kMin          smallest neighbourhood, {@code >= 1} (default 10)
 * @param kMax          largest, {@code >= kMin} (default 50)
 * @param step          step between sizes, {@code >= 1} (default 10)
 * @param contamination expected outlier fraction, in {@code (0, 0.5]}
 * @param threads       worker threads, {@code >= 1}
 * @param exactLimit    training rows up to which neighbours are exact, {@code >= 0} (default
 *                      {@link Neighbours#EXACT_LIMIT})
 */
public record LofRange(int kMin, int kMax, int step, double contamination, int threads, int exactLimit)
        implements GraphDetector {

    public LofRange {
        if (kMin < 1) {
            throw new IllegalArgumentException("kMin must be >= 1, got " + kMin);
        }
        if (kMax < kMin) {
            throw new IllegalArgumentException("kMax must be >= kMin = " + kMin + ", got " + kMax);
        }
        if (step < 1) {
            throw new IllegalArgumentException("step must be >= 1, got " + step);
        }
        Contamination.check(contamination);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        GraphDetector.checkExactLimit(exactLimit);
    }

    /** With the default exact limit. */
    public LofRange(int kMin, int kMax, int step, double contamination, int threads) {
        this(kMin, kMax, step, contamination, threads, Neighbours.EXACT_LIMIT);
    }

    /** k from 10 to 50 by 10, contamination 0.1, all processors. */
    public static LofRange of() {
        return new LofRange(10, 50, 10, 0.1, Runtime.getRuntime().availableProcessors());
    }

    public LofRange withContamination(double v) {
        return new LofRange(kMin, kMax, step, v, threads, exactLimit);
    }

    public LofRange withThreads(int v) {
        return new LofRange(kMin, kMax, step, contamination, v, exactLimit);
    }

    @Override
    public LofRange withExactLimit(int v) {
        return new LofRange(kMin, kMax, step, contamination, threads, v);
    }

    @Override
    public int neighbours(int n) {
        int[] ks = sizes(n);
        return ks[ks.length - 1];
    }

    @Override
    public String name() {
        return "lof-range";
    }

    /** The neighbourhood sizes used on {@code n} rows: the range clamped to {@code n - 1}, without repeats. */
    public int[] sizes(int n) {
        List<Integer> ks = new ArrayList<>();
        for (int k = kMin; ; k += step) {
            int kk = Math.min(Math.min(k, kMax), n - 1);
            if (ks.isEmpty() || ks.get(ks.size() - 1) != kk) {
                ks.add(kk);
            }
            if (k >= kMax || kk == n - 1) {
                break;
            }
        }
        return ks.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Model fit(FloatMatrix x, Progress progress) {
        Contamination.requireRows(x, 2, "LOF");
        Neighbours.Fitted f = Neighbours.fit(x, neighbours(x.rows()), exactLimit, 0, threads, progress);
        return fit(x, f.graph(), f.neighbours());
    }

    @Override
    public Model fit(FloatMatrix x, KnnGraph g, Neighbours neighbours) {
        Contamination.requireRows(x, 2, "LOF");
        int[] ks = sizes(x.rows());
        List<LofModel> lofs = new ArrayList<>();
        double[] scores = new double[x.rows()];
        Arrays.fill(scores, Double.NEGATIVE_INFINITY);
        for (int k : ks) {
            LofModel m = new Lof(k, contamination, threads).fit(x, g);
            lofs.add(m);
            double[] s = m.scores();
            for (int i = 0; i < s.length; i++) {
                scores[i] = Math.max(scores[i], s[i]);
            }
        }
        Provenance p = Provenance.of(name(), Map.of("k_min", kMin, "k_max", kMax, "step", step,
                "contamination", contamination, "graph", g.exact() ? "exact" : "approximate"), 0,
                x.rows() + " x " + x.cols());
        return new Model(neighbours, lofs, scores, contamination, Contamination.threshold(scores, contamination),
                threads, p);
    }

    /**
     * A fitted {@link LofRange}: one {@link LofModel} per neighbourhood size, sharing the training rows. Saved with
     * the training rows once ({@code reference.npy}), {@code k_distance_K.npy}, {@code lrd_K.npy} (float64)
     * per size {@code K}, and the search graph when new rows are searched approximately ({@link Neighbours}).
     */
    public static final class Model implements GraphModel {

        static final String KIND = "outlier-lof-range";

        private final Neighbours neighbours;
        private final FloatMatrix reference;
        private final List<LofModel> lofs;
        private final double[] scores;
        private final double contamination;
        private final double threshold;
        private final int threads;
        private final Provenance provenance;

        Model(Neighbours neighbours, List<LofModel> lofs, double[] scores, double contamination, double threshold,
                int threads, Provenance provenance) {
            this.neighbours = neighbours;
            this.reference = neighbours.reference();
            this.lofs = List.copyOf(lofs);
            this.scores = scores;
            this.contamination = contamination;
            this.threshold = threshold;
            this.threads = threads;
            this.provenance = provenance;
        }

        /** The neighbourhood sizes, ascending. */
        public int[] sizes() {
            return lofs.stream().mapToInt(LofModel::k).toArray();
        }

        @Override
        public double[] scores() {
            return scores.clone();
        }

        @Override
        public Neighbours neighbours() {
            return neighbours;
        }

        @Override
        public int queryWidth() {
            return lofs.get(lofs.size() - 1).k();
        }

        /** The maximum over sizes of the novelty factors, from one search for the largest size. */
        @Override
        public double[] score(FloatMatrix rows, KnnGraph g) {
            Contamination.requireWidth(rows, reference.cols());
            int kMax = g.k();
            int n = rows.rows();
            if (g.rows() != n || kMax < queryWidth()) {
                throw new IllegalArgumentException("need " + queryWidth() + " neighbours of each of " + n
                        + " rows, got " + g);
            }
            int[] gi = g.indices();
            float[] gd = g.distances();
            double[] out = new double[n];
            Arrays.fill(out, Double.NEGATIVE_INFINITY);
            for (LofModel m : lofs) {
                int k = m.k();
                int[] idx = new int[n * k];
                float[] dist = new float[n * k];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(gi, i * kMax, idx, i * k, k);
                    System.arraycopy(gd, i * kMax, dist, i * k, k);
                }
                double[] own = Lof.density(idx, dist, n, k, m.kDistanceUnsafe());
                double[] f = Lof.factors(idx, n, k, m.lrdUnsafe(), own);
                for (int i = 0; i < n; i++) {
                    out[i] = Math.max(out[i], f[i]);
                }
            }
            return out;
        }

        @Override
        public double contamination() {
            return contamination;
        }

        @Override
        public double threshold() {
            return threshold;
        }

        @Override
        public Provenance provenance() {
            return provenance;
        }

        @Override
        public void save(Path dir) throws IOException {
            ObjectNode m = OutlierModels.begin(dir, KIND, this, scores);
            ModelStore.writeArray(dir, "reference", reference);
            int[] ks = sizes();
            for (LofModel lof : lofs) {
                OutlierModels.writeDoubles(dir, "k_distance_" + lof.k(), lof.kDistanceUnsafe());
                OutlierModels.writeDoubles(dir, "lrd_" + lof.k(), lof.lrdUnsafe());
                OutlierModels.writeDoubles(dir, "scores_" + lof.k(), lof.scores());
            }
            m.set("sizes", ModelStore.json().valueToTree(ks));
            m.put("threads", threads);
            neighbours.save(dir, m);
            ModelStore.writeManifest(dir, m);
        }

        /** Loads a folder written by {@link #save}. */
        public static Model load(Path dir) throws IOException {
            OutlierModels.Common c = OutlierModels.Common.read(dir, KIND);
            FloatMatrix ref = ModelStore.readArray(dir, "reference");
            int n = ref.rows();
            var sizes = c.manifest().path("sizes");
            if (!sizes.isArray() || sizes.isEmpty()) {
                throw new DescryException(dir + ": " + ModelStore.MANIFEST + " has no list of sizes");
            }
            int threads = Math.max(1, c.manifest().path("threads").asInt(1));
            List<LofModel> lofs = new ArrayList<>();
            for (var v : sizes) {
                int k = v.asInt();
                if (k < 1 || k > n - 1) {
                    throw new DescryException(dir + ": size " + k + " is outside 1.." + (n - 1));
                }
                double[] kd = OutlierModels.readDoubles(dir, "k_distance_" + k);
                double[] lrd = OutlierModels.readDoubles(dir, "lrd_" + k);
                double[] s = OutlierModels.readDoubles(dir, "scores_" + k);
                if (kd.length != n || lrd.length != n || s.length != n) {
                    throw new DescryException(dir + ": the arrays of size " + k + " must have " + n + " values");
                }
                lofs.add(new LofModel(ref, k, kd, lrd, s, c.contamination(), Contamination.threshold(s,
                        c.contamination()), threads, c.provenance()));
            }
            return new Model(Neighbours.load(dir, c.manifest(), ref, threads), lofs, c.scores(), c.contamination(),
                    c.threshold(), threads, c.provenance());
        }
    }
}
