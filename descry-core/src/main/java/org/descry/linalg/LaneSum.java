package org.descry.linalg;

import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

/**
 * The sum of a vector's lanes in a fixed order. {@code reduceLanes(ADD)} leaves the order open, and the
 * JIT-compiled and the interpreted reduction round differently, so a result would depend on when C2 compiled the
 * caller; these sums are the same bits every time.
 */
public final class LaneSum {

    /** Lane rotations by {@code L/2, L/4, ..., 1} of the preferred species, for {@link #tree}. */
    private static final List<VectorShuffle<Float>> HALVES = halves();

    private LaneSum() {}

    /** The lanes added in lane order, one after the other. */
    public static float of(FloatVector v) {
        float[] lanes = v.toArray();
        float s = 0f;
        for (float x : lanes) {
            s += x;
        }
        return s;
    }

    /**
     * The lanes of a vector of the preferred species ({@code MicroKernel.SPECIES}) added as a tree: lane
     * {@code l} plus lane {@code l + L/2}, those sums pairwise again, down to one, which is lane 0 after adding
     * the vector rotated by {@code L/2, L/4, ..., 1} to itself. {@code log2 L} vector adds, where {@link #of}
     * stores the vector and runs a chain of {@code L} scalar adds.
     */
    static float tree(FloatVector v) {
        for (VectorShuffle<Float> half : HALVES) {
            v = v.add(v.rearrange(half));
        }
        return v.lane(0);
    }

    /** {@link #tree} on lanes {@code [0, L)} of {@code lanes}, which it overwrites: the same bits by scalars. */
    static float tree(float[] lanes) {
        for (int w = MicroKernel.L / 2; w > 0; w /= 2) {
            for (int l = 0; l < w; l++) {
                lanes[l] += lanes[l + w];
            }
        }
        return lanes[0];
    }

    private static List<VectorShuffle<Float>> halves() {
        List<VectorShuffle<Float>> out = new ArrayList<>();
        for (int w = MicroKernel.L / 2; w > 0; w /= 2) {
            int shift = w;
            out.add(VectorShuffle.fromOp(MicroKernel.SPECIES, l -> (l + shift) % MicroKernel.L));
        }
        return List.copyOf(out);
    }
}
