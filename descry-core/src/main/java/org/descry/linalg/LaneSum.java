package org.descry.linalg;

import jdk.incubator.vector.FloatVector;

/**
 * The sum of a vector's lanes in one fixed order (halves folded onto each other: lanes {@code i} and
 * {@code i + L/2}, then {@code i + L/4}, ...). {@code reduceLanes(ADD)} leaves the order open, and the JIT-compiled
 * and the interpreted reduction round differently, so a result would depend on when C2 compiled the caller;
 * lane-wise adds of slices are exact per lane in every tier, so this sum is the same bits every time.
 */
public final class LaneSum {

    private LaneSum() {}

    public static float of(FloatVector v) {
        for (int half = v.length() / 2; half >= 1; half /= 2) {
            v = v.add(v.slice(half));
        }
        return v.lane(0);
    }
}
