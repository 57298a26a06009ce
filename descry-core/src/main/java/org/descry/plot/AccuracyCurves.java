package org.descry.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Accuracy against the number of named clusters, one panel per attribute, with dashed reference lines where
 * known: the target, a baseline and a supervised classifier. It shows what naming more clusters buys and how far
 * the named clusters are from what full supervision reaches.
 *
 * @param title  the title; may be empty
 * @param width  picture width in pixels
 * @param height picture height in pixels
 */
public record AccuracyCurves(String title, int width, int height) {

    /**
     * One attribute's curve: accuracy at each k (increasing), and the reference figures (NaN where unknown).
     */
    public record Curve(String attribute, int[] ks, double[] accuracy, double target, double baseline,
                        double supervised) {
        public Curve {
            Objects.requireNonNull(attribute, "attribute");
            if (ks.length == 0 || ks.length != accuracy.length) {
                throw new IllegalArgumentException("one accuracy per k, at least one: " + ks.length + " ks, "
                        + accuracy.length + " values");
            }
        }
    }

    public AccuracyCurves {
        Objects.requireNonNull(title, "title");
        Figure.checkSize("width", width, 300);
        Figure.checkSize("height", height, 250);
    }

    /** 500 pixels wide per attribute (set when rendering), 480 high. */
    public static AccuracyCurves titled(String title) {
        return new AccuracyCurves(title, 500, 480);
    }

    /** Renders the panels side by side; the picture is {@code width} per curve wide. */
    public BufferedImage render(List<Curve> curves) {
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("curves must not be empty");
        }
        int w = width * curves.size();
        BufferedImage img = Figure.canvas(w, height);
        Graphics2D g = Figure.graphics(img);
        try {
            Figure.title(g, title, w);
            for (int s = 0; s < curves.size(); s++) {
                Curve c = curves.get(s);
                double[] xs = new double[c.ks().length];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = c.ks()[i];
                }
                double lo = Double.NaN;
                double hi = Double.NaN;
                for (double y : new double[] {c.target(), c.baseline(), c.supervised()}) {
                    if (Double.isFinite(y)) {
                        lo = Double.isNaN(lo) ? y : Math.min(lo, y);
                        hi = Double.isNaN(hi) ? y : Math.max(hi, y);
                    }
                }
                Rectangle area = new Rectangle(s * width + 70, Figure.TITLE_BAND + 32, width - 100,
                        height - Figure.TITLE_BAND - 32 - 55);
                double headroom = Double.isNaN(hi) ? 0 : 0.08 * Math.max(hi - lo, 0.05);
                Axes axes = LinePanel.draw(g, area, c.attribute(), xs, c.accuracy(), "named clusters", "accuracy",
                        Palette.categorical(s), true, lo, hi + headroom);
                mark(g, axes, c.target(), "target", Figure.MARK);
                mark(g, axes, c.baseline(), "scikit-learn k-means, 100 named", new Color(0x7F8C8D));
                mark(g, axes, c.supervised(), "supervised 10-NN", new Color(0x2471A3));
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void mark(Graphics2D g, Axes axes, double y, String label, Color colour) {
        if (Double.isFinite(y)) {
            LinePanel.markY(g, axes, y, String.format(java.util.Locale.ROOT, "%s %.2f", label, y), colour);
        }
    }

    public void writePng(Path png, List<Curve> curves) throws IOException {
        Png.write(render(curves), png);
    }
}
