package org.descry.io;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .npy} format of NEP 1 ("A simple file format for NumPy arrays"), versions 1.0, 2.0 and 3.0: the
 * magic {@code \x93NUMPY}, a version, a little-endian header length (2 bytes in 1.0, 4 bytes after), a Python
 * dict literal with {@code descr}, {@code fortran_order} and {@code shape}, then the raw array bytes.
 *
 * <p>The header is parsed as a literal (strings, booleans, integers, tuples, lists), never evaluated; the
 * payload is not read at all but sliced from the mapped file, so an {@code .npy} of any size costs one
 * mapping.
 */
final class NpyFormat {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy itself refuses headers over 10,000 bytes by default; this leaves room for odd writers. */
    static final int MAX_HEADER = 1 << 20;

    private NpyFormat() {}

    static boolean hasMagic(SourceBytes src) {
        return NumpyReader.startsWith(src.bytes(), MAGIC);
    }

    static NumpyArray read(SourceBytes src) {
        var b = src.bytes();
        long size = b.byteSize();
        if (size < 10) {
            throw src.fail("truncated .npy file: " + size + " bytes, the header alone needs at least 10");
        }
        int major = Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, 6));
        int minor = Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, 7));
        long headerLength;
        long headerStart;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(b.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8));
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (size < 12) {
                throw src.fail("truncated .npy file: " + size + " bytes, a version " + major + " header needs 12");
            }
            headerLength = Integer.toUnsignedLong(b.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8));
            headerStart = 12;
        } else {
            throw src.fail("unsupported .npy format version " + major + "." + minor + " (Descry reads 1.0, 2.0 and 3.0)");
        }
        if (headerLength > size - headerStart) {
            throw src.fail("truncated .npy file: the header declares " + headerLength + " bytes, "
                    + (size - headerStart) + " remain");
        }
        if (headerLength > MAX_HEADER) {
            throw src.fail("invalid .npy file: a " + headerLength + "-byte header (numpy writes under 10,000)");
        }
        byte[] raw = b.asSlice(headerStart, headerLength).toArray(ValueLayout.JAVA_BYTE);
        String text = new String(raw, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> header = new HeaderParser(src, text).dict();

        Object descr = header.get("descr");
        if (descr instanceof List<?>) {
            throw src.fail("unsupported dtype: a structured (record) dtype; Descry reads plain numeric arrays");
        }
        if (!(descr instanceof String typestr)) {
            throw src.fail("invalid .npy header: no 'descr' string in " + PickleMachine.printable(text.strip()));
        }
        if (!(header.get("fortran_order") instanceof Boolean fortran)) {
            throw src.fail("invalid .npy header: no 'fortran_order' True/False in " + PickleMachine.printable(text.strip()));
        }
        if (!(header.get("shape") instanceof List<?> dims)) {
            throw src.fail("invalid .npy header: no 'shape' tuple in " + PickleMachine.printable(text.strip()));
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0) {
                throw src.fail("invalid .npy header: shape dimension " + dims.get(i));
            }
            shape[i] = d;
        }
        char order = typestr.isEmpty() ? '?' : typestr.charAt(0);
        String code = "<>|=".indexOf(order) >= 0 ? typestr.substring(1) : typestr;
        if (code.isEmpty()) {
            throw src.fail("invalid .npy header: empty descr");
        }
        int itemSize = parseSize(code.substring(1));
        DType dtype = DType.forKind(code.charAt(0), itemSize);
        if (dtype == null) {
            throw src.fail("unsupported dtype " + DType.describeKind(code.charAt(0), Math.max(itemSize, 0))
                    + (code.charAt(0) == 'O' ? ": an object array; convert it with np.asarray(a, dtype=np.float32)" : ""));
        }
        long count = NumpyArray.elementCount(shape);
        long dataStart = headerStart + headerLength;
        long available = size - dataStart;
        if (count < 0 || Math.multiplyHigh(count, dtype.itemSize()) != 0 || count * dtype.itemSize() > available) {
            throw src.fail("truncated .npy file: shape " + NumpyArray.shapeString(shape) + " of " + dtype + " needs "
                    + (count < 0 ? "more than 2^63" : Long.toString(count * dtype.itemSize())) + " data bytes, "
                    + available + " remain");
        }
        long bytes = count * dtype.itemSize();
        ByteOrder byteOrder = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new NumpyArray(src.label(), src.path(), shape, dtype, byteOrder, fortran,
                b.asSlice(dataStart, bytes), src.fileOffset() < 0 ? -1 : src.fileOffset() + dataStart);
    }

    private static int parseSize(String digits) {
        if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    /** A recursive-descent parser of the Python literals a header may hold, depth-limited. */
    private static final class HeaderParser {
        private static final int MAX_DEPTH = 16;
        private final SourceBytes src;
        private final String s;
        private int i;

        HeaderParser(SourceBytes src, String s) {
            this.src = src;
            this.s = s;
        }

        Map<String, Object> dict() {
            skip();
            if (!(value(0) instanceof Map<?, ?> m)) {
                throw bad("not a dict");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }

        private Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw bad("nested too deeply");
            }
            skip();
            if (i >= s.length()) {
                throw bad("ends early");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    i++;
                    Map<Object, Object> m = new LinkedHashMap<>();
                    while (true) {
                        skip();
                        if (peek() == '}') {
                            i++;
                            return m;
                        }
                        Object k = value(depth + 1);
                        skip();
                        expect(':');
                        m.put(k, value(depth + 1));
                        skip();
                        if (peek() == ',') {
                            i++;
                        } else if (peek() != '}') {
                            throw bad("expected , or }");
                        }
                    }
                }
                case '(', '[' -> {
                    char close = c == '(' ? ')' : ']';
                    i++;
                    List<Object> items = new ArrayList<>();
                    while (true) {
                        skip();
                        if (peek() == close) {
                            i++;
                            return items;
                        }
                        items.add(value(depth + 1));
                        skip();
                        if (peek() == ',') {
                            i++;
                        } else if (peek() != close) {
                            throw bad("expected , or " + close);
                        }
                    }
                }
                case '\'', '"' -> {
                    int start = ++i;
                    while (i < s.length() && s.charAt(i) != c) {
                        i++;
                    }
                    if (i >= s.length()) {
                        throw bad("unterminated string");
                    }
                    return s.substring(start, i++);
                }
                default -> {
                    int start = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '-' || s.charAt(i) == '_')) {
                        i++;
                    }
                    String word = s.substring(start, i);
                    switch (word) {
                        case "True" -> {
                            return Boolean.TRUE;
                        }
                        case "False" -> {
                            return Boolean.FALSE;
                        }
                        case "None" -> {
                            return PickleValue.None.NONE;
                        }
                        default -> {
                            String digits = word.endsWith("L") ? word.substring(0, word.length() - 1) : word;
                            if (digits.isEmpty() || digits.length() > 19
                                    || !digits.substring(digits.startsWith("-") ? 1 : 0).chars().allMatch(Character::isDigit)
                                    || digits.equals("-")) {
                                throw bad("unexpected '" + PickleMachine.printable(word.isEmpty() ? String.valueOf(c) : word) + "'");
                            }
                            try {
                                return Long.parseLong(digits);
                            } catch (NumberFormatException e) {
                                throw bad("integer out of range '" + digits + "'");
                            }
                        }
                    }
                }
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw bad("ends early");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw bad("expected " + c);
            }
            i++;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private org.descry.data.DescryException bad(String what) {
            return src.fail("invalid .npy header (" + what + " at character " + i + "): "
                    + PickleMachine.printable(s.strip()));
        }
    }
}
