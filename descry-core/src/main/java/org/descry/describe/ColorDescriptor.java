package org.descry.describe;

import java.awt.image.BufferedImage;

/**
 * The colour of the object in the middle of the image (the stand-in for a vehicle-colour network such as
 * vdc_color): a hue/saturation/value histogram and summary colours, weighted towards the object.
 *
 * <p>Which pixels are the object: those that differ from their row's background ({@link ObjectWindow}).
 * Because an object can match its background (a grey car on grey asphalt), every pixel keeps a floor of 0.15, and the weight is multiplied by a centred Gaussian prior (sigma 0.3 of the width,
 * 0.35 of the height). The image is area-averaged to 48 x 32 first.
 *
 * <p>Layout (69 values): {@code [0, 48)} chromatic HSV bins, 12 hues (centred on 0, 30, ..., 330 degrees, each
 * pixel split linearly between the two nearest) x 2 saturations ({@code [0.25, 0.6)}, {@code [0.6, 1]}) x
 * 2 values ({@code [0.2, 0.6)}, {@code [0.6, 1]}), index {@code (hue * 2 + sat) * 2 + val}; {@code [48, 56)}
 * achromatic bins (saturation below 0.25 or value below 0.2) by value in eighths; the 56 bins sum to 1. Then
 * {@link #MEAN_RGB}, {@link #MEAN_LAB} (CIE L*a*b*, D65, divided by 100), {@link #STD_LAB}, {@link #DOMINANT_RGB}
 * (the weighted mean colour of the pixels in the heaviest bin: the body colour rather than a blend of body,
 * glass and tyres, as in the dominant-colour descriptor of MPEG-7) and {@link #FOREGROUND} (the mean foreground
 * weight before the prior: how much of the image differs from its background).
 */
public final class ColorDescriptor implements ImageDescriptor {

    public static final int HUES = 12;
    public static final int CHROMATIC_BINS = HUES * 4;
    public static final int GREY_BINS = 8;
    public static final int HISTOGRAM = CHROMATIC_BINS + GREY_BINS;
    /** Offset of the weighted mean R, G, B in [0, 1]. */
    public static final int MEAN_RGB = HISTOGRAM;
    /** Offset of the weighted mean L*, a*, b* (divided by 100). */
    public static final int MEAN_LAB = MEAN_RGB + 3;
    /** Offset of the weighted standard deviation of L*, a*, b* (divided by 100). */
    public static final int STD_LAB = MEAN_LAB + 3;
    /** Offset of the mean R, G, B in [0, 1] of the pixels of the heaviest histogram bin. */
    public static final int DOMINANT_RGB = STD_LAB + 3;
    /** Offset of the mean foreground weight. */
    public static final int FOREGROUND = DOMINANT_RGB + 3;
    public static final int WIDTH = FOREGROUND + 1;

    private static final int W = 48;
    private static final int H = 32;

    @Override
    public String name() {
        return "color";
    }

    @Override
    public int width() {
        return WIDTH;
    }

    @Override
    public void describe(BufferedImage img, float[] out, int off) {
        int n = W * H;
        float[] p = Pixels.rgbPlanes(img, W, H);
        float[] weight = new float[n];
        float fgSum = foregroundWeights(p, weight);

        int[] bin0 = new int[n];
        int[] bin1 = new int[n];
        float[] share1 = new float[n];
        float[] hist = new float[HISTOGRAM];
        double wSum = 0;
        double[] rgb = new double[3];
        double[] lab = new double[3];
        double[] lab2 = new double[3];
        float[] labPx = new float[3];
        for (int i = 0; i < n; i++) {
            float r = p[i];
            float g = p[n + i];
            float b = p[2 * n + i];
            binOf(r, g, b, bin0, bin1, share1, i);
            float wi = weight[i];
            hist[bin0[i]] += wi * (1f - share1[i]);
            hist[bin1[i]] += wi * share1[i];
            toLab(r, g, b, labPx);
            wSum += wi;
            rgb[0] += wi * r;
            rgb[1] += wi * g;
            rgb[2] += wi * b;
            for (int c = 0; c < 3; c++) {
                lab[c] += wi * labPx[c];
                lab2[c] += wi * labPx[c] * labPx[c];
            }
        }
        double inv = wSum > 0 ? 1 / wSum : 0;
        for (int k = 0; k < HISTOGRAM; k++) {
            out[off + k] = (float) (hist[k] * inv);
        }
        for (int c = 0; c < 3; c++) {
            double mean = lab[c] * inv;
            out[off + MEAN_RGB + c] = (float) (rgb[c] * inv);
            out[off + MEAN_LAB + c] = (float) (mean / 100);
            out[off + STD_LAB + c] = (float) (Math.sqrt(Math.max(0, lab2[c] * inv - mean * mean)) / 100);
        }
        int top = 0;
        for (int k = 1; k < HISTOGRAM; k++) {
            if (hist[k] > hist[top]) {
                top = k;
            }
        }
        double dSum = 0;
        double[] dom = new double[3];
        for (int i = 0; i < n; i++) {
            float share = (bin0[i] == top ? 1f - share1[i] : 0f) + (bin1[i] == top ? share1[i] : 0f);
            float wi = weight[i] * share;
            dSum += wi;
            dom[0] += wi * p[i];
            dom[1] += wi * p[n + i];
            dom[2] += wi * p[2 * n + i];
        }
        for (int c = 0; c < 3; c++) {
            out[off + DOMINANT_RGB + c] = dSum > 0 ? (float) (dom[c] / dSum) : out[off + MEAN_RGB + c];
        }
        out[off + FOREGROUND] = fgSum / n;
    }

    /** Fills {@code weight} (prior times foreground) and returns the sum of the bare foreground weights. */
    private static float foregroundWeights(float[] p, float[] weight) {
        float[] fg = ObjectWindow.foreground(p, W, H);
        float fgSum = 0f;
        float sx = 0.3f * W;
        float sy = 0.35f * H;
        for (int y = 0; y < H; y++) {
            float py = (y + 0.5f - H / 2f) / sy;
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                fgSum += fg[i];
                float px = (x + 0.5f - W / 2f) / sx;
                float prior = (float) Math.exp(-0.5f * (px * px + py * py));
                weight[i] = prior * (0.15f + 0.85f * fg[i]);
            }
        }
        return fgSum;
    }

    /** The one or two histogram bins of a pixel and the share of the second. */
    private static void binOf(float r, float g, float b, int[] bin0, int[] bin1, float[] share1, int i) {
        float max = Math.max(r, Math.max(g, b));
        float min = Math.min(r, Math.min(g, b));
        float chroma = max - min;
        float sat = max > 0f ? chroma / max : 0f;
        if (sat < 0.25f || max < 0.2f) {
            int v = Math.min(GREY_BINS - 1, (int) (max * GREY_BINS));
            bin0[i] = CHROMATIC_BINS + v;
            bin1[i] = CHROMATIC_BINS + v;
            share1[i] = 0f;
            return;
        }
        float hue;
        if (max == r) {
            hue = (g - b) / chroma;
        } else if (max == g) {
            hue = 2f + (b - r) / chroma;
        } else {
            hue = 4f + (r - g) / chroma;
        }
        float fh = (hue < 0f ? hue + 6f : hue) * (HUES / 6f);
        int h0 = (int) Math.floor(fh);
        float frac = fh - h0;
        int h1 = (h0 + 1) % HUES;
        h0 %= HUES;
        int sv = (sat >= 0.6f ? 2 : 0) + (max >= 0.6f ? 1 : 0);
        bin0[i] = h0 * 4 + sv;
        bin1[i] = h1 * 4 + sv;
        share1[i] = frac;
    }

    /** sRGB in [0, 1] to CIE L*a*b* under D65 (IEC 61966-2-1 and CIE 15). */
    static void toLab(float r, float g, float b, float[] lab) {
        double lr = linear(r);
        double lg = linear(g);
        double lb = linear(b);
        double x = (0.4124 * lr + 0.3576 * lg + 0.1805 * lb) / 0.95047;
        double y = 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
        double z = (0.0193 * lr + 0.1192 * lg + 0.9505 * lb) / 1.08883;
        double fx = labF(x);
        double fy = labF(y);
        double fz = labF(z);
        lab[0] = (float) (116 * fy - 16);
        lab[1] = (float) (500 * (fx - fy));
        lab[2] = (float) (200 * (fy - fz));
    }

    private static double linear(float c) {
        return c <= 0.04045f ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double labF(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }
}
