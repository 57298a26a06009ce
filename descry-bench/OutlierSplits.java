import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.descry.label.GroupSplit;

/**
 * Writes Descry's trial splits of the fashion case (GroupSplit by item, 20%, seeds 0..4) as split{seed}.txt, one
 * 0/1 line per image (1 = test), for outlier_combination.py. Usage:
 * java -cp descry-cli/target/descry.jar descry-bench/OutlierSplits.java LABELS_CSV OUT_DIR
 */
public class OutlierSplits {
    public static void main(String[] a) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(a[0]));
        List<String> items = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            items.add(l.split(",", -1)[1]);
        }
        for (int seed = 0; seed < 5; seed++) {
            StringBuilder sb = new StringBuilder();
            for (boolean t : new GroupSplit(0.2, seed).testRows(items)) {
                sb.append(t ? '1' : '0').append('\n');
            }
            Files.writeString(Path.of(a[1], "split" + seed + ".txt"), sb);
        }
    }
}
