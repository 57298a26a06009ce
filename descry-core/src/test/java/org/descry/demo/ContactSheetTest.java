package org.descry.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactSheetTest {

    @TempDir
    Path tmp;

    @Test
    void aSheetOfCaseRowsHasOneCellPerRow() throws IOException {
        Path dir = tmp.resolve("case");
        new CaseGenerator(CaseGenerator.Config.defaults(5, 30)).generate(dir, (d, t) -> { });
        Path png = tmp.resolve("sheet.png");
        ContactSheet.writeCaseRows(dir, new int[] {0, 3, 7, 29, 11}, png, 2, 2);
        BufferedImage sheet = ImageIO.read(png.toFile());
        int cellW = 96 * 2 + 2;
        int cellH = 64 * 2 + 12 + 2;
        assertEquals(2 * cellW + 2, sheet.getWidth());
        assertEquals(3 * cellH + 2, sheet.getHeight());
        assertTrue(sheet.getRGB(2 + 96, 2 + 64) != 0xFFFFFFFF, "a thumbnail is drawn in the first cell");
        assertEquals(0xFFFFFFFF, sheet.getRGB(cellW + 2 + 96, 2 * cellH + 2 + 64), "the sixth cell is empty");
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.writeCaseRows(dir, new int[] {30}, png, 2, 2));
    }

    @Test
    void argumentsAreChecked() {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContactSheet.render(List.of(img), List.of(), 3, 1));
        assertTrue(e.getMessage().contains("captions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ContactSheet.render(List.of(img), List.of("x"), 0, 1));
        assertTrue(e.getMessage().contains("columns"), e.getMessage());
    }
}
