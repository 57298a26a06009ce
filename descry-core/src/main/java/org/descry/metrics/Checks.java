package org.descry.metrics;

import org.descry.data.DescryException;

/** Argument checks shared by the metrics. */
final class Checks {

    private Checks() {}

    /** scikit-learn's {@code check_number_of_labels}: internal metrics need {@code 2 <= k <= n - 1}. */
    static void internalRange(int clusters, int rows) {
        if (clusters < 2 || clusters > rows - 1) {
            throw new DescryException("labels: number of labels is " + clusters
                    + ". Valid values are 2 to n_samples - 1 (inclusive), n_samples = " + rows);
        }
    }
}
