package org.descry.demo;

/**
 * Everything needed to draw one image, in the 96 x 64 design space of {@link SceneRenderer}. A vehicle stands
 * with the middle of its lowest edge at {@code (cx, baseY)}, {@code unit} pixels per vehicle unit (a car is
 * about one unit wide). {@code type}, {@code view} and {@code paint} are null when no vehicle is drawn;
 * {@code outlier} is null for a good image. {@code brightness} and the tints scale every pixel; {@code noise}
 * is the sensor noise standard deviation in 8-bit levels; {@code seed} drives the noise and the outlier details.
 */
record Scene(Background background, BodyType type, View view, VehicleColour colour, int paint,
             double cx, double baseY, double unit, double brightness, double tintR, double tintB, double noise,
             OutlierKind outlier, long seed) {

    boolean hasVehicle() {
        return type != null;
    }
}
