package org.descry.demo;

/**
 * The camera's view of the road without a vehicle, in the 96 x 64 design space of {@link SceneRenderer}:
 * sky above the horizon, a verge, a road converging to a vanishing point, lane markings, maybe a treeline.
 * Colours are {@code 0xRRGGBB}.
 */
record Background(double horizon, int skyTop, int skyBottom, int verge, int road, double vanishX,
                  double roadHalfWidth, int lanes, double dashPhase, boolean treeline, long detailSeed) {
}
