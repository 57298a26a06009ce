package org.descry.describe;

import java.util.Arrays;

/**
 * Where the object of an image is, so that a shape descriptor sees the object at a normalised position and
 * scale, as a vehicle-type network sees a detector's crop rather than the whole frame.
 *
 * <p>The box: the columns around the peak of the foreground mass per column, then, within those columns, the
 * rows around the peak of the mass per row (each grown while the mass stays at 20% of its peak or more), so
 * thin stray foreground such as lane markings or a treeline does not stretch it; then widened to the
 * requested aspect ratio and padded.
 *
 * <p>The foreground is what differs from the background, and a pixel counts as background when it resembles
 * the sides of the image on its row or the ground: the three candidate colours are the per-channel medians of
 * the three outermost pixels to its left and to its right, and of the bottom three rows of the image. That
 * suits road-camera scenes (sky, treeline and verge reach the sides, the road fills the bottom) and the common
 * photo of an object in front of a backdrop, and unlike a per-column candidate it does not mistake an object
 * that reaches the top edge for background. A pixel's weight rises smoothly from 0 to 1 as its RGB distance to
 * the nearest candidate goes from 0.08 to 0.25. When less than 2% of the image is foreground, the window is the whole image.
 */
final class ObjectWindow {

    static final int BORDER = 3;
    private static final float MIN_FOREGROUND = 0.02f;
    private static final float SPAN_LEVEL = 0.2f;

    private ObjectWindow() {}

    /**
     * Foreground weight of every pixel of RGB planes ({@code w x h} each, values in [0, 1]), row-major.
     */
    static float[] foreground(float[] p, int w, int h) {
        int n = w * h;
        float[] left = borderColours(p, w, h, false);
        float[] right = borderColours(p, w, h, true);
        float[] ground = groundColour(p, w, h);
        float[] fg = new float[n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float r = p[i];
                float g = p[n + i];
                float b = p[2 * n + i];
                float d = Math.min(Math.min(dist(r, g, b, left, y), dist(r, g, b, right, y)),
                        dist(r, g, b, ground, 0));
                float t = Math.clamp((d - 0.08f) / (0.25f - 0.08f), 0f, 1f);
                fg[i] = t * t * (3f - 2f * t);
            }
        }
        return fg;
    }

    /** The background colour of every row seen from one side: per-channel medians, {@code [row * 3 + channel]}. */
    private static float[] borderColours(float[] p, int w, int h, boolean far) {
        int n = w * h;
        int depth = Math.min(BORDER, w);
        float[] sample = new float[depth];
        float[] out = new float[h * 3];
        for (int y = 0; y < h; y++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < depth; k++) {
                    sample[k] = p[c * n + y * w + (far ? w - 1 - k : k)];
                }
                Arrays.sort(sample);
                out[y * 3 + c] = sample[depth / 2];
            }
        }
        return out;
    }

    /** The per-channel median of the bottom rows: the ground the object stands on. */
    private static float[] groundColour(float[] p, int w, int h) {
        int n = w * h;
        int rows = Math.min(BORDER, h);
        float[] sample = new float[rows * w];
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(p, c * n + (h - rows) * w, sample, 0, rows * w);
            Arrays.sort(sample);
            out[c] = sample[sample.length / 2];
        }
        return out;
    }

    private static float dist(float r, float g, float b, float[] bg, int line) {
        float dr = r - bg[line * 3];
        float dg = g - bg[line * 3 + 1];
        float db = b - bg[line * 3 + 2];
        return (float) Math.sqrt(dr * dr + dg * dg + db * db);
    }

    /**
     * The window {@code {x0, y0, x1, y1}} (fractions of the image width and height, may reach past the image)
     * around the object in the foreground map {@code fg} ({@code w x h}), widened or heightened to
     * {@code aspect = width / height} in grid pixels and padded by {@code pad} of its size on every side.
     */
    static double[] find(float[] fg, int w, int h, double aspect, double pad) {
        int[] b = box(fg, w, h);
        if (b == null) {
            return new double[] {0, 0, 1, 1};
        }
        int[] xs = {b[0], b[2]};
        int[] ys = {b[1], b[3]};
        double bw = xs[1] - xs[0];
        double bh = ys[1] - ys[0];
        if (bw / bh < aspect) {
            bw = bh * aspect;
        } else {
            bh = bw / aspect;
        }
        bw *= 1 + 2 * pad;
        bh *= 1 + 2 * pad;
        double cx = (xs[0] + xs[1]) / 2.0;
        double cy = (ys[0] + ys[1]) / 2.0;
        return new double[] {(cx - bw / 2) / w, (cy - bh / 2) / h, (cx + bw / 2) / w, (cy + bh / 2) / h};
    }

    /**
     * The object's box {@code {x0, y0, x1, y1}} in grid pixels (ends exclusive), tight, or null when less than
     * 2% of the image is foreground.
     */
    static int[] box(float[] fg, int w, int h) {
        float total = 0f;
        float[] colMass = new float[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                colMass[x] += fg[y * w + x];
            }
        }
        for (float v : colMass) {
            total += v;
        }
        if (total < MIN_FOREGROUND * w * h) {
            return null;
        }
        int[] xs = span(colMass);
        float[] rowMass = new float[h];
        for (int y = 0; y < h; y++) {
            for (int x = xs[0]; x < xs[1]; x++) {
                rowMass[y] += fg[y * w + x];
            }
        }
        int[] ys = span(rowMass);
        return new int[] {xs[0], ys[0], xs[1], ys[1]};
    }

    /**
     * {@code [from, to)} around the peak of a mass profile (smoothed over 3 cells), grown while the profile stays
     * at or above {@value #SPAN_LEVEL} of the peak, bridging gaps of up to two cells.
     */
    private static int[] span(float[] mass) {
        int n = mass.length;
        float[] s = new float[n];
        int peak = 0;
        for (int i = 0; i < n; i++) {
            s[i] = (mass[Math.max(0, i - 1)] + mass[i] + mass[Math.min(n - 1, i + 1)]) / 3f;
            if (s[i] > s[peak]) {
                peak = i;
            }
        }
        float level = SPAN_LEVEL * s[peak];
        int lo = peak;
        while (lo > 0 && aboveWithin(s, lo - 1, -1, level)) {
            lo--;
        }
        int hi = peak;
        while (hi < n - 1 && aboveWithin(s, hi + 1, 1, level)) {
            hi++;
        }
        return new int[] {lo, hi + 1};
    }

    private static boolean aboveWithin(float[] s, int from, int dir, float level) {
        for (int k = 0; k < 3; k++) {
            int i = from + dir * k;
            if (i >= 0 && i < s.length && s[i] >= level) {
                return true;
            }
        }
        return false;
    }
}
