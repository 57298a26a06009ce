package org.descry.describe;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A small convolutional network with fixed random filters: a generic descriptor (the stand-in for a
 * re-identification network such as OSNet) that mixes shape, texture and colour without knowing any task.
 *
 * <p>Random, untrained filters followed by a rectifier and pooling already give useful features: K. Jarrett,
 * K. Kavukcuoglu, M. Ranzato, Y. LeCun, "What is the best multi-stage architecture for object recognition?",
 * ICCV 2009, and A. Saxe et al., "On random weights and unsupervised feature learning", ICML 2011.
 *
 * <p>Architecture: the RGB image area-averaged to 48 x 32 and centred ({@code value - 0.5}); layer 1,
 * 12 filters of 3 x 3 x 3 with zero padding, ReLU, 2 x 2 max pooling (to 24 x 16); layer 2, 32 filters of
 * 3 x 3 x 12, ReLU; average pooling of every channel over a 2 x 4 grid (rows x columns); square root (power
 * normalisation, F. Perronnin, J. Sanchez, T. Mensink, ECCV 2010). Filters are Gaussian, each scaled to unit
 * L2 norm, drawn from {@link SplittableRandom} with the seed, so a seed always gives the same descriptor.
 * Layout: channel-major, {@code [channel][gridRow][gridColumn]}, 32 x 2 x 4 = 256 values.
 */
public final class RandConvDescriptor implements ImageDescriptor {

    /** The seed of the standard filter bank. */
    public static final long DEFAULT_SEED = 0x5EED_C0DEL;

    private static final int W = 48;
    private static final int H = 32;
    private static final int C0 = 3;
    private static final int C1 = 12;
    private static final int C2 = 32;
    private static final int GRID_ROWS = 2;
    private static final int GRID_COLS = 4;

    /** Weights as {@code [tap = (dy * 3 + dx) * inChannels + c][outChannel]}, so the inner loop runs over outputs. */
    private final float[] w1;
    private final float[] w2;

    public RandConvDescriptor() {
        this(DEFAULT_SEED);
    }

    public RandConvDescriptor(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        w1 = filters(rnd, C0, C1);
        w2 = filters(rnd, C1, C2);
    }

    private static float[] filters(SplittableRandom rnd, int in, int out) {
        int taps = 9 * in;
        float[] w = new float[taps * out];
        for (int k = 0; k < out; k++) {
            double ss = 0;
            for (int t = 0; t < taps; t++) {
                double v = rnd.nextGaussian();
                w[t * out + k] = (float) v;
                ss += v * v;
            }
            float inv = (float) (1 / Math.sqrt(ss));
            for (int t = 0; t < taps; t++) {
                w[t * out + k] *= inv;
            }
        }
        return w;
    }

    @Override
    public String name() {
        return "randconv";
    }

    @Override
    public int width() {
        return C2 * GRID_ROWS * GRID_COLS;
    }

    @Override
    public void describe(BufferedImage img, float[] out, int off) {
        int n = W * H;
        float[] planes = Pixels.rgbPlanes(img, W, H);
        float[] x0 = new float[n * C0];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < C0; c++) {
                x0[i * C0 + c] = planes[c * n + i] - 0.5f;
            }
        }
        float[] a1 = convRelu(x0, W, H, C0, w1, C1);
        int pw = W / 2;
        int ph = H / 2;
        float[] p1 = new float[pw * ph * C1];
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                int o = (y * pw + x) * C1;
                int i00 = ((2 * y) * W + 2 * x) * C1;
                int i10 = ((2 * y + 1) * W + 2 * x) * C1;
                for (int k = 0; k < C1; k++) {
                    p1[o + k] = Math.max(Math.max(a1[i00 + k], a1[i00 + C1 + k]),
                            Math.max(a1[i10 + k], a1[i10 + C1 + k]));
                }
            }
        }
        float[] a2 = convRelu(p1, pw, ph, C1, w2, C2);
        float[] pooled = new float[C2 * GRID_ROWS * GRID_COLS];
        int cellW = pw / GRID_COLS;
        int cellH = ph / GRID_ROWS;
        for (int y = 0; y < ph; y++) {
            int gy = y / cellH;
            for (int x = 0; x < pw; x++) {
                int g = gy * GRID_COLS + x / cellW;
                int i = (y * pw + x) * C2;
                for (int k = 0; k < C2; k++) {
                    pooled[k * GRID_ROWS * GRID_COLS + g] += a2[i + k];
                }
            }
        }
        float inv = 1f / (cellW * cellH);
        for (int j = 0; j < pooled.length; j++) {
            out[off + j] = (float) Math.sqrt(pooled[j] * inv);
        }
    }

    /** 3 x 3 "same" convolution with zero padding, channels last, then ReLU. */
    private static float[] convRelu(float[] in, int w, int h, int cin, float[] weights, int cout) {
        float[] out = new float[w * h * cout];
        float[] acc = new float[cout];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Arrays.fill(acc, 0f);
                for (int dy = 0; dy < 3; dy++) {
                    int sy = y + dy - 1;
                    if (sy < 0 || sy >= h) {
                        continue;
                    }
                    for (int dx = 0; dx < 3; dx++) {
                        int sx = x + dx - 1;
                        if (sx < 0 || sx >= w) {
                            continue;
                        }
                        int src = (sy * w + sx) * cin;
                        int tap = (dy * 3 + dx) * cin;
                        for (int c = 0; c < cin; c++) {
                            float v = in[src + c];
                            int wb = (tap + c) * cout;
                            for (int k = 0; k < cout; k++) {
                                acc[k] += v * weights[wb + k];
                            }
                        }
                    }
                }
                int o = (y * w + x) * cout;
                for (int k = 0; k < cout; k++) {
                    out[o + k] = Math.max(0f, acc[k]);
                }
            }
        }
        return out;
    }
}
