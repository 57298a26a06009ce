package org.descry.embed;

/**
 * Where t-SNE starts. {@link #PCA}: the first {@code dims} principal components, scaled so the first has standard
 * deviation {@code 1e-4}, as scikit-learn 1.2's {@code init='pca'} (openTSNE rescales its PCA start the same way;
 * Kobak and Berens 2019 argue for PCA over random starts to keep global structure). {@link #RANDOM}: seeded
 * Gaussian coordinates with standard deviation {@code 1e-4}, as scikit-learn's {@code init='random'}.
 */
public enum TsneInit {
    PCA, RANDOM
}
