package org.descry.cluster;

import java.util.Locale;
import org.descry.data.DescryException;

/**
 * The shape of the covariance of each Gaussian mixture component, as scikit-learn's {@code covariance_type}.
 * The flat parameter layouts follow scikit-learn's arrays in C order.
 */
public enum CovarianceType {
    /** Each component its own full {@code d x d} covariance; arrays {@code k x d x d}. */
    FULL("full"),
    /** One full {@code d x d} covariance shared by all components; arrays {@code d x d}. */
    TIED("tied"),
    /** Each component a diagonal covariance; arrays {@code k x d}. */
    DIAG("diag"),
    /** Each component one variance; arrays {@code k}. */
    SPHERICAL("spherical");

    private final String sklearnName;

    CovarianceType(String sklearnName) {
        this.sklearnName = sklearnName;
    }

    /** The name scikit-learn uses ({@code "full"}, ...). */
    public String sklearnName() {
        return sklearnName;
    }

    /** Parses a scikit-learn name, case-insensitively. */
    public static CovarianceType parse(String name) {
        for (CovarianceType t : values()) {
            if (t.sklearnName.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new DescryException("covarianceType must be full, tied, diag or spherical, got " + name);
    }

    /** Length of the flat covariance (and precision) array for {@code k} components of width {@code d}. */
    public int parameterLength(int k, int d) {
        return switch (this) {
            case FULL -> Math.multiplyExact(k, Math.multiplyExact(d, d));
            case TIED -> Math.multiplyExact(d, d);
            case DIAG -> Math.multiplyExact(k, d);
            case SPHERICAL -> k;
        };
    }

    /** The shape of those arrays, as numpy writes it. */
    int[] shape(int k, int d) {
        return switch (this) {
            case FULL -> new int[] {k, d, d};
            case TIED -> new int[] {d, d};
            case DIAG -> new int[] {k, d};
            case SPHERICAL -> new int[] {k};
        };
    }

    /** Free covariance parameters, as in scikit-learn's {@code GaussianMixture._n_parameters}. */
    double freeCovarianceParameters(int k, int d) {
        return switch (this) {
            case FULL -> k * d * (d + 1) / 2.0;
            case TIED -> d * (d + 1) / 2.0;
            case DIAG -> (double) k * d;
            case SPHERICAL -> k;
        };
    }
}
