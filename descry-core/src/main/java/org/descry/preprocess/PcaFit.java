package org.descry.preprocess;

import org.descry.data.FloatMatrix;

/**
 * A fitted PCA and the projection of the rows it was fitted on.
 *
 * @param model     the fitted model
 * @param projected {@code n x k}, as {@code model.transform} of the fit rows
 */
public record PcaFit(PcaModel model, FloatMatrix projected) {}
