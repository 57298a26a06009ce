package org.descry.cluster;

import java.util.Arrays;

/**
 * Cluster extraction from an OPTICS ordering, ported line by line from scikit-learn 1.2.1's
 * {@code cluster_optics_xi} ({@code _xi_cluster}, {@code _extend_region}, {@code _update_filter_sdas},
 * {@code _correct_predecessor}, {@code _extract_xi_labels}) and {@code cluster_optics_dbscan}. The ξ method is
 * Figure 19 of Ankerst et al. 1999 with the predecessor correction of Schubert and Gertz, "Improving the
 * cluster structure extracted from OPTICS plots" (LWDA 2018), including scikit-learn's indexing of the ordering
 * by a predecessor's row index in {@code _correct_predecessor} (kept so that labels stay equal).
 */
final class OpticsExtraction {

    private OpticsExtraction() {}

    /** {@code cluster_optics_dbscan}: labels for a DBSCAN cut of the reachability plot at {@code eps}. */
    static int[] dbscan(double[] reachability, double[] core, int[] ordering, double eps) {
        int n = core.length;
        int[] labels = new int[n];
        int sum = 0;
        for (int i = 0; i < n; i++) {
            int p = ordering[i];
            if (reachability[p] > eps && core[p] <= eps) {
                sum++;
            }
            labels[p] = sum - 1;
        }
        for (int p = 0; p < n; p++) {
            if (reachability[p] > eps && !(core[p] <= eps)) {
                labels[p] = -1;
            }
        }
        return labels;
    }

    /** The ξ clusters as {@code [start, end]} pairs in plot positions (flat), ordered as scikit-learn's. */
    static int[] xiClusters(double[] reachability, int[] predecessor, int[] ordering, double xi, int minSamples,
            int minClusterSize, boolean predecessorCorrection) {
        int n = ordering.length;
        double[] r = new double[n + 1];
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = reachability[ordering[i]];
            pred[i] = predecessor[ordering[i]];
        }
        r[n] = Double.POSITIVE_INFINITY;
        double xc = 1 - xi;
        boolean[] steepUp = new boolean[n];
        boolean[] steepDown = new boolean[n];
        boolean[] down = new boolean[n];
        boolean[] up = new boolean[n];
        for (int i = 0; i < n; i++) {
            double ratio = r[i] / r[i + 1];
            steepUp[i] = ratio <= xc;
            steepDown[i] = ratio >= 1 / xc;
            down[i] = ratio > 1;
            up[i] = ratio < 1;
        }
        Sdas sdas = new Sdas();
        IntList clusters = new IntList();
        IntList uClusters = new IntList();
        int index = 0;
        double mib = 0.0;
        for (int steep = 0; steep < n; steep++) {
            if (!(steepUp[steep] || steepDown[steep]) || steep < index) {
                continue;
            }
            for (int i = index; i <= steep; i++) {
                mib = Math.max(mib, r[i]);
            }
            if (steepDown[steep]) {
                sdas.filter(mib, xc, r);
                int dEnd = extendRegion(steepDown, up, steep, minSamples);
                sdas.add(steep, dEnd);
                index = dEnd + 1;
                mib = r[index];
            } else {
                sdas.filter(mib, xc, r);
                int uStart = steep;
                int uEnd = extendRegion(steepUp, down, uStart, minSamples);
                index = uEnd + 1;
                mib = r[index];
                uClusters.size = 0;
                for (int s = 0; s < sdas.size; s++) {
                    int cStart = sdas.start[s];
                    int cEnd = uEnd;
                    if (r[cEnd + 1] * xc < sdas.mib[s]) {
                        continue;
                    }
                    double dMax = r[sdas.start[s]];
                    if (dMax * xc >= r[cEnd + 1]) {
                        while (r[cStart + 1] > r[cEnd + 1] && cStart < sdas.end[s]) {
                            cStart++;
                        }
                    } else if (r[cEnd + 1] * xc >= dMax) {
                        while (cEnd > uStart && r[cEnd - 1] > dMax) {
                            cEnd--;
                        }
                    }
                    if (predecessorCorrection) {
                        long corrected = correctPredecessor(r, pred, ordering, cStart, cEnd);
                        if (corrected < 0) {
                            continue;
                        }
                        cStart = (int) (corrected >>> 32);
                        cEnd = (int) corrected;
                    }
                    if (cEnd - cStart + 1 < minClusterSize || cStart > sdas.end[s] || cEnd < uStart) {
                        continue;
                    }
                    uClusters.add(cStart);
                    uClusters.add(cEnd);
                }
                for (int c = uClusters.size - 2; c >= 0; c -= 2) {
                    clusters.add(uClusters.values[c]);
                    clusters.add(uClusters.values[c + 1]);
                }
            }
        }
        return Arrays.copyOf(clusters.values, clusters.size);
    }

    /** {@code _extract_xi_labels}: each cluster, smallest first, labels its plot range if none of it is taken. */
    static int[] xiLabels(int[] ordering, int[] clusters) {
        int n = ordering.length;
        int[] byPosition = new int[n];
        Arrays.fill(byPosition, -1);
        int label = 0;
        for (int c = 0; c < clusters.length; c += 2) {
            boolean free = true;
            for (int i = clusters[c]; i <= clusters[c + 1] && free; i++) {
                free = byPosition[i] == -1;
            }
            if (free) {
                Arrays.fill(byPosition, clusters[c], clusters[c + 1] + 1, label++);
            }
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[ordering[i]] = byPosition[i];
        }
        return labels;
    }

    private static int extendRegion(boolean[] steep, boolean[] xward, int start, int minSamples) {
        int n = steep.length;
        int nonXward = 0;
        int end = start;
        for (int index = start; index < n; index++) {
            if (steep[index]) {
                nonXward = 0;
                end = index;
            } else if (!xward[index]) {
                nonXward++;
                if (nonXward > minSamples) {
                    break;
                }
            } else {
                return end;
            }
        }
        return end;
    }

    /** {@code (s << 32) | e}, or -1 for scikit-learn's {@code (None, None)}. */
    private static long correctPredecessor(double[] r, int[] pred, int[] ordering, int s, int e) {
        int n = ordering.length;
        while (s < e) {
            if (r[s] > r[e]) {
                return ((long) s << 32) | (e & 0xffffffffL);
            }
            int p = pred[e];
            int pe = ordering[p < 0 ? p + n : p];
            for (int i = s; i < e; i++) {
                if (pe == ordering[i]) {
                    return ((long) s << 32) | (e & 0xffffffffL);
                }
            }
            e--;
        }
        return -1;
    }

    /** Steep down areas: start, end and maximum in between. */
    private static final class Sdas {
        int[] start = new int[8];
        int[] end = new int[8];
        double[] mib = new double[8];
        int size;

        void add(int s, int e) {
            if (size == start.length) {
                start = Arrays.copyOf(start, size * 2);
                end = Arrays.copyOf(end, size * 2);
                mib = Arrays.copyOf(mib, size * 2);
            }
            start[size] = s;
            end[size] = e;
            mib[size] = 0.0;
            size++;
        }

        /** {@code _update_filter_sdas}. */
        void filter(double m, double xc, double[] r) {
            if (Double.isInfinite(m)) {
                size = 0;
                return;
            }
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (m <= r[start[i]] * xc) {
                    start[kept] = start[i];
                    end[kept] = end[i];
                    mib[kept] = Math.max(mib[i], m);
                    kept++;
                }
            }
            size = kept;
        }
    }

    private static final class IntList {
        int[] values = new int[16];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }
}
