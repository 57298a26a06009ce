package org.descry.plot;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.descry.preprocess.PcaModel;

/**
 * The cumulative explained variance ratio of PCA components, with the target fraction as a dashed line and the
 * kept component count marked: how many components a variance target costs, and whether the curve has a knee.
 *
 * @param title  the title; may be empty
 * @param width  picture width in pixels
 * @param height picture height in pixels
 */
public record ExplainedVariancePlot(String title, int width, int height) {

    public ExplainedVariancePlot {
        Objects.requireNonNull(title, "title");
        Figure.checkSize("width", width, 400);
        Figure.checkSize("height", height, 300);
    }

    /** 1000 x 620. */
    public static ExplainedVariancePlot titled(String title) {
        return new ExplainedVariancePlot(title, 1000, 620);
    }

    /**
     * The curve of {@code ratios} (each component's explained variance ratio, in order, each in [0, 1]); a dashed
     * line at {@code target} unless it is NaN; the first {@code kept} components marked unless it is 0.
     */
    public BufferedImage render(double[] ratios, double target, int kept) {
        Objects.requireNonNull(ratios, "ratios");
        if (ratios.length == 0) {
            throw new IllegalArgumentException("ratios must not be empty");
        }
        double[] xs = new double[ratios.length];
        double[] cum = new double[ratios.length];
        double sum = 0;
        for (int i = 0; i < ratios.length; i++) {
            if (!(ratios[i] >= 0 && ratios[i] <= 1)) {
                throw new IllegalArgumentException("ratios[" + i + "] must be in [0, 1], got " + ratios[i]);
            }
            sum += ratios[i];
            xs[i] = i + 1;
            cum[i] = sum;
        }
        if (!Double.isNaN(target) && !(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("target must be in (0, 1] or NaN for none, got " + target);
        }
        if (kept < 0 || kept > ratios.length) {
            throw new IllegalArgumentException("kept must be in [0, " + ratios.length + "], got " + kept);
        }
        BufferedImage img = Figure.canvas(width, height);
        Graphics2D g = Figure.graphics(img);
        try {
            Figure.title(g, title, width);
            Rectangle area = new Rectangle(85, Figure.TITLE_BAND + 32, width - 115, height - Figure.TITLE_BAND - 32 - 60);
            double[] x = ratios.length == 1 ? new double[] {0, 1} : xs;
            double[] y = ratios.length == 1 ? new double[] {0, cum[0]} : cum;
            Axes axes = LinePanel.draw(g, area, String.format(Locale.ROOT,
                    "cumulative explained variance of %d components: %.1f%%", ratios.length, 100 * sum), x, y,
                    "components", "cumulative explained variance ratio", Palette.categorical(0), true, 0,
                    Math.max(1e-9, Double.isNaN(target) ? 0 : target));
            if (!Double.isNaN(target)) {
                LinePanel.markY(g, axes, target, String.format(Locale.ROOT, "target %.0f%%", 100 * target));
            }
            if (kept > 0) {
                LinePanel.markX(g, axes, kept, String.format(Locale.ROOT, "kept %d: %.1f%%", kept, 100 * cum[kept - 1]));
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The curve of a fitted PCA's components, marked at all of them; {@code target} as in {@link #render}. */
    public BufferedImage render(PcaModel pca, double target) {
        Objects.requireNonNull(pca, "pca");
        double[] r = pca.explainedVarianceRatio();
        return render(r, target, r.length);
    }

    public void writePng(Path png, double[] ratios, double target, int kept) throws IOException {
        Png.write(render(ratios, target, kept), png);
    }
}
