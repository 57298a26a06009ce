package org.descry.outlier;

import org.descry.data.FloatMatrix;
import org.descry.knn.KnnGraph;

/**
 * A fitted {@link GraphDetector}: scores new rows from their nearest training rows, found through
 * {@link #neighbours()}. Models sharing one source are scored from one query ({@link RankEnsemble.Model}).
 */
public interface GraphModel extends OutlierModel {

    /** Where new rows' neighbours are searched. */
    Neighbours neighbours();

    /** Neighbours per new row {@link #score(FloatMatrix, KnnGraph)} reads. */
    int queryWidth();

    /** Scores of {@code rows} from {@code near}, their nearest training rows (at least {@link #queryWidth}). */
    double[] score(FloatMatrix rows, KnnGraph near);

    @Override
    default double[] score(FloatMatrix rows) {
        return score(rows, neighbours().query(rows, queryWidth()));
    }
}
