package org.descry.linalg;

import jdk.incubator.vector.FloatVector;

/**
 * The sum of a vector's lanes in lane order. {@code reduceLanes(ADD)} leaves the order open, and the JIT-compiled
 * and the interpreted reduction round differently, so a result would depend on when C2 compiled the caller;
 * this sum is the same bits every time.
 */
public final class LaneSum {

    private LaneSum() {}

    public static float of(FloatVector v) {
        float[] lanes = v.toArray();
        float s = 0f;
        for (float x : lanes) {
            s += x;
        }
        return s;
    }
}
