package org.descry.describe;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Resampling shared by the descriptors: every descriptor works on a small fixed grid, so each image is first
 * area-averaged (a box filter with fractional pixel coverage) to that grid. Area averaging is the anti-aliased
 * downscale: every source pixel contributes by the fraction of it an output pixel covers, so thin lines and
 * noise average out instead of aliasing.
 */
final class Pixels {

    private Pixels() {}

    /**
     * The image area-averaged to {@code outW x outH}, as three planes {@code R, G, B} (each {@code outW * outH},
     * row-major) with values in [0, 1].
     */
    static float[] rgbPlanes(BufferedImage img, int outW, int outH) {
        return rgbPlanes(img, outW, outH, 0, 0, 1, 1);
    }

    /**
     * The window {@code [fx0, fx1) x [fy0, fy1)} of the image (fractions of its width and height; parts outside
     * the image repeat its edge pixels) area-averaged to {@code outW x outH}, as {@link #rgbPlanes(BufferedImage,
     * int, int)}.
     */
    static float[] rgbPlanes(BufferedImage img, int outW, int outH, double fx0, double fy0, double fx1, double fy1) {
        Objects.requireNonNull(img, "img");
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        int n = w * h;
        float[] src = new float[3 * n];
        for (int i = 0; i < n; i++) {
            int p = argb[i];
            src[i] = ((p >>> 16) & 0xff) * (1f / 255f);
            src[n + i] = ((p >>> 8) & 0xff) * (1f / 255f);
            src[2 * n + i] = (p & 0xff) * (1f / 255f);
        }
        Axis ax = new Axis(w, outW, fx0 * w, fx1 * w);
        Axis ay = new Axis(h, outH, fy0 * h, fy1 * h);
        float[] rows = new float[h * outW];
        float[] out = new float[3 * outW * outH];
        for (int c = 0; c < 3; c++) {
            int base = c * n;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < outW; x++) {
                    float s = 0f;
                    int k0 = x * ax.span;
                    for (int k = 0; k < ax.count[x]; k++) {
                        s += ax.weight[k0 + k] * src[base + y * w + ax.index[k0 + k]];
                    }
                    rows[y * outW + x] = s;
                }
            }
            int obase = c * outW * outH;
            for (int y = 0; y < outH; y++) {
                int k0 = y * ay.span;
                for (int x = 0; x < outW; x++) {
                    float s = 0f;
                    for (int k = 0; k < ay.count[y]; k++) {
                        s += ay.weight[k0 + k] * rows[ay.index[k0 + k] * outW + x];
                    }
                    out[obase + y * outW + x] = s;
                }
            }
        }
        return out;
    }

    /** Rec. 601 luma of planes from {@link #rgbPlanes}, values in [0, 1]. */
    static float[] luma(float[] planes, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = 0.299f * planes[i] + 0.587f * planes[n + i] + 0.114f * planes[2 * n + i];
        }
        return g;
    }

    /**
     * Box-filter weights of one axis: output {@code o} averages source pixels {@code index[o * span + k]} for
     * {@code k < count[o]}; the window {@code [s0, s1)} may reach past {@code [0, in)}, whose edge pixels then
     * repeat.
     */
    private static final class Axis {
        final int[] index;
        final int[] count;
        final float[] weight;
        final int span;

        Axis(int in, int out, double s0, double s1) {
            double scale = (s1 - s0) / out;
            span = (int) Math.ceil(scale) + 2;
            index = new int[out * span];
            count = new int[out];
            weight = new float[out * span];
            for (int o = 0; o < out; o++) {
                double lo = s0 + o * scale;
                double hi = lo + scale;
                int i0 = (int) Math.floor(lo);
                int i1 = (int) Math.ceil(hi);
                double total = 0;
                for (int i = i0; i < i1; i++) {
                    double cover = Math.min(hi, i + 1) - Math.max(lo, i);
                    index[o * span + i - i0] = Math.clamp(i, 0, in - 1);
                    weight[o * span + i - i0] = (float) cover;
                    total += cover;
                }
                for (int i = i0; i < i1; i++) {
                    weight[o * span + i - i0] /= (float) total;
                }
                count[o] = i1 - i0;
            }
        }
    }
}
