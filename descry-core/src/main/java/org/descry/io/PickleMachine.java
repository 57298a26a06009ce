package org.descry.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import org.descry.io.PickleValue.Bytes;
import org.descry.io.PickleValue.DTypeValue;
import org.descry.io.PickleValue.Dict;
import org.descry.io.PickleValue.Global;
import org.descry.io.PickleValue.LargeText;
import org.descry.io.PickleValue.Ndarray;
import org.descry.io.PickleValue.Pandas;
import org.descry.io.PickleValue.PyList;
import org.descry.io.PickleValue.PySet;
import org.descry.io.PickleValue.Slice;
import org.descry.io.PickleValue.Tuple;

/**
 * An interpreter of the Python pickle opcodes, protocols 0 to 5 (Python's {@code pickletools}; PEP 307 for
 * protocol 2, PEP 3154 for protocol 4's framing, 8-byte lengths and {@code STACK_GLOBAL}, PEP 574 for protocol
 * 5's {@code BYTEARRAY8} and buffers), that treats a pickle as data.
 *
 * <p>Python's unpickler imports and calls whatever the stream names, so loading an untrusted pickle runs its
 * code. This machine instead checks every global against {@link PickleGlobal} when the GLOBAL, STACK_GLOBAL or
 * INST opcode is read and stops on the first unknown one; the allowed "calls" only build {@link PickleValue}s.
 *
 * <p>It reads from a (mapped) {@link MemorySegment}, never copying a byte payload: BINBYTES, BINBYTES8,
 * BYTEARRAY8 and the like become {@link Bytes} slices that remember their file offset, which is what lets
 * {@link NumpyArray#toFloatMatrix()} map a 4 GB array in place. Every length is checked against the bytes left
 * before anything is allocated; the stack, the memo and the number of objects are bounded, and nothing
 * recurses, so a hostile or corrupt file ends in a {@link org.descry.data.DescryException}, not a hang or an
 * out-of-memory error. FRAME (protocol 4) only groups opcodes, so the machine checks its length and reads on.
 */
final class PickleMachine {

    static final int MAX_STACK = 1_000_000;
    static final int MAX_MARKS = 100_000;
    static final int MAX_MEMO = 1_000_000;
    static final long MAX_OBJECTS = 4_000_000;
    /** Strings up to this many bytes become Java strings; longer ones stay in the file as {@link LargeText}. */
    static final int SMALL_TEXT = 1 << 20;
    /** Longest text line (GLOBAL names, INT, FLOAT, GET ... of protocols 0 and 1) the machine reads. */
    static final int MAX_LINE = 1 << 16;
    /** Longest protocol-0 STRING (quoted bytes) decoded onto the heap. */
    static final int MAX_QUOTED_STRING = 1 << 26;
    /** Longest LONG1/LONG4 integer, in bytes; numpy pickles use none. */
    static final int MAX_LONG_BYTES = 64;

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64_BE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final SourceBytes src;
    private final MemorySegment buf;
    private final long end;
    private long pos;
    private final ArrayList<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markCount;
    private final HashMap<Long, Object> memo = new HashMap<>();
    private long objects;

    private PickleMachine(SourceBytes src) {
        this.src = src;
        this.buf = src.bytes();
        this.end = buf.byteSize();
    }

    /** Runs the pickle in {@code src} up to its STOP opcode and returns the value it leaves. */
    static Object run(SourceBytes src) {
        return new PickleMachine(src).loop();
    }

    private Object loop() {
        while (true) {
            long at = pos;
            if (pos >= end) {
                throw src.fail("truncated pickle: ends at byte " + end + " without a STOP opcode");
            }
            int op = Byte.toUnsignedInt(buf.get(ValueLayout.JAVA_BYTE, pos++));
            switch (op) {
                case '(' -> pushMark(at);
                case '.' -> {
                    if (stack.isEmpty() || markBase() == stack.size() && markCount > 0) {
                        throw src.fail("invalid pickle: STOP at byte " + at + " with nothing to return");
                    }
                    return stack.getLast();
                }
                case '0' -> {
                    if (stack.size() > markBase()) {
                        stack.removeLast();
                    } else if (markCount > 0) {
                        markCount--;
                    } else {
                        throw underflow("POP", at);
                    }
                }
                case '1' -> popMark("POP_MARK", at);
                case '2' -> push(peek("DUP", at), at);
                case 'F' -> push(parseFloat(line("FLOAT", at), at), at);
                case 'I' -> {
                    String s = line("INT", at);
                    push(switch (s) {
                        case "00" -> Boolean.FALSE;
                        case "01" -> Boolean.TRUE;
                        default -> parseInt(s, "INT", at);
                    }, at);
                }
                case 'J' -> push((long) buf.get(I32, take(4, "BININT", at)), at);
                case 'K' -> push((long) Byte.toUnsignedInt(buf.get(ValueLayout.JAVA_BYTE, take(1, "BININT1", at))), at);
                case 'M' -> push((long) Short.toUnsignedInt(buf.get(I16, take(2, "BININT2", at))), at);
                case 'L' -> {
                    String s = line("LONG", at);
                    push(parseInt(s.endsWith("L") ? s.substring(0, s.length() - 1) : s, "LONG", at), at);
                }
                case 'N' -> push(PickleValue.None.NONE, at);
                case 'P', 'Q' -> throw src.fail("unsupported pickle: persistent id (PERSID) at byte " + at
                        + " refers to an object outside the file");
                case 'R' -> {
                    Object args = pop("REDUCE", at);
                    Object callable = pop("REDUCE", at);
                    push(call(callable, asTuple(args, "REDUCE", at), at), at);
                }
                case 'S' -> push(quotedString(line("STRING", at, MAX_QUOTED_STRING), at), at);
                case 'T' -> push(bytes(signedLength(buf.get(I32, take(4, "BINSTRING", at)), "BINSTRING", at),
                        "BINSTRING", at), at);
                case 'U' -> push(bytes(u8("SHORT_BINSTRING", at), "SHORT_BINSTRING", at), at);
                case 'V' -> push(rawUnicodeLine(at), at);
                case 'X' -> push(utf8(Integer.toUnsignedLong(buf.get(I32, take(4, "BINUNICODE", at))), "BINUNICODE", at), at);
                case 0x8d -> push(utf8(buf.get(I64, take(8, "BINUNICODE8", at)), "BINUNICODE8", at), at);
                case 0x8c -> push(utf8(u8("SHORT_BINUNICODE", at), "SHORT_BINUNICODE", at), at);
                case 'a' -> {
                    Object v = pop("APPEND", at);
                    asList(peek("APPEND", at), "APPEND", at).add(v);
                }
                case 'e' -> {
                    List<Object> items = popMark("APPENDS", at);
                    asList(peek("APPENDS", at), "APPENDS", at).addAll(items);
                }
                case 'b' -> {
                    Object state = pop("BUILD", at);
                    build(peek("BUILD", at), state, at);
                }
                case 'c' -> {
                    String module = line("GLOBAL", at);
                    String name = line("GLOBAL", at);
                    push(global(module, name, at), at);
                }
                case 'd' -> push(dict(popMark("DICT", at), "DICT", at), at);
                case '}' -> push(new Dict(new LinkedHashMap<>()), at);
                case 'g' -> push(memoGet(parseIndex(line("GET", at), "GET", at), at), at);
                case 'h' -> push(memoGet(u8("BINGET", at), at), at);
                case 'j' -> push(memoGet(Integer.toUnsignedLong(buf.get(I32, take(4, "LONG_BINGET", at))), at), at);
                case 'i' -> {
                    String module = line("INST", at);
                    String name = line("INST", at);
                    Global g = global(module, name, at);
                    push(call(g, new Tuple(popMark("INST", at)), at), at);
                }
                case 'o' -> {
                    List<Object> items = popMark("OBJ", at);
                    if (items.isEmpty()) {
                        throw underflow("OBJ", at);
                    }
                    push(call(items.getFirst(), new Tuple(items.subList(1, items.size())), at), at);
                }
                case 'l' -> push(new PyList(new ArrayList<>(popMark("LIST", at))), at);
                case ']' -> push(new PyList(new ArrayList<>()), at);
                case 'p' -> memoPut(parseIndex(line("PUT", at), "PUT", at), at);
                case 'q' -> memoPut(u8("BINPUT", at), at);
                case 'r' -> memoPut(Integer.toUnsignedLong(buf.get(I32, take(4, "LONG_BINPUT", at))), at);
                case 0x94 -> memoPut(memo.size(), at);
                case 's' -> {
                    Object v = pop("SETITEM", at);
                    Object k = pop("SETITEM", at);
                    asDict(peek("SETITEM", at), "SETITEM", at).items().put(key(k, at), v);
                }
                case 'u' -> {
                    List<Object> items = popMark("SETITEMS", at);
                    Dict d = asDict(peek("SETITEMS", at), "SETITEMS", at);
                    if (items.size() % 2 != 0) {
                        throw src.fail("invalid pickle: SETITEMS at byte " + at + " has an odd number of items");
                    }
                    for (int i = 0; i < items.size(); i += 2) {
                        d.items().put(key(items.get(i), at), items.get(i + 1));
                    }
                }
                case 't' -> push(new Tuple(popMark("TUPLE", at)), at);
                case ')' -> push(new Tuple(List.of()), at);
                case 0x85, 0x86, 0x87 -> {
                    int n = op - 0x84;
                    if (stack.size() - markBase() < n) {
                        throw underflow("TUPLE" + n, at);
                    }
                    List<Object> top = stack.subList(stack.size() - n, stack.size());
                    Tuple t = new Tuple(List.copyOf(top));
                    top.clear();
                    push(t, at);
                }
                case 'G' -> push(buf.get(F64_BE, take(8, "BINFLOAT", at)), at);
                case 0x80 -> {
                    int protocol = u8("PROTO", at);
                    if (protocol > 5) {
                        throw src.fail("unsupported pickle protocol " + protocol + " (Descry reads protocols 0 to 5)");
                    }
                }
                case 0x81 -> {
                    Object args = pop("NEWOBJ", at);
                    Object cls = pop("NEWOBJ", at);
                    push(newObject(cls, asTuple(args, "NEWOBJ", at), at), at);
                }
                case 0x92 -> {
                    Object kwargs = pop("NEWOBJ_EX", at);
                    Object args = pop("NEWOBJ_EX", at);
                    Object cls = pop("NEWOBJ_EX", at);
                    if (!(kwargs instanceof Dict d) || !d.items().isEmpty()) {
                        throw src.fail("unsupported pickle: NEWOBJ_EX at byte " + at + " with keyword arguments");
                    }
                    push(newObject(cls, asTuple(args, "NEWOBJ_EX", at), at), at);
                }
                case 0x82, 0x83, 0x84 -> throw src.fail("unsupported pickle: extension code (EXT" + (op == 0x84 ? 4 : op - 0x81)
                        + ") at byte " + at + " refers to Python's copyreg registry");
                case 0x88 -> push(Boolean.TRUE, at);
                case 0x89 -> push(Boolean.FALSE, at);
                case 0x8a -> push(longBytes(u8("LONG1", at), "LONG1", at), at);
                case 0x8b -> push(longBytes(signedLength(buf.get(I32, take(4, "LONG4", at)), "LONG4", at), "LONG4", at), at);
                case 'B' -> push(bytes(Integer.toUnsignedLong(buf.get(I32, take(4, "BINBYTES", at))), "BINBYTES", at), at);
                case 'C' -> push(bytes(u8("SHORT_BINBYTES", at), "SHORT_BINBYTES", at), at);
                case 0x8e -> push(bytes(buf.get(I64, take(8, "BINBYTES8", at)), "BINBYTES8", at), at);
                case 0x96 -> push(bytes(buf.get(I64, take(8, "BYTEARRAY8", at)), "BYTEARRAY8", at), at);
                case 0x8f -> push(new PySet(new ArrayList<>()), at);
                case 0x90 -> {
                    List<Object> items = popMark("ADDITEMS", at);
                    if (!(peek("ADDITEMS", at) instanceof PySet s)) {
                        throw wrongType("ADDITEMS", "a set", peek("ADDITEMS", at), at);
                    }
                    s.items().addAll(items);
                }
                case 0x91 -> push(new PySet(new ArrayList<>(popMark("FROZENSET", at))), at);
                case 0x93 -> {
                    Object name = pop("STACK_GLOBAL", at);
                    Object module = pop("STACK_GLOBAL", at);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw src.fail("invalid pickle: STACK_GLOBAL at byte " + at + " needs two strings, got "
                                + typeName(module) + " and " + typeName(name));
                    }
                    push(global(m, n, at), at);
                }
                case 0x95 -> {
                    long n = buf.get(I64, take(8, "FRAME", at));
                    if (n < 0 || n > end - pos) {
                        throw truncated("FRAME", at, n);
                    }
                }
                case 0x97 -> throw src.fail("unsupported pickle: NEXT_BUFFER at byte " + at
                        + " takes an out-of-band buffer (protocol 5 buffer_callback) that is not in the file");
                case 0x98 -> peek("READONLY_BUFFER", at);
                default -> throw src.fail((at == 0 ? "not a pickle" : "invalid pickle") + ": unknown opcode 0x"
                        + Integer.toHexString(op) + " at byte " + at);
            }
        }
    }

    // ---- allowed globals and their "calls"

    private Global global(String module, String name, long at) {
        PickleGlobal g = PickleGlobal.find(module, name);
        if (g == null) {
            throw src.fail("refused global '" + printable(module) + " " + printable(name) + "' at byte " + at
                    + ": a numpy array pickle names only numpy globals, and this one could run code when unpickled");
        }
        return new Global(g);
    }

    private Object call(Object callable, Tuple args, long at) {
        if (!(callable instanceof Global(PickleGlobal g))) {
            throw src.fail("invalid pickle: call at byte " + at + " of a " + typeName(callable) + ", not a function");
        }
        List<Object> a = args.items();
        return switch (g) {
            case RECONSTRUCT, RECONSTRUCT_2 -> {
                arity(g, a, 3, at);
                if (!(a.getFirst() instanceof Global(PickleGlobal cls)) || cls != PickleGlobal.NDARRAY) {
                    throw src.fail("unsupported pickle: " + g + " at byte " + at + " builds a "
                            + typeName(a.getFirst()) + ", not a numpy.ndarray");
                }
                yield new Ndarray();
            }
            case DTYPE -> {
                if (a.isEmpty() || !(a.getFirst() instanceof String code)) {
                    throw src.fail("invalid pickle: numpy.dtype at byte " + at + " without a type code");
                }
                yield dtype(code, at);
            }
            case FROMBUFFER, FROMBUFFER_2 -> {
                arity(g, a, 4, at);
                Ndarray nd = new Ndarray();
                if (!(a.get(0) instanceof Bytes)) {
                    throw wrongType(g.toString(), "bytes", a.get(0), at);
                }
                nd.raw = a.get(0);
                nd.dtype = asDType(a.get(1), g.toString(), at);
                nd.shape = shape(a.get(2), at);
                if (!(a.get(3) instanceof String order) || !(order.equals("C") || order.equals("F"))) {
                    throw src.fail("unsupported pickle: " + g + " at byte " + at + " with order " + describe(a.get(3)));
                }
                nd.fortran = order.equals("F");
                yield nd;
            }
            case CODECS_ENCODE -> {
                arity(g, a, 2, at);
                if (!(a.get(1) instanceof String enc) || !isLatin1(enc)) {
                    throw src.fail("unsupported pickle: _codecs.encode at byte " + at + " with encoding "
                            + describe(a.get(1)) + " (numpy pickles use latin1)");
                }
                yield latin1(a.get(0), at);
            }
            case SLICE, SLICE_PY2 -> {
                arity(g, a, 3, at);
                yield new Slice(a.get(0), a.get(1), a.get(2));
            }
            case UNPICKLE_BLOCK, BLOCK_MANAGER, NEW_INDEX, INDEX, RANGE_INDEX, DATAFRAME -> new Pandas(g, List.copyOf(a));
            case NDARRAY -> throw src.fail("unsupported pickle: numpy.ndarray called directly at byte " + at);
        };
    }

    private Object newObject(Object cls, Tuple args, long at) {
        if (cls instanceof Global(PickleGlobal g) && g.isPandas()) {
            return new Pandas(g, args.items());
        }
        throw src.fail("unsupported pickle: NEWOBJ at byte " + at + " of " + describe(cls));
    }

    private void build(Object target, Object state, long at) {
        switch (target) {
            case Ndarray nd -> {
                List<Object> s = asTuple(state, "ndarray BUILD", at).items();
                if (s.size() != 5 && s.size() != 4) {
                    throw src.fail("invalid pickle: ndarray state at byte " + at + " has " + s.size()
                            + " items, numpy writes 5");
                }
                int o = s.size() - 4;
                nd.shape = shape(s.get(o), at);
                nd.dtype = asDType(s.get(o + 1), "ndarray state", at);
                if (!(s.get(o + 2) instanceof Boolean f)) {
                    throw wrongType("ndarray state", "a bool (Fortran order)", s.get(o + 2), at);
                }
                nd.fortran = f;
                nd.raw = s.get(o + 3);
            }
            case DTypeValue dt -> {
                List<Object> s = asTuple(state, "dtype BUILD", at).items();
                if (s.size() < 5 || !(s.get(1) instanceof String order) || order.length() != 1) {
                    throw src.fail("invalid pickle: dtype state at byte " + at + " is not numpy's");
                }
                dt.order = order.charAt(0);
                dt.structured = s.get(3) != PickleValue.None.NONE || s.get(4) != PickleValue.None.NONE
                        || s.get(2) != PickleValue.None.NONE;
            }
            case Pandas p -> p.state = state;
            default -> throw src.fail("unsupported pickle: BUILD at byte " + at + " sets the state of a "
                    + typeName(target));
        }
    }

    private DTypeValue dtype(String code, long at) {
        int i = 0;
        char order = '|';
        if (!code.isEmpty() && "<>|=".indexOf(code.charAt(0)) >= 0) {
            order = code.charAt(0);
            i = 1;
        }
        if (code.length() <= i) {
            throw src.fail("invalid pickle: empty numpy dtype code at byte " + at);
        }
        char kind = code.charAt(i);
        int size = 0;
        for (int j = i + 1; j < code.length() && j < i + 10; j++) {
            char c = code.charAt(j);
            if (c < '0' || c > '9') {
                size = -1;
                break;
            }
            size = size * 10 + (c - '0');
        }
        DTypeValue dt = new DTypeValue(kind, size);
        dt.order = order;
        return dt;
    }

    private long[] shape(Object o, long at) {
        List<Object> items;
        if (o instanceof Tuple t) {
            items = t.items();
        } else if (o instanceof Long l) {
            items = List.of(l);
        } else {
            throw wrongType("ndarray", "a shape tuple", o, at);
        }
        if (items.size() > 32) {
            throw src.fail("invalid pickle: array at byte " + at + " has " + items.size() + " dimensions (numpy allows 64, Descry 32)");
        }
        long[] shape = new long[items.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(items.get(i) instanceof Long d) || d < 0) {
                throw src.fail("invalid pickle: array shape at byte " + at + " has dimension " + describe(items.get(i)));
            }
            shape[i] = d;
        }
        return shape;
    }

    private DTypeValue asDType(Object o, String what, long at) {
        if (o instanceof DTypeValue d) {
            return d;
        }
        throw wrongType(what, "a numpy.dtype", o, at);
    }

    private void arity(PickleGlobal g, List<Object> a, int n, long at) {
        if (a.size() != n) {
            throw src.fail("invalid pickle: " + g + " at byte " + at + " takes " + n + " arguments, got " + a.size());
        }
    }

    private static boolean isLatin1(String enc) {
        String e = enc.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return e.equals("latin1") || e.equals("latin-1") || e.equals("iso-8859-1") || e.equals("iso8859-1");
    }

    // ---- text and bytes

    /** {@code _codecs.encode(text, 'latin1')}: protocol 0-2 pickles carry array bytes as a latin-1 string. */
    private Bytes latin1(Object text, long at) {
        if (text instanceof String s) {
            byte[] out = new byte[s.length()];
            for (int i = 0; i < out.length; i++) {
                char c = s.charAt(i);
                if (c > 0xFF) {
                    throw notLatin1(at);
                }
                out[i] = (byte) c;
            }
            return new Bytes(MemorySegment.ofArray(out), -1);
        }
        if (text instanceof LargeText t) {
            long n = t.rawUnicodeEscape() ? decodeRawUnicode(t.segment(), null, at) : decodeUtf8(t.segment(), null, at);
            MemorySegment out;
            try {
                out = Arena.ofAuto().allocate(Math.max(n, 1), 8).asSlice(0, n);
            } catch (OutOfMemoryError e) {
                throw src.fail("not enough memory to decode a " + n + "-byte protocol 0-2 array payload;"
                        + " save the array with pickle protocol 4 or np.save instead");
            }
            if (t.rawUnicodeEscape()) {
                decodeRawUnicode(t.segment(), out, at);
            } else {
                decodeUtf8(t.segment(), out, at);
            }
            return new Bytes(out, -1);
        }
        throw wrongType("_codecs.encode", "a str", text, at);
    }

    private org.descry.data.DescryException notLatin1(long at) {
        return src.fail("invalid pickle: _codecs.encode at byte " + at + " has characters beyond latin-1");
    }

    /** Decodes UTF-8 limited to code points 0-255 into {@code out} (or only counts when null); returns the length. */
    private long decodeUtf8(MemorySegment in, MemorySegment out, long at) {
        long n = 0;
        long size = in.byteSize();
        for (long i = 0; i < size; i++) {
            int b = Byte.toUnsignedInt(in.get(ValueLayout.JAVA_BYTE, i));
            if (b >= 0x80) {
                if ((b != 0xC2 && b != 0xC3) || i + 1 >= size) {
                    throw notLatin1(at);
                }
                int c = Byte.toUnsignedInt(in.get(ValueLayout.JAVA_BYTE, ++i));
                if ((c & 0xC0) != 0x80) {
                    throw notLatin1(at);
                }
                b = ((b & 0x1F) << 6) | (c & 0x3F);
            }
            if (out != null) {
                out.set(ValueLayout.JAVA_BYTE, n, (byte) b);
            }
            n++;
        }
        return n;
    }

    /** Decodes raw-unicode-escape ({@code \\uXXXX}, {@code \\UXXXXXXXX}, other bytes latin-1) limited to 0-255. */
    private long decodeRawUnicode(MemorySegment in, MemorySegment out, long at) {
        long n = 0;
        long size = in.byteSize();
        for (long i = 0; i < size; i++) {
            int b = Byte.toUnsignedInt(in.get(ValueLayout.JAVA_BYTE, i));
            if (b == '\\' && i + 1 < size) {
                int kind = in.get(ValueLayout.JAVA_BYTE, i + 1);
                int digits = kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
                if (digits > 0) {
                    if (i + 1 + digits >= size) {
                        throw src.fail("invalid pickle: truncated \\u escape in UNICODE at byte " + at);
                    }
                    long cp = 0;
                    for (int d = 0; d < digits; d++) {
                        int h = Character.digit(in.get(ValueLayout.JAVA_BYTE, i + 2 + d), 16);
                        if (h < 0) {
                            throw src.fail("invalid pickle: bad \\u escape in UNICODE at byte " + at);
                        }
                        cp = cp * 16 + h;
                    }
                    if (cp > 0xFF) {
                        throw notLatin1(at);
                    }
                    b = (int) cp;
                    i += 1 + digits;
                }
            }
            if (out != null) {
                out.set(ValueLayout.JAVA_BYTE, n, (byte) b);
            }
            n++;
        }
        return n;
    }

    private Object utf8(long n, String what, long at) {
        long start = take(n, what, at);
        if (n <= SMALL_TEXT) {
            byte[] b = buf.asSlice(start, n).toArray(ValueLayout.JAVA_BYTE);
            return new String(b, StandardCharsets.UTF_8);
        }
        return new LargeText(buf.asSlice(start, n), false);
    }

    private Object rawUnicodeLine(long at) {
        long start = pos;
        long nl = findNewline(start, end);
        if (nl < 0) {
            throw src.fail("truncated pickle: UNICODE at byte " + at + " has no end of line");
        }
        pos = nl + 1;
        MemorySegment text = buf.asSlice(start, nl - start);
        if (text.byteSize() > SMALL_TEXT) {
            return new LargeText(text, true);
        }
        return rawUnicodeToString(text, at);
    }

    private String rawUnicodeToString(MemorySegment text, long at) {
        StringBuilder sb = new StringBuilder((int) text.byteSize());
        long size = text.byteSize();
        for (long i = 0; i < size; i++) {
            int b = Byte.toUnsignedInt(text.get(ValueLayout.JAVA_BYTE, i));
            if (b == '\\' && i + 1 < size) {
                int kind = text.get(ValueLayout.JAVA_BYTE, i + 1);
                int digits = kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
                if (digits > 0) {
                    if (i + 1 + digits >= size) {
                        throw src.fail("invalid pickle: truncated \\u escape in UNICODE at byte " + at);
                    }
                    int cp = 0;
                    for (int d = 0; d < digits; d++) {
                        int h = Character.digit(text.get(ValueLayout.JAVA_BYTE, i + 2 + d), 16);
                        if (h < 0) {
                            throw src.fail("invalid pickle: bad \\u escape in UNICODE at byte " + at);
                        }
                        cp = cp * 16 + h;
                    }
                    if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                        throw src.fail("invalid pickle: bad \\U escape in UNICODE at byte " + at);
                    }
                    sb.appendCodePoint(cp);
                    i += 1 + digits;
                    continue;
                }
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    private Bytes bytes(long n, String what, long at) {
        long start = take(n, what, at);
        return new Bytes(buf.asSlice(start, n), src.fileOffset() < 0 ? -1 : src.fileOffset() + start);
    }

    /** A protocol-0 STRING: a Python bytes literal in quotes, with backslash escapes. */
    private Bytes quotedString(String s, long at) {
        if (s.length() < 2 || s.charAt(0) != s.charAt(s.length() - 1) || (s.charAt(0) != '\'' && s.charAt(0) != '"')) {
            throw src.fail("invalid pickle: STRING at byte " + at + " is not quoted");
        }
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                char e = s.charAt(++i);
                switch (e) {
                    case 'n' -> c = '\n';
                    case 'r' -> c = '\r';
                    case 't' -> c = '\t';
                    case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                        int v = e - '0';
                        for (int k = 0; k < 2 && i + 1 < s.length() - 1 && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '7'; k++) {
                            v = v * 8 + s.charAt(++i) - '0';
                        }
                        c = (char) (v & 0xFF);
                    }
                    case 'x' -> {
                        if (i + 2 >= s.length() - 1 + 1 || Character.digit(s.charAt(i + 1), 16) < 0
                                || Character.digit(s.charAt(i + 2), 16) < 0) {
                            throw src.fail("invalid pickle: bad \\x escape in STRING at byte " + at);
                        }
                        c = (char) (Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                        i += 2;
                    }
                    default -> c = e;
                }
            }
            out[n++] = (byte) c;
        }
        return new Bytes(MemorySegment.ofArray(Arrays.copyOf(out, n)), -1);
    }

    // ---- numbers

    private Object parseInt(String s, String what, long at) {
        try {
            BigInteger v = new BigInteger(s.strip());
            return v.bitLength() < 64 ? (Object) v.longValue() : v;
        } catch (NumberFormatException e) {
            throw src.fail((at == 0 ? "not a pickle" : "invalid pickle") + ": " + what + " at byte " + at
                    + " is not a number: '" + printable(s) + "'");
        }
    }

    private long parseIndex(String s, String what, long at) {
        Object v = parseInt(s, what, at);
        if (v instanceof Long l && l >= 0) {
            return l;
        }
        throw src.fail("invalid pickle: " + what + " at byte " + at + " has memo index " + printable(s));
    }

    private Double parseFloat(String s, long at) {
        String t = s.strip();
        switch (t) {
            case "nan", "-nan" -> {
                return Double.NaN;
            }
            case "inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                if (t.isEmpty() || !t.chars().allMatch(c -> "0123456789+-.eE".indexOf(c) >= 0)) {
                    throw src.fail("invalid pickle: FLOAT at byte " + at + " is not a number: '" + printable(t) + "'");
                }
                try {
                    return Double.valueOf(t);
                } catch (NumberFormatException e) {
                    throw src.fail("invalid pickle: FLOAT at byte " + at + " is not a number: '" + printable(t) + "'");
                }
            }
        }
    }

    private Object longBytes(long n, String what, long at) {
        if (n > MAX_LONG_BYTES) {
            throw src.fail("unsupported pickle: " + what + " at byte " + at + " is a " + n + "-byte integer");
        }
        long start = take(n, what, at);
        if (n == 0) {
            return 0L;
        }
        byte[] le = buf.asSlice(start, n).toArray(ValueLayout.JAVA_BYTE);
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    // ---- reading

    /** Reserves {@code n} bytes at the current position and returns where they start. */
    private long take(long n, String what, long at) {
        if (n < 0 || n > end - pos) {
            throw truncated(what, at, n);
        }
        long start = pos;
        pos += n;
        return start;
    }

    private int u8(String what, long at) {
        return Byte.toUnsignedInt(buf.get(ValueLayout.JAVA_BYTE, take(1, what, at)));
    }

    private long signedLength(int n, String what, long at) {
        if (n < 0) {
            throw src.fail("invalid pickle: " + what + " at byte " + at + " has negative length " + n);
        }
        return n;
    }

    private org.descry.data.DescryException truncated(String what, long at, long n) {
        return src.fail("truncated pickle: " + what + " at byte " + at + " declares " + Long.toUnsignedString(n)
                + " bytes, " + (end - pos) + " remain");
    }

    private String line(String what, long at) {
        return line(what, at, MAX_LINE);
    }

    private String line(String what, long at, int max) {
        long limit = Math.min(end, pos + max + 1);
        long nl = findNewline(pos, limit);
        if (nl < 0) {
            if (limit == end) {
                throw src.fail("truncated pickle: " + what + " at byte " + at + " has no end of line");
            }
            throw src.fail("invalid pickle: " + what + " at byte " + at + " has a line longer than " + max + " bytes");
        }
        byte[] b = buf.asSlice(pos, nl - pos).toArray(ValueLayout.JAVA_BYTE);
        pos = nl + 1;
        int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        return new String(b, 0, len, StandardCharsets.UTF_8);
    }

    private long findNewline(long from, long limit) {
        for (long i = from; i < limit; i++) {
            if (buf.get(ValueLayout.JAVA_BYTE, i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    // ---- stack, marks, memo

    private int markBase() {
        return markCount == 0 ? 0 : marks[markCount - 1];
    }

    private void pushMark(long at) {
        if (markCount == MAX_MARKS) {
            throw src.fail("invalid pickle: more than " + MAX_MARKS + " nested MARKs at byte " + at);
        }
        if (markCount == marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markCount++] = stack.size();
    }

    private List<Object> popMark(String what, long at) {
        if (markCount == 0) {
            throw src.fail("invalid pickle: " + what + " at byte " + at + " without a MARK");
        }
        int base = marks[--markCount];
        List<Object> top = stack.subList(base, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private void push(Object v, long at) {
        if (stack.size() >= MAX_STACK || ++objects > MAX_OBJECTS) {
            throw src.fail("unsupported pickle: more than " + (stack.size() >= MAX_STACK ? MAX_STACK + " stack items"
                    : MAX_OBJECTS + " objects") + " at byte " + at + "; this is not a numpy array");
        }
        stack.add(v);
    }

    private Object pop(String what, long at) {
        if (stack.size() <= markBase()) {
            throw underflow(what, at);
        }
        return stack.removeLast();
    }

    private Object peek(String what, long at) {
        if (stack.size() <= markBase()) {
            throw underflow(what, at);
        }
        return stack.getLast();
    }

    private org.descry.data.DescryException underflow(String what, long at) {
        return src.fail((at == 0 ? "not a pickle" : "invalid pickle") + ": " + what + " at byte " + at
                + " finds the stack empty");
    }

    private Object memoGet(long index, long at) {
        Object v = memo.get(index);
        if (v == null) {
            throw src.fail("invalid pickle: memo entry " + index + " read at byte " + at + " was never stored");
        }
        return v;
    }

    private void memoPut(long index, long at) {
        Object v = peek("PUT", at);
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw src.fail("unsupported pickle: more than " + MAX_MEMO + " memo entries at byte " + at);
        }
        memo.put(index, v);
    }

    // ---- containers

    private Tuple asTuple(Object o, String what, long at) {
        if (o instanceof Tuple t) {
            return t;
        }
        throw wrongType(what, "a tuple", o, at);
    }

    private ArrayList<Object> asList(Object o, String what, long at) {
        if (o instanceof PyList l) {
            return l.items();
        }
        throw wrongType(what, "a list", o, at);
    }

    private Dict asDict(Object o, String what, long at) {
        if (o instanceof Dict d) {
            return d;
        }
        throw wrongType(what, "a dict", o, at);
    }

    private Dict dict(List<Object> items, String what, long at) {
        if (items.size() % 2 != 0) {
            throw src.fail("invalid pickle: " + what + " at byte " + at + " has an odd number of items");
        }
        Dict d = new Dict(new LinkedHashMap<>());
        for (int i = 0; i < items.size(); i += 2) {
            d.items().put(key(items.get(i), at), items.get(i + 1));
        }
        return d;
    }

    /** Dict keys are restricted to scalars, so hashing never walks a (possibly very deep) structure. */
    private Object key(Object k, long at) {
        if (k instanceof String || k instanceof Long || k instanceof Boolean || k instanceof Double
                || k instanceof BigInteger || k == PickleValue.None.NONE) {
            return k;
        }
        throw src.fail("unsupported pickle: dict key of type " + typeName(k) + " at byte " + at);
    }

    private org.descry.data.DescryException wrongType(String what, String expected, Object got, long at) {
        return src.fail("invalid pickle: " + what + " at byte " + at + " expects " + expected + ", got "
                + typeName(got));
    }

    // ---- descriptions for messages (never recursive)

    /** The Python type name of a value. */
    static String typeName(Object o) {
        return switch (o) {
            case null -> "nothing";
            case Long l -> "int";
            case BigInteger b -> "int";
            case Double d -> "float";
            case Boolean b -> "bool";
            case String s -> "str";
            case PickleValue.None n -> "None";
            case Bytes b -> "bytes";
            case LargeText t -> "str";
            case Tuple t -> "tuple";
            case PyList l -> "list";
            case Dict d -> "dict";
            case PySet s -> "set";
            case Global g -> g.global().toString();
            case Slice s -> "slice";
            case DTypeValue d -> "numpy.dtype";
            case Ndarray n -> "numpy.ndarray";
            case Pandas p -> p.kind.toString();
            default -> o.getClass().getSimpleName();
        };
    }

    private static String describe(Object o) {
        if (o instanceof String s) {
            return "'" + printable(s) + "'";
        }
        if (o instanceof Long || o instanceof Boolean || o instanceof Double) {
            return String.valueOf(o);
        }
        return "a " + typeName(o);
    }

    /** At most 80 characters with control characters escaped, so a message stays one readable line. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return s.length() > 80 ? sb + "..." : sb.toString();
    }
}
