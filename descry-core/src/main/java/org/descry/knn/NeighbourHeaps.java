package org.descry.knn;

import java.util.Arrays;

/**
 * The graph NN-descent refines: for each row a bounded max-heap of {@code k} (distance, index, new-flag)
 * entries in flat arrays, the worst at the root. Entries are ordered by distance, then index, and an index is
 * held at most once, so the heap after a set of pushes holds the {@code k} smallest of everything offered
 * whatever the order: what makes the parallel search reproducible.
 */
final class NeighbourHeaps {

    final int n;
    final int k;
    final int[] index;
    final float[] dist;
    final boolean[] fresh;

    NeighbourHeaps(int n, int k) {
        this.n = n;
        this.k = k;
        this.index = new int[n * k];
        this.dist = new float[n * k];
        this.fresh = new boolean[n * k];
        Arrays.fill(index, -1);
        Arrays.fill(dist, Float.POSITIVE_INFINITY);
    }

    /** The distance a candidate must beat to enter row {@code i}. */
    float threshold(int i) {
        return dist[i * k];
    }

    /** Offers {@code j} at distance {@code d} to row {@code i} as a new entry; true when it entered. */
    boolean push(int i, float d, int j) {
        int h = i * k;
        if (!(d < dist[h] || (d == dist[h] && j < index[h]))) {
            return false;
        }
        for (int c = 0; c < k; c++) {
            if (index[h + c] == j) {
                return false;
            }
        }
        int pos = 0;
        while (true) {
            int child = 2 * pos + 1;
            if (child >= k) {
                break;
            }
            if (child + 1 < k && after(h + child + 1, h + child)) {
                child++;
            }
            float cd = dist[h + child];
            if (!(cd > d || (cd == d && index[h + child] > j))) {
                break;
            }
            dist[h + pos] = cd;
            index[h + pos] = index[h + child];
            fresh[h + pos] = fresh[h + child];
            pos = child;
        }
        dist[h + pos] = d;
        index[h + pos] = j;
        fresh[h + pos] = true;
        return true;
    }

    private boolean after(int a, int b) {
        return dist[a] > dist[b] || (dist[a] == dist[b] && index[a] > index[b]);
    }

    /** Whether row {@code i} still has an empty slot. */
    boolean hasEmpty(int i) {
        return index[i * k] < 0;
    }
}
