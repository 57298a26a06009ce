package org.descry.preprocess;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSubset;
import org.descry.model.Provenance;

/**
 * The scalers by the names the command line uses, each with scikit-learn's default parameters; {@code sqrt} and
 * {@code hellinger} are the power normalisations of {@link PowerNormalizer}.
 */
public enum Scaler {
    STANDARD("standard"),
    MINMAX("minmax"),
    ROBUST("robust"),
    L2("l2"),
    SQRT("sqrt"),
    HELLINGER("hellinger"),
    NONE("none");

    private final String cliName;

    Scaler(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The scaler named {@code name} ({@code standard|minmax|robust|l2|sqrt|hellinger|none}, any case). */
    public static Scaler fromName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Scaler s : values()) {
            if (s.cliName.equals(n)) {
                return s;
            }
        }
        throw new DescryException("scaler must be one of " + Arrays.stream(values()).map(Scaler::cliName)
                .collect(Collectors.joining("|")) + ", got '" + name + "'");
    }

    /** Fits this scaler with default parameters; {@link #NONE} gives the identity. */
    public ScalerModel fit(FloatMatrix x, Progress progress) {
        return fit(RowSubset.all(x), progress);
    }

    /** Fits this scaler on some rows of a matrix, read in place: the fit on a copy of them, without the copy. */
    public ScalerModel fit(RowSubset x, Progress progress) {
        return switch (this) {
            case STANDARD -> new StandardScaler().fit(x, progress);
            case MINMAX -> new MinMaxScaler().fit(x, progress);
            case ROBUST -> new RobustScaler().fit(x, progress);
            case L2 -> L2Normalizer.forWidth(x.cols());
            case SQRT -> PowerNormalizer.sqrt(x.cols());
            case HELLINGER -> PowerNormalizer.hellinger(x.cols());
            case NONE -> {
                int d = x.cols();
                double[] one = new double[d];
                Arrays.fill(one, 1);
                yield new ColumnScaling("none", new double[d], one, new double[d], Map.of(),
                        Provenance.of("none", Map.of(), 0, x.rows() + " x " + d));
            }
        };
    }
}
