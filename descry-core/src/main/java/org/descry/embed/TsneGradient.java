package org.descry.embed;

/**
 * How t-SNE's repulsive forces are computed.
 * <ul>
 * <li>{@link #BARNES_HUT}: a quadtree (2D) or octree (3D), van der Maaten 2014 ({@link BarnesHut}).</li>
 * <li>{@link #FFT}: FFT-accelerated interpolation on a grid, Linderman et al. 2019 (FIt-SNE), 2D only
 * ({@link FftRepulsion}).</li>
 * <li>{@link #AUTO}: FFT in 2D from {@value Tsne#FFT_MIN_ROWS} rows on, Barnes-Hut otherwise.</li>
 * </ul>
 */
public enum TsneGradient {
    AUTO, BARNES_HUT, FFT
}
