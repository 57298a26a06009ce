package org.descry.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/**
 * Draws a {@link Scene} with Java2D: the road, then the vehicle seen straight from the front or the rear, then
 * the camera: exposure and colour cast, sensor noise, and for bad images glare, blur or damage.
 *
 * <p>Scenes are designed in a 96 x 64 space and scaled to the requested size. Vehicles are drawn in vehicle
 * units (y up, origin at the middle of the ground line): each body type has its own outline (the height, the
 * taper of the glasshouse, the clearance) and the view decides the details, so a person sees type, view and
 * colour at a glance: the front has white headlights, a dark grille and a large windscreen, the rear red tail
 * lights, a smaller rear window and the number plate higher up. Rendering is deterministic: everything random
 * comes from the scene's seed.
 */
final class SceneRenderer {

    static final double DESIGN_W = 96;
    static final double DESIGN_H = 64;

    private static final int TYRE = 0x18181A;
    private static final int GRILLE = 0x1E1E22;
    private static final int CHROME = 0x9A9CA0;
    private static final int PLASTIC = 0x2E2E32;
    private static final int HEADLIGHT = 0xFAF8EA;
    private static final int TAIL = 0xC8141A;
    private static final int TAIL_BRIGHT = 0xFA4638;
    private static final int PLATE = 0xEBEBE4;
    private static final int GLASS = 0x26303C;

    private SceneRenderer() {}

    /** The scene as a {@code width x height} RGB image. */
    static BufferedImage render(Scene s, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rnd = new SplittableRandom(s.seed());
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(width / DESIGN_W, height / DESIGN_H);
            drawBackground(g, s.background());
            if (s.hasVehicle()) {
                drawVehicle(g, s);
            }
            if (s.outlier() == OutlierKind.FOREIGN) {
                drawForeign(g, s, rnd);
            }
        } finally {
            g.dispose();
        }
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        double exposure = s.outlier() == OutlierKind.DARK ? 0.07 + 0.08 * rnd.nextDouble() : s.brightness();
        expose(px, exposure, s.tintR(), s.tintB());
        if (s.outlier() == OutlierKind.GLARE) {
            drawGlare(img, s, rnd);
        }
        if (s.outlier() == OutlierKind.BLUR) {
            int r = (int) Math.round((4 + 3 * rnd.nextDouble()) * width / DESIGN_W);
            for (int pass = 0; pass < 3; pass++) {
                boxBlur(px, width, height, r, true);
                boxBlur(px, width, height, Math.max(1, r / 2), false);
            }
        }
        addNoise(px, s.noise(), rnd);
        if (s.outlier() == OutlierKind.SCRAMBLED) {
            scramble(px, width, height, rnd);
        }
        return img;
    }

    // ---------------------------------------------------------------- road

    private static void drawBackground(Graphics2D g, Background b) {
        double hz = b.horizon();
        g.setPaint(new GradientPaint(0, 0, rgb(b.skyTop()), 0, (float) hz, rgb(b.skyBottom())));
        g.fill(new Rectangle2D.Double(0, 0, DESIGN_W, hz + 1));
        g.setPaint(new GradientPaint(0, (float) hz, rgb(shade(b.verge(), 0.85)), 0, (float) DESIGN_H, rgb(b.verge())));
        g.fill(new Rectangle2D.Double(0, hz, DESIGN_W, DESIGN_H - hz));
        if (b.treeline()) {
            SplittableRandom r = new SplittableRandom(b.detailSeed());
            g.setColor(rgb(shade(b.verge(), 0.45)));
            for (double x = -4; x < DESIGN_W + 4; x += 2 + 4 * r.nextDouble()) {
                double tw = 4 + 6 * r.nextDouble();
                double th = 2 + 5 * r.nextDouble();
                g.fill(new Ellipse2D.Double(x, hz - th, tw, th * 1.6));
            }
        }
        double vx = b.vanishX();
        double bottomHalf = b.roadHalfWidth();
        Path2D.Double road = new Path2D.Double();
        road.moveTo(vx - 1.5, hz);
        road.lineTo(vx + 1.5, hz);
        road.lineTo(vx + bottomHalf, DESIGN_H);
        road.lineTo(vx - bottomHalf, DESIGN_H);
        road.closePath();
        g.setPaint(new GradientPaint(0, (float) hz, rgb(shade(b.road(), 1.12)), 0, (float) DESIGN_H, rgb(b.road())));
        g.fill(road);
        Color paint = new Color(0xDCDCD6);
        g.setColor(paint);
        for (int k = 0; k <= b.lanes(); k++) {
            double at = -1 + 2.0 * k / b.lanes();
            boolean edge = k == 0 || k == b.lanes();
            double edgeInset = edge ? (at < 0 ? 0.06 : -0.06) : 0;
            marking(g, vx, hz, bottomHalf * (at + edgeInset), edge, b.dashPhase());
        }
    }

    /** A lane line from the vanishing point to {@code bottomOffset} at the image bottom; dashes shrink with depth. */
    private static void marking(Graphics2D g, double vx, double hz, double bottomOffset, boolean solid, double phase) {
        double depth = DESIGN_H - hz;
        double step = 0.05;
        for (double t = 0.02 + (solid ? 0 : phase * 2 * step); t < 1.0; t += solid ? step : 2 * step) {
            double t1 = Math.min(1.0, t + step);
            double y0 = hz + depth * t * t;
            double y1 = hz + depth * t1 * t1;
            double w0 = 0.15 + 1.1 * t * t;
            double w1 = 0.15 + 1.1 * t1 * t1;
            double x0 = vx + bottomOffset * t * t;
            double x1 = vx + bottomOffset * t1 * t1;
            Path2D.Double p = new Path2D.Double();
            p.moveTo(x0 - w0 / 2, y0);
            p.lineTo(x0 + w0 / 2, y0);
            p.lineTo(x1 + w1 / 2, y1);
            p.lineTo(x1 - w1 / 2, y1);
            p.closePath();
            g.fill(p);
        }
    }

    // ---------------------------------------------------------------- vehicles

    private static void drawVehicle(Graphics2D g, Scene s) {
        AffineTransform saved = g.getTransform();
        double u = s.unit();
        double halfWidth = halfWidth(s.type());
        g.setColor(new Color(0, 0, 0, 110));
        g.fill(new Ellipse2D.Double(s.cx() - (halfWidth + 0.08) * u, s.baseY() - 0.07 * u,
                2 * (halfWidth + 0.08) * u, 0.14 * u));
        g.translate(s.cx(), s.baseY());
        g.scale(u, -u);
        g.setStroke(new BasicStroke(0.02f));
        Body body = new Body(g, s.paint(), s.background().skyBottom());
        boolean front = s.view() == View.FRONT;
        switch (s.type()) {
            case SEDAN -> car(body, front, 0.50, 0.09, 0.40, 0.70, 0.43, 0.29, false);
            case HATCHBACK -> car(body, front, 0.45, 0.09, 0.43, 0.82, 0.41, 0.34, false);
            case SUV -> car(body, front, 0.52, 0.17, 0.58, 1.02, 0.48, 0.43, true);
            case PICKUP -> {
                if (front) {
                    car(body, true, 0.54, 0.18, 0.60, 0.98, 0.48, 0.38, true);
                } else {
                    pickupRear(body);
                }
            }
            case VAN -> van(body, front);
            case BUS -> bus(body, front);
            case TRUCK -> truck(body, front);
        }
        g.setTransform(saved);
    }

    /** Half the width of a body type in vehicle units, for the shadow and for placing it in the frame. */
    static double halfWidth(BodyType t) {
        return switch (t) {
            case SEDAN -> 0.50;
            case HATCHBACK -> 0.45;
            case SUV -> 0.52;
            case PICKUP -> 0.54;
            case VAN -> 0.52;
            case BUS -> 0.66;
            case TRUCK -> 0.64;
        };
    }

    /** The height of a body type in vehicle units, for placing it in the frame. */
    static double height(BodyType t) {
        return switch (t) {
            case SEDAN -> 0.70;
            case HATCHBACK -> 0.82;
            case SUV -> 1.04;
            case PICKUP -> 0.98;
            case VAN -> 1.20;
            case BUS -> 1.55;
            case TRUCK -> 1.62;
        };
    }

    /** Sedan, hatchback, SUV and the front of a pickup: a lower body with a tapered glasshouse on top. */
    private static void car(Body b, boolean front, double hw, double cl, double belt, double roof, double gb,
                            double gt, boolean rugged) {
        double tyreW = rugged ? 0.19 : 0.16;
        b.fill(TYRE, rect(-hw + 0.02, 0, -hw + 0.02 + tyreW, cl + 0.12));
        b.fill(TYRE, rect(hw - 0.02 - tyreW, 0, hw - 0.02, cl + 0.12));
        b.fill(shade(b.paint, 0.8), rect(-hw - 0.07, belt - 0.02, -hw + 0.02, belt + 0.07));
        b.fill(shade(b.paint, 0.8), rect(hw - 0.02, belt - 0.02, hw + 0.07, belt + 0.07));
        b.fill(shade(b.paint, 1.05), trapezoid(gb + 0.03, belt - 0.02, gt, roof));
        if (roof > 1.0) {
            b.fill(PLASTIC, rect(-gt + 0.02, roof, -gt + 0.07, roof + 0.03));
            b.fill(PLASTIC, rect(gt - 0.07, roof, gt - 0.02, roof + 0.03));
        }
        b.body(new RoundRectangle2D.Double(-hw, cl, 2 * hw, belt - cl, 0.12, 0.12), belt, cl);
        b.fill(shade(b.paint, 1.18), rect(-hw + 0.03, belt - 0.03, hw - 0.03, belt - 0.01));
        b.fill(rugged ? PLASTIC : shade(b.paint, 0.7), rect(-hw, cl, hw, cl + 0.1));
        if (front) {
            b.glass(trapezoid(gb - 0.03, belt + 0.02, gt - 0.03, roof - 0.04), true);
            double lightTop = belt - 0.05;
            double lightLow = belt - (rugged ? 0.17 : 0.14);
            b.fill(0x5A5A5A, trapezoid2(-hw + 0.03, -hw + 0.27, lightLow - 0.01, -hw + 0.03, -hw + 0.25, lightTop + 0.01));
            b.fill(0x5A5A5A, trapezoid2(hw - 0.27, hw - 0.03, lightLow - 0.01, hw - 0.25, hw - 0.03, lightTop + 0.01));
            b.fill(HEADLIGHT, trapezoid2(-hw + 0.05, -hw + 0.25, lightLow, -hw + 0.05, -hw + 0.23, lightTop));
            b.fill(HEADLIGHT, trapezoid2(hw - 0.25, hw - 0.05, lightLow, hw - 0.23, hw - 0.05, lightTop));
            double gx = hw - (rugged ? 0.27 : 0.29);
            double gTop = belt - (rugged ? 0.04 : 0.07);
            b.fill(GRILLE, rect(-gx, cl + 0.12, gx, gTop));
            int bars = rugged ? 4 : 2;
            for (int i = 1; i <= bars; i++) {
                double y = cl + 0.12 + (gTop - cl - 0.12) * i / (bars + 1);
                b.fill(CHROME, rect(-gx, y - 0.012, gx, y + 0.012));
            }
            plate(b, cl + 0.015);
        } else {
            boolean sedan = !rugged && roof < 0.75;
            b.glass(trapezoid(gb - (sedan ? 0.08 : 0.05), belt + (sedan ? 0.07 : 0.04), gt - 0.05, roof - 0.05), false);
            if (!sedan) {
                b.fill(PLASTIC, new Line2D.Double(0.02, belt + 0.08, gb - 0.12, belt + 0.17));
            }
            b.fill(shade(b.paint, 0.75), rect(-hw + 0.04, belt - 0.12, hw - 0.04, belt - 0.11));
            b.fill(TAIL, rect(-hw + 0.02, belt - 0.17, -hw + 0.2, belt - 0.03));
            b.fill(TAIL, rect(hw - 0.2, belt - 0.17, hw - 0.02, belt - 0.03));
            b.fill(TAIL_BRIGHT, rect(-hw + 0.05, belt - 0.13, -hw + 0.12, belt - 0.07));
            b.fill(TAIL_BRIGHT, rect(hw - 0.12, belt - 0.13, hw - 0.05, belt - 0.07));
            if (rugged) {
                double r = 0.13;
                double cy = (cl + 0.1 + belt - 0.12) / 2;
                b.fill(TYRE, new Ellipse2D.Double(-r, cy - r, 2 * r, 2 * r));
                b.fill(0x55575A, new Ellipse2D.Double(-r / 2, cy - r / 2, r, r));
                plate(b, cl + 0.015);
            } else {
                plate(b, cl + 0.12);
            }
            b.fill(PLASTIC, rect(hw - 0.32, cl - 0.02, hw - 0.24, cl + 0.02));
        }
    }

    private static void pickupRear(Body b) {
        double hw = 0.54;
        double cl = 0.18;
        b.fill(TYRE, rect(-hw + 0.02, 0, -hw + 0.21, cl + 0.12));
        b.fill(TYRE, rect(hw - 0.21, 0, hw - 0.02, cl + 0.12));
        b.fill(shade(b.paint, 0.88), trapezoid(0.44, 0.56, 0.38, 0.97));
        b.glass(rect(-0.25, 0.72, 0.25, 0.89), false);
        b.fill(0x2A2A2C, rect(-hw + 0.03, 0.54, hw - 0.03, 0.62));
        b.body(new RoundRectangle2D.Double(-hw, cl, 2 * hw, 0.56 - cl, 0.06, 0.06), 0.56, cl);
        b.fill(shade(b.paint, 1.2), rect(-hw, 0.54, hw, 0.57));
        b.fill(0x2A2A2C, rect(-0.07, 0.47, 0.07, 0.51));
        b.fill(TAIL, rect(-hw, 0.26, -hw + 0.08, 0.52));
        b.fill(TAIL, rect(hw - 0.08, 0.26, hw, 0.52));
        b.fill(CHROME, rect(-hw, cl, hw, cl + 0.09));
        plate(b, cl + 0.01);
    }

    private static void van(Body b, boolean front) {
        double hw = 0.52;
        double cl = 0.11;
        double roof = 1.20;
        b.fill(TYRE, rect(-hw + 0.03, 0, -hw + 0.19, cl + 0.12));
        b.fill(TYRE, rect(hw - 0.19, 0, hw - 0.03, cl + 0.12));
        b.fill(shade(b.paint, 0.8), rect(-hw - 0.07, 0.62, -hw + 0.02, 0.76));
        b.fill(shade(b.paint, 0.8), rect(hw - 0.02, 0.62, hw + 0.07, 0.76));
        b.body(new RoundRectangle2D.Double(-hw, cl, 2 * hw, roof - cl, 0.16, 0.16), roof, cl);
        b.fill(shade(b.paint, 0.7), rect(-hw, cl, hw, cl + 0.09));
        if (front) {
            b.glass(trapezoid(hw - 0.05, 0.56, hw - 0.1, roof - 0.07), true);
            b.fill(HEADLIGHT, rect(-hw + 0.04, 0.34, -hw + 0.2, 0.46));
            b.fill(HEADLIGHT, rect(hw - 0.2, 0.34, hw - 0.04, 0.46));
            b.fill(GRILLE, rect(-0.26, 0.25, 0.26, 0.45));
            b.fill(CHROME, rect(-0.26, 0.34, 0.26, 0.36));
            plate(b, cl + 0.01);
        } else {
            b.glass(rect(-hw + 0.08, 0.7, -0.04, roof - 0.1), false);
            b.glass(rect(0.04, 0.7, hw - 0.08, roof - 0.1), false);
            b.fill(0x202022, rect(-0.01, cl + 0.1, 0.01, roof - 0.04));
            b.fill(0x3A3A3C, rect(-0.1, 0.5, -0.03, 0.53));
            b.fill(TAIL, rect(-hw, 0.24, -hw + 0.07, 0.6));
            b.fill(TAIL, rect(hw - 0.07, 0.24, hw, 0.6));
            plate(b, 0.2);
        }
    }

    private static void bus(Body b, boolean front) {
        double hw = 0.66;
        double cl = 0.10;
        double roof = 1.55;
        b.fill(TYRE, rect(-hw + 0.05, 0, -hw + 0.22, cl + 0.1));
        b.fill(TYRE, rect(hw - 0.22, 0, hw - 0.05, cl + 0.1));
        b.body(new RoundRectangle2D.Double(-hw, cl, 2 * hw, roof - cl, 0.1, 0.1), roof, cl);
        b.fill(PLASTIC, rect(-hw, cl, hw, cl + 0.08));
        if (front) {
            b.glass(rect(-hw + 0.07, 0.66, hw - 0.07, 1.28), true);
            b.fill(PLASTIC, new Line2D.Double(-0.3, 0.62, -0.05, 0.95));
            b.fill(PLASTIC, new Line2D.Double(0.2, 0.62, 0.45, 0.95));
            b.fill(0x101012, rect(-hw + 0.08, 1.35, hw - 0.08, 1.49));
            b.fill(0xFAAA14, rect(-0.4, 1.4, 0.4, 1.44));
            b.fill(HEADLIGHT, rect(-hw + 0.05, 0.2, -hw + 0.22, 0.3));
            b.fill(HEADLIGHT, rect(hw - 0.22, 0.2, hw - 0.05, 0.3));
            b.fill(GRILLE, rect(-0.22, 0.34, 0.22, 0.44));
            plate(b, 0.2);
        } else {
            b.glass(rect(-hw + 0.12, 1.08, hw - 0.12, 1.42), false);
            for (int i = 0; i < 5; i++) {
                double y = 0.32 + 0.065 * i;
                b.fill(0x1A1A1C, rect(-0.4, y, 0.4, y + 0.025));
            }
            b.fill(TAIL, rect(-hw + 0.02, 0.2, -hw + 0.09, 0.78));
            b.fill(TAIL, rect(hw - 0.09, 0.2, hw - 0.02, 0.78));
            plate(b, 0.19);
        }
    }

    private static void truck(Body b, boolean front) {
        double hw = 0.64;
        b.fill(TYRE, rect(-hw + 0.02, 0, -hw + 0.25, 0.3));
        b.fill(TYRE, rect(hw - 0.25, 0, hw - 0.02, 0.3));
        if (front) {
            b.fill(shade(b.paint, 0.85), rect(-hw, 1.2, hw, 1.62));
            b.fill(shade(b.paint, 0.7), rect(-hw, 1.2, hw, 1.24));
            b.fill(shade(b.paint, 0.7), rect(-0.7, 0.86, -0.6, 1.12));
            b.fill(shade(b.paint, 0.7), rect(0.6, 0.86, 0.7, 1.12));
            b.body(new RoundRectangle2D.Double(-0.6, 0.2, 1.2, 1.08, 0.14, 0.14), 1.28, 0.2);
            b.glass(rect(-0.54, 0.84, 0.54, 1.2), true);
            b.fill(GRILLE, rect(-0.4, 0.38, 0.4, 0.78));
            for (int i = 1; i <= 5; i++) {
                double y = 0.38 + 0.4 * i / 6;
                b.fill(CHROME, rect(-0.4, y - 0.012, 0.4, y + 0.012));
            }
            b.fill(PLASTIC, rect(-0.62, 0.18, 0.62, 0.36));
            b.fill(HEADLIGHT, rect(-0.58, 0.23, -0.42, 0.32));
            b.fill(HEADLIGHT, rect(0.42, 0.23, 0.58, 0.32));
            plate(b, 0.2);
        } else {
            b.fill(PLASTIC, rect(-0.6, 0.16, 0.6, 0.34));
            b.body(new RoundRectangle2D.Double(-hw, 0.34, 2 * hw, 1.28, 0.04, 0.04), 1.62, 0.34);
            b.fill(0x202022, rect(-0.008, 0.36, 0.008, 1.6));
            for (double x : new double[] {-0.45, -0.12, 0.12, 0.45}) {
                b.fill(0x8A8C90, rect(x - 0.012, 0.4, x + 0.012, 1.55));
            }
            b.fill(shade(b.paint, 0.7), rect(-hw, 1.56, hw, 1.62));
            b.fill(TAIL, rect(-0.6, 0.2, -0.42, 0.3));
            b.fill(TAIL, rect(0.42, 0.2, 0.6, 0.3));
            plate(b, 0.19);
        }
    }

    private static void plate(Body b, double y) {
        b.fill(PLATE, rect(-0.13, y, 0.13, y + 0.065));
        for (int i = 0; i < 5; i++) {
            double x = -0.1 + 0.045 * i;
            b.fill(0x303030, rect(x, y + 0.018, x + 0.025, y + 0.047));
        }
    }

    /** Fills parts of one vehicle; knows its paint and what its glass reflects. */
    private record Body(Graphics2D g, int paint, int sky) {

        void fill(int rgb, Shape shape) {
            g.setColor(rgb(rgb));
            if (shape instanceof Line2D) {
                g.setStroke(new BasicStroke(0.025f));
                g.draw(shape);
            } else {
                g.fill(shape);
            }
        }

        /** The painted body, lit from above: lighter at {@code top}, darker towards {@code bottom}. */
        void body(Shape shape, double top, double bottom) {
            g.setPaint(new GradientPaint(0, (float) top, rgb(shade(paint, 1.04)), 0, (float) bottom,
                    rgb(shade(paint, 0.88))));
            g.fill(shape);
        }

        /** Glass: dark, reflecting some sky at the top; a windscreen reflects more than a rear window. */
        void glass(Shape shape, boolean windscreen) {
            Rectangle2D box = shape.getBounds2D();
            int top = mix(GLASS, sky, windscreen ? 0.3 : 0.15);
            int low = mix(GLASS, 0x000000, windscreen ? 0.1 : 0.35);
            g.setPaint(new GradientPaint(0, (float) box.getMaxY(), rgb(top), 0, (float) box.getMinY(), rgb(low)));
            g.fill(shape);
        }
    }

    // ---------------------------------------------------------------- outliers

    private static void drawForeign(Graphics2D g, Scene s, SplittableRandom rnd) {
        AffineTransform saved = g.getTransform();
        g.translate(s.cx(), s.baseY());
        g.scale(s.unit(), -s.unit());
        switch (rnd.nextInt(3)) {
            case 0 -> {
                int coat = new int[] {0xE8E020, 0xE06010, 0x3050C0, 0x404040}[rnd.nextInt(4)];
                g.setColor(rgb(0x2A2A3A));
                g.fill(rect(-0.12, 0, -0.02, 0.5));
                g.fill(rect(0.02, 0, 0.12, 0.5));
                g.setColor(rgb(coat));
                g.fill(new RoundRectangle2D.Double(-0.16, 0.46, 0.32, 0.46, 0.08, 0.08));
                g.fill(rect(-0.22, 0.5, -0.16, 0.88));
                g.fill(rect(0.16, 0.5, 0.22, 0.88));
                g.setColor(rgb(0xD8A888));
                g.fill(new Ellipse2D.Double(-0.08, 0.93, 0.16, 0.18));
            }
            case 1 -> {
                g.setColor(rgb(0x7A5432));
                for (double x : new double[] {-0.3, -0.2, 0.18, 0.28}) {
                    g.fill(rect(x, 0, x + 0.05, 0.5));
                }
                g.fill(new Ellipse2D.Double(-0.38, 0.42, 0.76, 0.3));
                g.fill(rect(0.26, 0.55, 0.36, 0.85));
                g.fill(new Ellipse2D.Double(0.26, 0.78, 0.24, 0.12));
                g.setColor(rgb(0x4A3420));
                g.setStroke(new BasicStroke(0.03f));
                g.draw(new Line2D.Double(0.3, 0.88, 0.24, 1.05));
                g.draw(new Line2D.Double(0.34, 0.88, 0.42, 1.04));
            }
            default -> {
                int cones = 2 + rnd.nextInt(3);
                for (int i = 0; i < cones; i++) {
                    double x = -0.7 + 1.4 * i / Math.max(1, cones - 1) + 0.1 * rnd.nextGaussian();
                    double h = 0.35 + 0.15 * rnd.nextDouble();
                    g.setColor(rgb(0xF06A10));
                    g.fill(trapezoid2(x - 0.1, x + 0.1, 0, x - 0.02, x + 0.02, h));
                    g.setColor(rgb(0xF0F0F0));
                    g.fill(trapezoid2(x - 0.065, x + 0.065, h * 0.4, x - 0.045, x + 0.045, h * 0.6));
                    g.setColor(rgb(0x202020));
                    g.fill(rect(x - 0.14, 0, x + 0.14, 0.03));
                }
            }
        }
        g.setTransform(saved);
    }

    private static void drawGlare(BufferedImage img, Scene s, SplittableRandom rnd) {
        Graphics2D g = img.createGraphics();
        try {
            g.scale(img.getWidth() / DESIGN_W, img.getHeight() / DESIGN_H);
            float x = (float) (s.cx() + 18 * rnd.nextGaussian());
            float y = (float) (s.baseY() - s.unit() * (0.3 + 0.5 * rnd.nextDouble()));
            float r = (float) (26 + 18 * rnd.nextDouble());
            g.setPaint(new RadialGradientPaint(x, y, r, new float[] {0f, 0.4f, 1f},
                    new Color[] {new Color(255, 255, 250, 255), new Color(255, 252, 240, 255),
                            new Color(255, 245, 220, 0)}, MultipleGradientPaint.CycleMethod.NO_CYCLE));
            g.fill(new Rectangle2D.Double(0, 0, DESIGN_W, DESIGN_H));
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(255, 255, 240, 140));
            g.setStroke(new BasicStroke(2.5f));
            double a = rnd.nextDouble() * Math.PI;
            g.draw(new Line2D.Double(x - 60 * Math.cos(a), y - 60 * Math.sin(a), x + 60 * Math.cos(a),
                    y + 60 * Math.sin(a)));
        } finally {
            g.dispose();
        }
    }

    /** Shuffles a 4 x 4 grid of tiles; half the time the lower part is lost as flat grey, as in a truncated JPEG. */
    private static void scramble(int[] px, int w, int h, SplittableRandom rnd) {
        int tw = w / 4;
        int th = h / 4;
        int[] order = new int[16];
        for (int i = 0; i < 16; i++) {
            order[i] = i;
        }
        for (int i = 15; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        if (order[0] == 0) {
            order[0] = order[1];
            order[1] = 0;
        }
        int[] src = px.clone();
        for (int t = 0; t < 16; t++) {
            int sx = (order[t] % 4) * tw;
            int sy = (order[t] / 4) * th;
            int dx = (t % 4) * tw;
            int dy = (t / 4) * th;
            for (int y = 0; y < th; y++) {
                System.arraycopy(src, (sy + y) * w + sx, px, (dy + y) * w + dx, tw);
            }
        }
        if (rnd.nextBoolean()) {
            int from = h / 2 + rnd.nextInt(h / 3);
            java.util.Arrays.fill(px, from * w, w * h, 0x808080);
        }
    }

    // ---------------------------------------------------------------- camera

    private static void expose(int[] px, double gain, double tintR, double tintB) {
        float gr = (float) (gain * tintR);
        float gg = (float) gain;
        float gb = (float) (gain * tintB);
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            int r = clamp8(((p >>> 16) & 0xff) * gr);
            int g = clamp8(((p >>> 8) & 0xff) * gg);
            int b = clamp8((p & 0xff) * gb);
            px[i] = (r << 16) | (g << 8) | b;
        }
    }

    /** Sensor noise: mostly luminance, a little per channel. */
    private static void addNoise(int[] px, double sigma, SplittableRandom rnd) {
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            double common = sigma * rnd.nextGaussian();
            double chroma = 0.35 * sigma;
            int r = clamp8(((p >>> 16) & 0xff) + common + chroma * rnd.nextGaussian());
            int g = clamp8(((p >>> 8) & 0xff) + common + chroma * rnd.nextGaussian());
            int b = clamp8((p & 0xff) + common + chroma * rnd.nextGaussian());
            px[i] = (r << 16) | (g << 8) | b;
        }
    }

    /** One pass of a box blur of radius {@code r}, horizontal or vertical, clamping at the edges. */
    private static void boxBlur(int[] px, int w, int h, int r, boolean horizontal) {
        int[] src = px.clone();
        int len = horizontal ? w : h;
        int lines = horizontal ? h : w;
        int stride = horizontal ? 1 : w;
        int norm = 2 * r + 1;
        for (int line = 0; line < lines; line++) {
            int base = horizontal ? line * w : line;
            for (int i = 0; i < len; i++) {
                int sr = 0;
                int sg = 0;
                int sb = 0;
                for (int k = -r; k <= r; k++) {
                    int p = src[base + Math.clamp(i + k, 0, len - 1) * stride];
                    sr += (p >>> 16) & 0xff;
                    sg += (p >>> 8) & 0xff;
                    sb += p & 0xff;
                }
                px[base + i * stride] = ((sr / norm) << 16) | ((sg / norm) << 8) | (sb / norm);
            }
        }
    }

    // ---------------------------------------------------------------- geometry and colour

    private static Rectangle2D rect(double x0, double y0, double x1, double y1) {
        return new Rectangle2D.Double(x0, y0, x1 - x0, y1 - y0);
    }

    /** A symmetric trapezoid: half-width {@code hb} at height {@code yb}, {@code ht} at {@code yt}. */
    private static Path2D trapezoid(double hb, double yb, double ht, double yt) {
        return trapezoid2(-hb, hb, yb, -ht, ht, yt);
    }

    private static Path2D trapezoid2(double xb0, double xb1, double yb, double xt0, double xt1, double yt) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xb0, yb);
        p.lineTo(xb1, yb);
        p.lineTo(xt1, yt);
        p.lineTo(xt0, yt);
        p.closePath();
        return p;
    }

    static int shade(int rgb, double f) {
        int r = clamp8(((rgb >>> 16) & 0xff) * f);
        int g = clamp8(((rgb >>> 8) & 0xff) * f);
        int b = clamp8((rgb & 0xff) * f);
        return (r << 16) | (g << 8) | b;
    }

    static int mix(int a, int b, double t) {
        int r = clamp8(((a >>> 16) & 0xff) * (1 - t) + ((b >>> 16) & 0xff) * t);
        int g = clamp8(((a >>> 8) & 0xff) * (1 - t) + ((b >>> 8) & 0xff) * t);
        int bl = clamp8((a & 0xff) * (1 - t) + (b & 0xff) * t);
        return (r << 16) | (g << 8) | bl;
    }

    private static int clamp8(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static Color rgb(int rgb) {
        return new Color(rgb);
    }
}
