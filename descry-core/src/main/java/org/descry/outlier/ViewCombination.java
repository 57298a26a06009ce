package org.descry.outlier;

import java.util.List;
import java.util.Locale;
import org.descry.data.DescryException;

/**
 * How the scores of one method on several descriptor sets ("views") of the same images are combined, after
 * each is turned into normalised ranks ({@link RankEnsemble#normalisedRanks}).
 *
 * <p>{@link #MAX} is the default: a bad image is bad in whichever view records its defect (glare shows in
 * colour, blur in gradients), and an average over views that do not see the defect dilutes it. Aggarwal and
 * Sathe (2015) discuss exactly this trade: averaging lowers variance, the maximum lowers the bias of detectors
 * that each see only some outliers; their recommended compromise, average within a group of similar detectors
 * and maximum across groups, shaped the default: the sets are combined by their maximum, and so are the two
 * members of {@code descry outliers --method ensemble} (each reads a different tail of density, see
 * {@link OutlierMethod#ENSEMBLE_MEMBERS}); the mean remains for members of one kind.
 */
public enum ViewCombination {
    MEAN, MAX;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ViewCombination parse(String name) {
        for (ViewCombination v : values()) {
            if (v.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new DescryException("--combine must be mean or max, got '" + name + "'");
    }

    /** The combined score of each row: mean or maximum of its normalised ranks over the score vectors. */
    public double[] combine(List<double[]> scores) {
        if (this == MEAN || scores.size() == 1) {
            return scores.size() == 1 ? scores.get(0).clone() : RankEnsemble.combine(scores);
        }
        int n = scores.get(0).length;
        double[] out = new double[n];
        for (double[] s : scores) {
            if (s.length != n) {
                throw new IllegalArgumentException("score vectors must have one length, got " + n + " and "
                        + s.length);
            }
            double[] r = RankEnsemble.normalisedRanks(s);
            for (int i = 0; i < n; i++) {
                out[i] = Math.max(out[i], r[i]);
            }
        }
        return out;
    }
}
