package org.descry.describe;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The colour of the object in the middle of the image (the stand-in for a vehicle-colour network such as
 * vdc_color): a hue/saturation/value histogram and summary colours, weighted towards the object.
 *
 * <p>Which pixels are the object: those inside the object's box ({@link ObjectWindow}), weighted by how much they
 * differ from the background, with a floor of 0.1 because an object can match its background (a grey car on
 * grey asphalt). Without a clear object, every pixel counts, weighted by a centred Gaussian (sigma 0.3 of the
 * width, 0.35 of the height). The image is area-averaged to 48 x 32 first.
 *
 * <p>Layout (69 values): {@code [0, 48)} chromatic HSV bins, 12 hues (centred on 0, 30, ..., 330 degrees, each
 * pixel split linearly between the two nearest) x 2 saturations ({@code [0.25, 0.6)}, {@code [0.6, 1]}) x
 * 2 values ({@code [0.2, 0.6)}, {@code [0.6, 1]}), index {@code (hue * 2 + sat) * 2 + val}; {@code [48, 56)}
 * achromatic bins (saturation below 0.25 or value below 0.2) by value in eighths; the 56 bins sum to 1. Then
 * {@link #MEAN_RGB}, {@link #MEAN_LAB} (CIE L*a*b*, D65, divided by 100), {@link #STD_LAB}, {@link #DOMINANT_RGB}
 * (the colour of the heaviest mode of the object's colours: the body colour rather than a blend of body,
 * glass and tyres, in the spirit of the dominant-colour descriptor of MPEG-7) and {@link #FOREGROUND} (the mean foreground
 * weight over the whole image: how much of it differs from its background).
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
    private static final float FLOOR = 0.1f;
    private static final double MODE_RADIUS = 18;
    private static final int MODE_STARTS = 4;

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
        float[] labAll = new float[3 * n];
        for (int i = 0; i < n; i++) {
            float r = p[i];
            float g = p[n + i];
            float b = p[2 * n + i];
            binOf(r, g, b, bin0, bin1, share1, i);
            float wi = weight[i];
            hist[bin0[i]] += wi * (1f - share1[i]);
            hist[bin1[i]] += wi * share1[i];
            toLab(r, g, b, labPx);
            System.arraycopy(labPx, 0, labAll, 3 * i, 3);
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
        dominant(p, labAll, weight, hist, bin0, bin1, share1, out, off + DOMINANT_RGB);
        out[off + FOREGROUND] = fgSum / n;
    }

    /**
     * The colour of the heaviest mode of the weighted L*a*b* distribution, found by mean shift (D. Comaniciu,
     * P. Meer, "Mean shift: a robust approach toward feature space analysis", PAMI 2002) with a flat kernel of
     * radius {@value #MODE_RADIUS} from the mean colours of the {@value #MODE_STARTS} heaviest histogram bins.
     * A mode that is dark and neutral (L* below 30, chroma below 12) counts half: every vehicle has dark
     * glass, tyres and shadow, while a black one is dark nearly all over. Writes the mode's mean R, G, B.
     */
    private static void dominant(float[] p, float[] lab, float[] weight, float[] hist, int[] bin0, int[] bin1,
                                 float[] share1, float[] out, int at) {
        int n = W * H;
        int[] tops = new int[MODE_STARTS];
        Arrays.fill(tops, -1);
        for (int k = 0; k < HISTOGRAM; k++) {
            for (int t = 0; t < MODE_STARTS; t++) {
                if (tops[t] < 0 || hist[k] > hist[tops[t]]) {
                    System.arraycopy(tops, t, tops, t + 1, MODE_STARTS - 1 - t);
                    tops[t] = k;
                    break;
                }
            }
        }
        double best = -1;
        double[] centre = new double[3];
        double[] bestCentre = new double[3];
        for (int top : tops) {
            if (top < 0 || hist[top] <= 0) {
                continue;
            }
            double sw = 0;
            Arrays.fill(centre, 0);
            for (int i = 0; i < n; i++) {
                float share = (bin0[i] == top ? 1f - share1[i] : 0f) + (bin1[i] == top ? share1[i] : 0f);
                double wi = weight[i] * share;
                sw += wi;
                for (int c = 0; c < 3; c++) {
                    centre[c] += wi * lab[3 * i + c];
                }
            }
            for (int c = 0; c < 3; c++) {
                centre[c] /= sw;
            }
            double mass = 0;
            for (int iter = 0; iter < 8; iter++) {
                double[] next = new double[3];
                mass = 0;
                for (int i = 0; i < n; i++) {
                    if (weight[i] > 0 && within(lab, i, centre)) {
                        mass += weight[i];
                        for (int c = 0; c < 3; c++) {
                            next[c] += weight[i] * lab[3 * i + c];
                        }
                    }
                }
                if (mass == 0) {
                    break;
                }
                for (int c = 0; c < 3; c++) {
                    centre[c] = next[c] / mass;
                }
            }
            boolean darkNeutral = centre[0] < 30 && Math.hypot(centre[1], centre[2]) < 12;
            double score = darkNeutral ? mass / 2 : mass;
            if (score > best) {
                best = score;
                System.arraycopy(centre, 0, bestCentre, 0, 3);
            }
        }
        double mass = 0;
        double[] rgb = new double[3];
        for (int i = 0; i < n; i++) {
            if (weight[i] > 0 && within(lab, i, bestCentre)) {
                mass += weight[i];
                for (int c = 0; c < 3; c++) {
                    rgb[c] += weight[i] * p[c * n + i];
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            out[at + c] = mass > 0 ? (float) (rgb[c] / mass) : 0f;
        }
    }

    private static boolean within(float[] lab, int i, double[] centre) {
        double dl = lab[3 * i] - centre[0];
        double da = lab[3 * i + 1] - centre[1];
        double db = lab[3 * i + 2] - centre[2];
        return dl * dl + da * da + db * db <= MODE_RADIUS * MODE_RADIUS;
    }

    /** Fills {@code weight} and returns the sum of the bare foreground weights. */
    private static float foregroundWeights(float[] p, float[] weight) {
        float[] fg = ObjectWindow.foreground(p, W, H);
        int[] box = ObjectWindow.box(fg, W, H);
        float fgSum = 0f;
        for (int y = 0; y < H; y++) {
            float py = (y + 0.5f - H / 2f) / (0.35f * H);
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                fgSum += fg[i];
                float w = FLOOR + (1f - FLOOR) * fg[i];
                if (box != null) {
                    weight[i] = x >= box[0] && x < box[2] && y >= box[1] && y < box[3] ? w : 0f;
                } else {
                    float px = (x + 0.5f - W / 2f) / (0.3f * W);
                    weight[i] = w * (float) Math.exp(-0.5f * (px * px + py * py));
                }
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
