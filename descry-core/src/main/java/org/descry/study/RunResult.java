package org.descry.study;

/**
 * One clustering run of a study and its scores, as {@code study.json} lists it.
 *
 * @param id          the run's name, also its folder under {@code runs/}
 * @param descriptor  the descriptor set or mixture spec
 * @param scaler      the scaler's name
 * @param algorithm   the clustering algorithm
 * @param k           the k asked for (0 for methods that find it themselves)
 * @param clusters    clusters found (noise excluded)
 * @param calinski    Calinski-Harabasz index on the reduced rows (NaN when undefined)
 * @param davies      Davies-Bouldin index (NaN when undefined)
 * @param silhouette  silhouette, exact or on a seeded sample (NaN when undefined)
 * @param noiseRows   rows labelled {@code -1}
 * @param sizes       rows per cluster
 * @param seconds     time to fit and score
 */
public record RunResult(String id, String descriptor, String scaler, String algorithm, int k, int clusters,
                        double calinski, double davies, double silhouette, int noiseRows, int[] sizes,
                        double seconds) {

    /** Rows in the smallest cluster over the clustered (non-noise) rows; 0 when nothing was clustered. */
    public double smallestShare() {
        long total = 0;
        int min = Integer.MAX_VALUE;
        for (int s : sizes) {
            total += s;
            min = Math.min(min, s);
        }
        return total == 0 ? 0 : (double) min / total;
    }

    /** The run as a candidate of the k rule: runs of one algorithm and scaler over k form a sweep. */
    public KSelection.Candidate candidate() {
        long rows = noiseRows;
        for (int s : sizes) {
            rows += s;
        }
        return new KSelection.Candidate(id, k > 0 ? algorithm + ", " + scaler : null, clusters, calinski, davies,
                silhouette, (int) rows, smallestShare());
    }

    /** The folder-safe id of a run. */
    static String idOf(String descriptor, String scaler, String algorithm, int k) {
        String run = k > 0 ? algorithm + "-k" + k : algorithm;
        return (descriptor + "__" + scaler + "__" + run).replace(':', '@').replace('/', '_');
    }
}
