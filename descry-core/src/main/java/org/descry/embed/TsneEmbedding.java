package org.descry.embed;

import java.util.Objects;
import org.descry.data.FloatMatrix;
import org.descry.model.Provenance;

/**
 * A fitted t-SNE embedding. Immutable: {@link #coordinates()} returns a copy.
 *
 * @param coordinates         the embedding, {@code n x dims} float32, rows in input order
 * @param klDivergence        the KL divergence {@code KL(P || Q)} at the last iteration, as scikit-learn's
 *                            {@code kl_divergence_} (over the non-zeros of the sparse {@code P})
 * @param iterations          iterations run, both stages together (scikit-learn's {@code n_iter_ + 1})
 * @param learningRate        the learning rate used (after {@code auto})
 * @param gradient            the repulsion method used, {@link TsneGradient#BARNES_HUT} or {@link TsneGradient#FFT}
 * @param exactNeighbours     whether the input kNN graph was exact (else NN-descent)
 * @param neighbourSeconds    wall time of the kNN graph
 * @param affinitySeconds     wall time of the perplexity calibration and symmetrisation
 * @param optimisationSeconds wall time of the initialisation and gradient descent
 * @param provenance          the configuration, seed and input
 */
public record TsneEmbedding(FloatMatrix coordinates, double klDivergence, int iterations, double learningRate,
                            TsneGradient gradient, boolean exactNeighbours, double neighbourSeconds,
                            double affinitySeconds, double optimisationSeconds, Provenance provenance) {

    public TsneEmbedding {
        coordinates = Objects.requireNonNull(coordinates, "coordinates").copy();
        Objects.requireNonNull(gradient, "gradient");
        Objects.requireNonNull(provenance, "provenance");
    }

    @Override
    public FloatMatrix coordinates() {
        return coordinates.copy();
    }

    /** Rows embedded. */
    public int rows() {
        return coordinates.rows();
    }

    /** Embedding dimension, 2 or 3. */
    public int dims() {
        return coordinates.cols();
    }
}
