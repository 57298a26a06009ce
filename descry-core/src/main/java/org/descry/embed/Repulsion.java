package org.descry.embed;

/**
 * The repulsive half of the t-SNE gradient (van der Maaten 2014, eq. 5): for an embedding {@code y} (row-major
 * {@code n x dims}, double) it writes, for every row, {@code rep_i = sum_{j != i} q_ij^2 (y_i - y_j)} with the
 * unnormalised Student-t kernel {@code q_ij = 1 / (1 + ||y_i - y_j||^2)}, and returns the normaliser
 * {@code Z = sum_{i != j} q_ij}. The gradient's repulsive term is then {@code rep_i / Z}.
 */
interface Repulsion {

    double compute(double[] y, int n, double[] rep);
}
