package org.descry.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.io.LabelFiles;
import org.descry.metrics.NormalizedMutualInfo;
import org.descry.metrics.TruthLabels;
import org.descry.outlier.OutlierMethod;
import org.descry.outlier.ViewCombination;
import org.descry.preprocess.Scaler;

/**
 * What the rule experiments ({@link KRuleExperiment}, {@link ScalerRuleExperiment}) share: the fashion case's
 * inliers as the study's default outlier step finds them (truth-free), the truth of type, colour and view on those
 * rows, the raw blocks of a descriptor mix on those rows, and NMI against the truth where it is known.
 */
record ExperimentCase(Case source, int[] inliers, int[][] truth) {

    static final String[] ATTRIBUTES = {"type", "colour", "view"};

    static ExperimentCase open(Case c, Path labels, StudyConfig config) throws IOException {
        boolean[] out = new CaseOutliers(c.descriptorNames(), new Preprocessing(Scaler.STANDARD, config.pcaStep()),
                OutlierMethod.ENSEMBLE, new OutlierMethod.Settings(20, 8, config.contamination(), config.seed(),
                Workers.defaultThreads()), ViewCombination.MAX).fit(c, Progress.NONE).flags();
        int[] inl = IntStream.range(0, out.length).filter(i -> !out[i]).toArray();
        int[][] truth = new int[ATTRIBUTES.length][];
        for (int t = 0; t < truth.length; t++) {
            int[] all = LabelFiles.truthByRow(labels, ATTRIBUTES[t], c.paths());
            truth[t] = Arrays.stream(inl).map(i -> all[i]).toArray();
        }
        return new ExperimentCase(c, inl, truth);
    }

    /** The raw descriptor blocks of {@code mix}, inlier rows only. */
    List<FloatMatrix> blocks(DescriptorMix mix) throws IOException {
        List<FloatMatrix> blocks = new ArrayList<>();
        for (String d : mix.descriptors()) {
            blocks.add(source.descriptor(d).selectRows(inliers));
        }
        return blocks;
    }

    /** NMI of {@code labels} (one per inlier) against attribute {@code attribute}, on the rows whose truth is known. */
    double nmi(int attribute, int[] labels) {
        int[] truth = this.truth[attribute];
        int m = 0;
        for (int t : truth) {
            m += t != TruthLabels.MISSING ? 1 : 0;
        }
        int[] t = new int[m];
        int[] p = new int[m];
        for (int i = 0, j = 0; i < truth.length; i++) {
            if (truth[i] != TruthLabels.MISSING) {
                t[j] = truth[i];
                p[j++] = labels[i];
            }
        }
        return NormalizedMutualInfo.score(t, p);
    }
}
