package org.descry.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.descry.data.DescryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation of labels against a truth file: hand-counted accuracy, coverage, confusion and outlier figures. */
class EvaluationTest {

    @TempDir
    Path dir;

    @Test
    void countsByHand() throws Exception {
        Path truth = dir.resolve("truth.csv");
        Files.writeString(truth, """
                paths,item,type,view,outlier
                a,1,car,front,
                b,1,car,rear,
                c,2,bus,front,
                d,2,bus,,
                e,3,,,blur
                f,3,car,front,
                """);
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, """
                path,type,type_confidence,view,view_confidence,outlier,outlier_score,reason
                a,car,0.9,front,0.8,false,0.1,
                b,bus,0.6,front,0.7,false,0.2,
                c,bus,0.9,,,false,0.3,view: far from every named cluster
                d,,,front,0.9,false,0.4,type: cluster named unknown
                e,car,0.5,rear,0.5,true,0.9,
                f,car,0.7,front,0.9,true,0.35,
                """);
        Evaluation e = Evaluation.of(labels, truth);
        Evaluation.Attribute type = e.attributes().get(0);
        assertEquals("type", type.name());
        assertEquals(5, type.rows());
        assertEquals(4, type.labelled());
        assertEquals(3, type.correct());
        assertEquals(0.6, type.accuracy(), 1e-12);
        assertEquals(0.8, type.coverage(), 1e-12);
        assertEquals(0.75, type.accuracyOnLabelled(), 1e-12);
        assertEquals(List.of("bus", "car"), type.classes());
        assertEquals(List.of("bus", "car", Evaluation.WITHHELD), type.predicted());
        assertArrayEquals(new int[] {1, 0, 1, 1, 2, 0}, type.confusion());
        Evaluation.Attribute view = e.attributes().get(1);
        assertEquals(4, view.rows());
        assertEquals(2, view.correct());
        Evaluation.Outliers o = e.outliers();
        assertEquals(1, o.trueOutliers());
        assertEquals(2, o.flagged());
        assertEquals(0.5, o.precision(), 1e-12);
        assertEquals(1.0, o.recall(), 1e-12);
        assertEquals(1.0, o.rocAuc(), 1e-12);
    }

    @Test
    void unrelatedFilesAreAClearError() throws Exception {
        Path truth = dir.resolve("truth.csv");
        Files.writeString(truth, "paths,colour\na,red\n");
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "path,type,type_confidence,reason\na,car,1,\n");
        DescryException ex = assertThrows(DescryException.class, () -> Evaluation.of(labels, truth));
        assertEquals(labels + ": no attribute column is also in " + truth + " (labels: path, type, type_confidence, "
                + "reason; truth: paths, colour)", ex.getMessage());
    }
}
