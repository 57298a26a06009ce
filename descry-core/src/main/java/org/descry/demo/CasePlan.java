package org.descry.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What every image of a demo case shows, decided up front and sequentially from the seed, so that drawing can
 * then run on any number of threads and still give the same bytes.
 *
 * <p>An item is one vehicle passing the camera, shot 3 to 5 times: its type, paint, view and the road stay, and
 * from shot to shot it moves through the frame (towards the camera and larger when seen from the front, away
 * and smaller from the rear) with small jitter in position, scale and exposure. The view is fixed within an
 * item because one camera sees a passing vehicle from one end only. A bad image is an item of its own with
 * one shot. Outliers are spread evenly through the case, their kinds cycling through all of
 * {@link OutlierKind} in a shuffled order, so even a small case has every kind.
 */
final class CasePlan {

    /** One image: its zip entry name, item and folder numbers, and what it shows. */
    record Row(String entryName, int item, Scene scene) {

        String csvLabels() {
            Scene s = scene;
            if (s.outlier() != null) {
                return item + ",,,," + s.outlier().label();
            }
            return item + "," + s.type().label() + "," + s.colour().label() + "," + s.view().label() + ",";
        }
    }

    private CasePlan() {}

    static List<Row> build(CaseGenerator.Config c) {
        SplittableRandom rnd = new SplittableRandom(c.seed());
        List<Scene[]> items = new ArrayList<>();
        OutlierKind[] kinds = OutlierKind.values();
        int[] cycle = new int[kinds.length];
        int outliers = 0;
        int images = 0;
        while (images < c.images()) {
            if (outliers < c.outlierRate() * (images + 1) - rnd.nextDouble() + 0.5) {
                if (outliers % kinds.length == 0) {
                    shuffle(cycle, rnd);
                }
                OutlierKind kind = kinds[cycle[outliers % kinds.length]];
                items.add(new Scene[] {outlier(kind, rnd)});
                outliers++;
                images++;
            } else {
                int shots = Math.min(c.images() - images, 3 + rnd.nextInt(3));
                items.add(vehicle(shots, rnd));
                images += shots;
            }
        }
        if (items.size() > 99_999) {
            throw new IllegalArgumentException("images " + c.images() + " makes " + items.size()
                    + " items, more than the 5-digit item numbers of the layout hold (99999)");
        }
        List<Row> rows = new ArrayList<>(c.images());
        int image = 0;
        for (int i = 0; i < items.size(); i++) {
            int item = i + 1;
            int folder = 1 + (int) ((long) i * c.folders() / items.size());
            for (Scene s : items.get(i)) {
                image++;
                String name = String.format(Locale.ROOT, "%s/%d/%05d/%06d.jpg", CaseGenerator.ROOT, folder, item, image);
                rows.add(new Row(name, item, s));
            }
        }
        return rows;
    }

    private static void shuffle(int[] order, SplittableRandom rnd) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static Scene[] vehicle(int shots, SplittableRandom rnd) {
        BodyType type = pick(BodyType.values(), rnd);
        View view = pick(View.values(), rnd);
        VehicleColour colour = pick(VehicleColour.values(), rnd);
        int paint = paint(colour, rnd);
        Background bg = background(rnd);
        double brightness = 0.9 + 0.2 * rnd.nextDouble();
        double tint = 0.05 * (2 * rnd.nextDouble() - 1);
        double noise = 2 + 3 * rnd.nextDouble();
        double startY = 50 + 10 * rnd.nextDouble();
        double lane = lateral(bg, startY, rnd);
        double perShotY = (view == View.FRONT ? 1 : -1) * (0.6 + 0.8 * rnd.nextDouble());
        double sizeFactor = 0.8 + 0.2 * rnd.nextDouble();
        Scene[] out = new Scene[shots];
        for (int k = 0; k < shots; k++) {
            double baseY = startY + k * perShotY + 0.8 * rnd.nextGaussian();
            double unit = sizeFactor * (baseY - bg.horizon()) * (1 + 0.02 * rnd.nextGaussian());
            double cx = bg.vanishX() + lane * (baseY - bg.horizon()) + 1.5 * rnd.nextGaussian();
            double b = brightness * (1 + 0.04 * rnd.nextGaussian());
            out[k] = place(new Scene(bg, type, view, colour, paint, cx, baseY, unit, b, 1 + tint, 1 - tint, noise,
                    null, rnd.nextLong()));
        }
        return out;
    }

    private static Scene outlier(OutlierKind kind, SplittableRandom rnd) {
        Scene base = vehicle(1, rnd)[0];
        boolean vehicle = kind != OutlierKind.EMPTY && kind != OutlierKind.FOREIGN;
        return new Scene(base.background(), vehicle ? base.type() : null, vehicle ? base.view() : null,
                vehicle ? base.colour() : null, base.paint(), base.cx(), base.baseY(), base.unit(), base.brightness(),
                base.tintR(), base.tintB(), base.noise(), kind, base.seed());
    }

    /** The vehicle's lateral position as a slope from the vanishing point: which lane, with some wander. */
    private static double lateral(Background bg, double baseY, SplittableRandom rnd) {
        double laneWidth = 2 * bg.roadHalfWidth() / bg.lanes() / (SceneRenderer.DESIGN_H - bg.horizon());
        int lane = rnd.nextInt(bg.lanes());
        double centre = -bg.roadHalfWidth() / (SceneRenderer.DESIGN_H - bg.horizon()) + (lane + 0.5) * laneWidth;
        return centre + 0.15 * laneWidth * rnd.nextGaussian();
    }

    /** Keeps the vehicle inside the frame: shrinks it to fit the height, then shifts it to fit the width. */
    private static Scene place(Scene s) {
        double baseY = Math.min(s.baseY(), SceneRenderer.DESIGN_H - 1);
        double maxUnit = (baseY - 2) / SceneRenderer.height(s.type());
        double unit = Math.min(s.unit(), maxUnit);
        double half = (SceneRenderer.halfWidth(s.type()) + 0.08) * unit;
        double cx = Math.clamp(s.cx(), half + 1, SceneRenderer.DESIGN_W - half - 1);
        return new Scene(s.background(), s.type(), s.view(), s.colour(), s.paint(), cx, baseY, unit, s.brightness(),
                s.tintR(), s.tintB(), s.noise(), s.outlier(), s.seed());
    }

    /** The nominal colour with the spread of real paints: a shade and a small per-channel cast. */
    private static int paint(VehicleColour colour, SplittableRandom rnd) {
        int rgb = colour.rgb();
        double level = 1 + 0.05 * rnd.nextGaussian();
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            double v = ((rgb >>> shift) & 0xff) * level * (1 + 0.04 * rnd.nextGaussian());
            out |= (int) Math.max(0, Math.min(255, Math.round(v))) << shift;
        }
        return out;
    }

    private static Background background(SplittableRandom rnd) {
        int[][] skies = {
            {0x5A8CD2, 0xAAC8E6}, {0xAAAFB4, 0xC8CACD}, {0x465082, 0xE6A06E}, {0xD2D7DC, 0xEBEBEB}, {0x78A0D2, 0xDCE6F0}
        };
        int[] sky = skies[rnd.nextInt(skies.length)];
        int[] verges = {0x4E7A36, 0x5F8A3C, 0x6E7E40, 0x8C7D5A, 0x3F6B3A};
        int grey = 70 + rnd.nextInt(50);
        int road = (grey << 16) | ((grey + rnd.nextInt(6)) << 8) | (grey + rnd.nextInt(10));
        double horizon = 10 + 12 * rnd.nextDouble();
        return new Background(horizon, jitter(sky[0], rnd), jitter(sky[1], rnd),
                jitter(verges[rnd.nextInt(verges.length)], rnd), road, 34 + 28 * rnd.nextDouble(),
                70 + 50 * rnd.nextDouble(), 2 + rnd.nextInt(2), rnd.nextDouble(), rnd.nextDouble() < 0.6,
                rnd.nextLong());
    }

    private static int jitter(int rgb, SplittableRandom rnd) {
        return SceneRenderer.shade(rgb, 1 + 0.06 * rnd.nextGaussian());
    }

    private static <T> T pick(T[] values, SplittableRandom rnd) {
        return values[rnd.nextInt(values.length)];
    }
}
