package org.descry.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.descry.data.DescryException;

/**
 * The study's rule for choosing one run of a descriptor set among its k sweeps: the knee of each sweep's
 * within-cluster dispersion curve, then the knee with the most clusters.
 *
 * <ol>
 *   <li>For each sweep (one algorithm and scaler over the k range), the within-cluster sum of squares relative to
 *       the total, {@code W(k)/T = 1 / (1 + CH(k) (k-1)/(n-k))} (read off the Calinski-Harabasz index, since
 *       {@code T = B + W} is fixed for the rows), is a decreasing curve. Its knee is the Kneedle point (Satopää,
 *       Albrecht, Irwin and Raghavan 2011, "Finding a 'Kneedle' in a Haystack: Detecting Knee Points in System
 *       Behavior"): with k and W both scaled to [0, 1], the k whose point lies farthest below the chord from the
 *       first to the last k, i.e. where adding clusters stops paying (the elbow criterion of Thorndike 1953, made
 *       a computation). A sweep of fewer than three k has no knee; its runs all go on.</li>
 *   <li>A knee whose smallest cluster holds less than {@code minShare} of the rows (a sliver nobody could name)
 *       moves to the nearest k of the same sweep without one (ties to the larger k); a sweep with a sliver at
 *       every k drops out, unless every sweep does, when the knees stay as they are.</li>
 *   <li>Among the sweeps' knees the one with the most clusters wins: for naming, over-splitting is cheaper than
 *       merging, since two clusters can be given the same name while a merged one cannot be named apart. Ties
 *       go to the best mean rank of Calinski-Harabasz, Davies-Bouldin and the silhouette (a Borda count, as in
 *       Vendramin, Campello and Hruschka 2010, "Relative clustering validity criteria: a comparative overview"),
 *       then to the earlier run.</li>
 * </ol>
 * Runs of methods that find k themselves (HDBSCAN) take part only when the grid sweeps no k: their noise rows
 * make their dispersion incomparable, and the question the rule answers is which k.
 *
 * <p>Why not the optimum of CH, DB or the silhouette, or their mean rank (this class's earlier rule): on image
 * descriptors, which are not well-separated blobs, all three improve steadily as k falls, so their optimum is
 * the smallest k of the range (k = 2 on every set of the fashion case, type NMI 0.21 on HOG where k = 10 gets
 * 0.40). Split-half stability ({@link Stability}; Ben-Hur, Elisseeff and Guyon 2002; Lange et al. 2004) also
 * peaks at k = 2 there. README.md (section "The study") has the table of rules tried.
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
     * @param id            the run's name in reports
     * @param sweep         the k sweep it belongs to (algorithm and scaler), or {@code null} for a method that finds
     *                      k itself
     * @param k             its number of clusters (noise excluded)
     * @param calinski      Calinski-Harabasz index (NaN when undefined: the run is left out)
     * @param davies        Davies-Bouldin index (NaN when undefined)
     * @param silhouette    silhouette (NaN when undefined)
     * @param rows          rows scored
     * @param smallestShare rows in the smallest cluster over the clustered rows
     */
    public record Candidate(String id, String sweep, int k, double calinski, double davies, double silhouette,
                            int rows, double smallestShare) {

        /** W/T, the within-cluster sum of squares over the total, from CH (NaN when CH is). */
        double relativeDispersion() {
            return rows > k && k >= 2 ? 1 / (1 + calinski * (k - 1) / (rows - k)) : Double.NaN;
        }
    }

    /**
     * The choice and why.
     *
     * @param chosen      index of the chosen candidate
     * @param finalists   indices of the knees (and other runs) the last step chose among
     * @param explanation the reason in words, for the report
     */
    public record Choice(int chosen, int[] finalists, String explanation) {}

    /** Chooses among {@code candidates} (at least one). */
    public Choice choose(List<Candidate> candidates) {
        if (candidates == null || candidates.isEmpty()) {
            throw new DescryException("candidates must not be empty");
        }
        Map<String, List<Integer>> sweeps = new LinkedHashMap<>();
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (c.k() < 2 || Double.isNaN(c.relativeDispersion())) {
                continue;
            }
            if (c.sweep() == null) {
                free.add(i);
            } else {
                sweeps.computeIfAbsent(c.sweep(), s -> new ArrayList<>()).add(i);
            }
        }
        List<Integer> finalists = new ArrayList<>();
        List<Integer> knees = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (var e : sweeps.entrySet()) {
            List<Integer> sweep = new ArrayList<>(e.getValue());
            sweep.sort((a, b) -> Integer.compare(candidates.get(a).k(), candidates.get(b).k()));
            if (sweep.size() < 3) {
                finalists.addAll(sweep);
                why.add(e.getKey() + ": fewer than 3 k, no knee");
                continue;
            }
            int knee = knee(candidates, sweep);
            int kept = nearestWithoutSliver(candidates, sweep, knee);
            knees.add(knee);
            finalists.add(kept);
            why.add(String.format(Locale.ROOT, "%s: knee at k=%d%s", e.getKey(), candidates.get(knee).k(),
                    kept == knee ? "" : kept < 0 ? " (a sliver cluster, as at every k of the sweep)"
                            : " (a sliver cluster; nearest without: k=" + candidates.get(kept).k() + ")"));
        }
        finalists.removeIf(i -> i < 0);
        if (finalists.isEmpty()) {
            finalists.addAll(knees);
        }
        if (finalists.isEmpty()) {
            finalists.addAll(free);
        }
        boolean fallback = finalists.isEmpty();
        if (fallback) {
            for (int i = 0; i < candidates.size(); i++) {
                finalists.add(i);
            }
        }
        double[] rank = meanRanks(candidates, finalists);
        int best = finalists.get(0);
        for (int i : finalists) {
            Candidate c = candidates.get(i);
            Candidate b = candidates.get(best);
            if (c.k() > b.k() || (c.k() == b.k() && rank[i] < rank[best])) {
                best = i;
            }
        }
        Candidate b = candidates.get(best);
        String text;
        if (fallback) {
            text = String.format(Locale.ROOT, "%s (k=%d): no run could be scored, the one with the most clusters",
                    b.id(), b.k());
        } else if (why.isEmpty()) {
            text = String.format(Locale.ROOT, "%s (k=%d): no k was swept; the run with the most clusters among %d",
                    b.id(), b.k(), finalists.size());
        } else {
            text = String.format(Locale.ROOT, "%s (k=%d) is the knee of the within-cluster dispersion curve with the "
                    + "most clusters (%s); silhouette %.3f, Calinski-Harabasz %.4g, Davies-Bouldin %.4g",
                    b.id(), b.k(), String.join("; ", why), b.silhouette(), b.calinski(), b.davies());
        }
        return new Choice(best, finalists.stream().mapToInt(Integer::intValue).toArray(), text + ".");
    }

    /** The Kneedle point of a sweep sorted by k: farthest below the chord of the scaled W(k) curve. */
    static int knee(List<Candidate> c, List<Integer> sweep) {
        int k0 = c.get(sweep.get(0)).k();
        int k1 = c.get(sweep.get(sweep.size() - 1)).k();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i : sweep) {
            lo = Math.min(lo, c.get(i).relativeDispersion());
            hi = Math.max(hi, c.get(i).relativeDispersion());
        }
        int best = sweep.get(0);
        double bestGap = Double.NEGATIVE_INFINITY;
        for (int i : sweep) {
            double x = (double) (c.get(i).k() - k0) / (k1 - k0);
            double y = hi > lo ? (c.get(i).relativeDispersion() - lo) / (hi - lo) : 0;
            double gap = 1 - x - y;
            if (gap > bestGap) {
                bestGap = gap;
                best = i;
            }
        }
        return best;
    }

    private int nearestWithoutSliver(List<Candidate> c, List<Integer> sweep, int knee) {
        int best = -1;
        for (int i : sweep) {
            if (c.get(i).smallestShare() < minShare) {
                continue;
            }
            int d = Math.abs(c.get(i).k() - c.get(knee).k());
            int bd = best < 0 ? Integer.MAX_VALUE : Math.abs(c.get(best).k() - c.get(knee).k());
            if (d < bd || (d == bd && c.get(i).k() > c.get(best).k())) {
                best = i;
            }
        }
        return best;
    }

    /** Each finalist's mean rank of CH (higher better), DB and silhouette (NaN ranks last). */
    private static double[] meanRanks(List<Candidate> c, List<Integer> pool) {
        double[] sum = new double[c.size()];
        for (int criterion = 0; criterion < 3; criterion++) {
            int m = pool.size();
            double[] key = new double[m];
            Integer[] order = new Integer[m];
            for (int j = 0; j < m; j++) {
                Candidate x = c.get(pool.get(j));
                double v = switch (criterion) {
                    case 0 -> -x.calinski();
                    case 1 -> x.davies();
                    default -> -x.silhouette();
                };
                key[j] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> Double.compare(key[a], key[b]));
            for (int s = 0; s < m; ) {
                int e = s;
                while (e + 1 < m && key[order[e + 1]] == key[order[s]]) {
                    e++;
                }
                for (int t = s; t <= e; t++) {
                    sum[pool.get(order[t])] += (s + e) / 2.0 + 1;
                }
                s = e + 1;
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= 3;
        }
        return sum;
    }
}
