package org.descry.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.descry.data.DescryException;

/**
 * The study's rule for choosing one run (usually one k) among several of the same descriptor set: rank
 * aggregation of Calinski-Harabasz (higher is better) and Davies-Bouldin (lower is better), among the runs whose
 * smallest cluster holds at least {@code minShare} of the rows.
 *
 * <p>Why this rule: CH grows with compact, well-separated clusters but on CNN descriptors it mostly falls with k,
 * DB favours separated clusters but is noisy; neither alone picks a k people can name. Averaging their ranks
 * (a Borda count, as in rank-aggregation model selection, e.g. Vendramin, Campello and Hruschka 2010, "Relative
 * clustering validity criteria: a comparative overview") keeps only the runs that both criteria like. The
 * minimum share drops clusterings with a sliver cluster that nobody could name; noise ({@code -1}) does not count
 * as a cluster. Ties go to the smaller k, then to the earlier run: fewer clusters are cheaper to name.
 *
 * @param minShare smallest allowed cluster, as a share of the clustered rows, in {@code [0, 0.5)}
 */
public record KSelection(double minShare) {

    /** Clusters of at least 0.5% of the rows. */
    public static final KSelection DEFAULT = new KSelection(0.005);

    public KSelection {
        if (!(minShare >= 0 && minShare < 0.5)) {
            throw new DescryException("minShare must be in [0, 0.5), got " + minShare);
        }
    }

    /**
     * One candidate run.
     *
     * @param id             the run's name in reports
     * @param k              its number of clusters (noise excluded)
     * @param calinski       Calinski-Harabasz index (NaN when undefined: ranked last)
     * @param davies         Davies-Bouldin index (NaN when undefined: ranked last)
     * @param smallestShare  rows in the smallest cluster over the clustered rows
     */
    public record Candidate(String id, int k, double calinski, double davies, double smallestShare) {}

    /**
     * The choice and why.
     *
     * @param chosen      index of the chosen candidate
     * @param meanRank    each candidate's mean of its CH and DB ranks (1 = best), NaN when it was left out
     * @param eligible    whether each candidate met the minimum share
     * @param explanation the reason in words, for the report
     */
    public record Choice(int chosen, double[] meanRank, boolean[] eligible, String explanation) {}

    /** Chooses among {@code candidates} (at least one); when none meets the minimum share, all take part. */
    public Choice choose(List<Candidate> candidates) {
        if (candidates == null || candidates.isEmpty()) {
            throw new DescryException("candidates must not be empty");
        }
        int n = candidates.size();
        boolean[] eligible = new boolean[n];
        List<Integer> pool = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            eligible[i] = candidates.get(i).smallestShare() >= minShare && candidates.get(i).k() >= 2;
            if (eligible[i]) {
                pool.add(i);
            }
        }
        boolean relaxed = pool.isEmpty();
        if (relaxed) {
            for (int i = 0; i < n; i++) {
                eligible[i] = true;
                pool.add(i);
            }
        }
        double[] chRank = ranks(candidates, pool, true);
        double[] dbRank = ranks(candidates, pool, false);
        double[] mean = new double[n];
        Arrays.fill(mean, Double.NaN);
        int best = -1;
        for (int i : pool) {
            mean[i] = (chRank[i] + dbRank[i]) / 2;
            if (best < 0 || mean[i] < mean[best]
                    || (mean[i] == mean[best] && candidates.get(i).k() < candidates.get(best).k())) {
                best = i;
            }
        }
        return new Choice(best, mean, eligible, explain(candidates, best, mean, chRank, dbRank, pool.size(),
                relaxed));
    }

    /** Ranks 1..m within the pool (ties share the mean rank; NaN ranks last). */
    private static double[] ranks(List<Candidate> c, List<Integer> pool, boolean higherIsBetter) {
        int m = pool.size();
        double[] key = new double[m];
        Integer[] order = new Integer[m];
        for (int j = 0; j < m; j++) {
            Candidate x = c.get(pool.get(j));
            double v = higherIsBetter ? -x.calinski() : x.davies();
            key[j] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(key[a], key[b]));
        double[] rank = new double[c.size()];
        for (int s = 0; s < m; ) {
            int e = s;
            while (e + 1 < m && key[order[e + 1]] == key[order[s]]) {
                e++;
            }
            double r = (s + e) / 2.0 + 1;
            for (int t = s; t <= e; t++) {
                rank[pool.get(order[t])] = r;
            }
            s = e + 1;
        }
        return rank;
    }

    private String explain(List<Candidate> c, int best, double[] mean, double[] ch, double[] db, int poolSize,
                           boolean relaxed) {
        Candidate b = c.get(best);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%s (k=%d) has the best mean rank %.1f of Calinski-Harabasz (rank %.1f, %.4g) and Davies-Bouldin "
                        + "(rank %.1f, %.4g) among %d runs",
                b.id(), b.k(), mean[best], ch[best], b.calinski(), db[best], b.davies(), poolSize));
        if (relaxed) {
            s.append(String.format(Locale.ROOT, "; no run had every cluster at %.1f%% of the rows or more, so all "
                    + "runs were ranked", 100 * minShare));
        } else if (poolSize < c.size()) {
            s.append(String.format(Locale.ROOT, " whose smallest cluster holds at least %.1f%% of the rows (%d "
                    + "left out)", 100 * minShare, c.size() - poolSize));
        }
        return s.append('.').toString();
    }
}
