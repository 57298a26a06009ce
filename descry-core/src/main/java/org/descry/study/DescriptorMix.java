package org.descry.study;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.descry.data.ColumnStats;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSubset;

/**
 * A mixture of descriptor sets, written {@code hog+color} or with block weights {@code hog:2+color}: each set is
 * preprocessed on its own (its own scaler and PCA), then multiplied by {@code weight / sqrt(total variance)} so
 * that every block contributes the same total variance to Euclidean distances (its weight squared), and the
 * blocks are concatenated. A single set keeps the scale its preprocessing gives it (times its weight), so a
 * one-set mix is exactly that set's pipeline.
 *
 * <p>Why per block: concatenating the raw sets lets the widest or loudest one decide every distance (2,560
 * EfficientNet columns against 128 colour columns), and one PCA over the concatenation keeps mostly that block's
 * directions. Equalising total variance is the usual block weighting of multiple factor analysis (Escofier and
 * Pagès 1994 weight by the first eigenvalue instead; total variance keeps every retained direction in play and
 * needs no extra decomposition). Reducing each block first also keeps the mixture narrow: no full-width copy of
 * the concatenated raw sets is ever made.
 *
 * @param descriptors the descriptor set names, in order, without repeats (at least one)
 * @param weights     each block's weight, {@code > 0}
 */
public record DescriptorMix(List<String> descriptors, double[] weights) {

    public DescriptorMix {
        descriptors = List.copyOf(Objects.requireNonNull(descriptors, "descriptors"));
        Objects.requireNonNull(weights, "weights");
        if (descriptors.isEmpty()) {
            throw new DescryException("a descriptor mix needs at least one descriptor set");
        }
        if (weights.length != descriptors.size()) {
            throw new DescryException("weights has " + weights.length + " values for " + descriptors.size()
                    + " descriptor sets");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < descriptors.size(); i++) {
            String d = descriptors.get(i);
            if (d.isBlank() || !seen.add(d)) {
                throw new DescryException("descriptor mix has " + (d.isBlank() ? "an empty name" : "'" + d
                        + "' twice"));
            }
            if (!(weights[i] > 0 && Double.isFinite(weights[i]))) {
                throw new DescryException("weight of '" + d + "' must be a positive number, got " + weights[i]);
            }
        }
        weights = weights.clone();
    }

    /** Parses {@code hog+color} or {@code hog:2+color:0.5} (weights default to 1). */
    public static DescriptorMix parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new DescryException("descriptor mix must not be empty");
        }
        List<String> names = new ArrayList<>();
        String[] parts = spec.split("\\+", -1);
        double[] w = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            int colon = p.lastIndexOf(':');
            w[i] = 1;
            if (colon >= 0) {
                try {
                    w[i] = Double.parseDouble(p.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new DescryException("descriptor mix '" + spec + "': weight '" + p.substring(colon + 1)
                            + "' is not a number");
                }
                p = p.substring(0, colon).trim();
            }
            names.add(p);
        }
        return new DescriptorMix(names, w);
    }

    /** True for a single set with weight 1, which is the set itself. */
    public boolean isSingle() {
        return descriptors.size() == 1;
    }

    /** The spec as {@link #parse} reads it, weights shown only when not 1. */
    public String spec() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < descriptors.size(); i++) {
            if (i > 0) {
                s.append('+');
            }
            s.append(descriptors.get(i));
            if (weights[i] != 1) {
                s.append(':').append(String.format(Locale.ROOT, "%s", weights[i]));
            }
        }
        return s.toString();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /**
     * Fits each block's preprocessing on its rows (given in {@link #descriptors()} order, all with the same row
     * count) and returns the fitted mixture and the mixed rows.
     */
    public Fitted fit(List<FloatMatrix> blocks, Preprocessing preprocessing, Progress progress) {
        return fitRows(blocks.stream().map(RowSubset::all).toList(), preprocessing, progress);
    }

    /**
     * {@link #fit(List, Preprocessing, Progress)} on row subsets read in place (the study's inliers of 4 GB mapped
     * sets, {@link RowSubset#releasingPages releasing} their pages as they go): the same result as on copies of
     * those rows, without the copies.
     */
    public Fitted fitRows(List<RowSubset> blocks, Preprocessing preprocessing, Progress progress) {
        Objects.requireNonNull(preprocessing, "preprocessing");
        if (blocks.size() != descriptors.size()) {
            throw new DescryException("got " + blocks.size() + " matrices for the " + descriptors.size()
                    + " descriptor sets of '" + spec() + "'");
        }
        int n = blocks.get(0).rows();
        List<FittedPreprocessing> steps = new ArrayList<>();
        List<FloatMatrix> reduced = new ArrayList<>();
        int[] widths = new int[blocks.size()];
        double[] multipliers = new double[blocks.size()];
        for (int b = 0; b < blocks.size(); b++) {
            RowSubset x = blocks.get(b);
            if (x.rows() != n) {
                throw new DescryException("descriptor set '" + descriptors.get(b) + "' has " + x.rows()
                        + " rows, '" + descriptors.get(0) + "' has " + n);
            }
            Preprocessing.Fitted f = preprocessing.fit(x, progress);
            steps.add(f.steps());
            reduced.add(f.reduced());
            widths[b] = x.cols();
            double total = 0;
            for (double s : ColumnStats.of(f.reduced(), Progress.NONE).std()) {
                total += s * s;
            }
            multipliers[b] = blocks.size() > 1 && total > 0 ? weights[b] / Math.sqrt(total) : weights[b];
        }
        FittedMix mix = new FittedMix(descriptors, widths, steps, multipliers);
        return new Fitted(mix, mix.concatenate(reduced));
    }

    /** The fitted mixture and the mixed rows of the fit data. */
    public record Fitted(FittedMix mix, FloatMatrix mixed) {}
}
