package org.descry.cli;

import java.util.Locale;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.descry.study.Preprocessing;
import picocli.CommandLine.Option;

/** {@code --scaler} and {@code --pca}, shared by the commands that preprocess descriptors. */
final class PreprocessOptions {

    @Option(names = "--scaler", paramLabel = "standard|minmax|robust|l2|sqrt|hellinger|none",
            description = "Scaling before PCA and clustering.")
    String scaler;

    @Option(names = "--pca", paramLabel = "0.9|250|none",
            description = "PCA: a target explained-variance fraction in (0, 1], a component count, or none.")
    String pca;

    /** The preprocessing asked for, with the given defaults for options not given. */
    Preprocessing resolve(String defaultScaler, String defaultPca) {
        String s = scaler == null ? defaultScaler : scaler;
        String p = pca == null ? defaultPca : pca;
        Pca reduce = p.trim().toLowerCase(Locale.ROOT).equals("none") ? null : parsePca(p);
        return new Preprocessing(Scaler.fromName(s), reduce);
    }

    /** The {@code --pca} value given, or {@code defaultPca}. */
    String pcaOrDefault(String defaultPca) {
        return pca == null ? defaultPca : pca;
    }

    private static Pca parsePca(String p) {
        try {
            return Pca.parse(p);
        } catch (RuntimeException e) {
            throw new org.descry.data.DescryException("--pca: " + e.getMessage());
        }
    }
}
