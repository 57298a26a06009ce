package org.descry.io;

import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Collectors;
import org.descry.io.PickleValue.Bytes;
import org.descry.io.PickleValue.DTypeValue;
import org.descry.io.PickleValue.Dict;
import org.descry.io.PickleValue.Ndarray;
import org.descry.io.PickleValue.Pandas;
import org.descry.io.PickleValue.PyList;
import org.descry.io.PickleValue.Slice;
import org.descry.io.PickleValue.Tuple;

/**
 * Turns what {@link PickleMachine} returns into a {@link NumpyArray}: a {@code numpy.ndarray}, or a pandas
 * {@code DataFrame} whose columns all live in one numeric block (the frame of {@code pd.DataFrame(array)}).
 *
 * <p>pandas stores such a block transposed, as a C-order {@code (columns, rows)} array; the same bytes read as
 * a Fortran-order {@code (rows, columns)} array are the frame's values, so no copy is needed. Frames with
 * several blocks (columns of mixed dtypes) are refused with the advice to save {@code df.to_numpy()}.
 */
final class PickledArray {

    private PickledArray() {}

    static NumpyArray toArray(SourceBytes src, Object value) {
        return switch (value) {
            case Ndarray nd -> ndarray(src, nd);
            case Pandas p when p.kind == PickleGlobal.DATAFRAME -> dataFrame(src, p);
            case Dict d -> throw src.fail("the pickle holds a dict" + keys(d) + ", not a numpy.ndarray");
            case PyList l -> throw src.fail("the pickle holds a list of " + l.items().size()
                    + " items, not a numpy.ndarray; save np.asarray(x, dtype=np.float32)");
            default -> throw src.fail("the pickle holds a " + PickleMachine.typeName(value) + ", not a numpy.ndarray");
        };
    }

    private static String keys(Dict d) {
        List<String> names = d.items().keySet().stream().limit(10).map(k -> k instanceof String s
                ? "'" + PickleMachine.printable(s) + "'" : String.valueOf(k)).toList();
        return names.isEmpty() ? "" : " with keys " + names.stream().collect(Collectors.joining(", "))
                + (d.items().size() > 10 ? ", ..." : "");
    }

    private static NumpyArray ndarray(SourceBytes src, Ndarray nd) {
        return array(src, nd, nd.shape, nd.fortran, "numpy.ndarray");
    }

    private static NumpyArray array(SourceBytes src, Ndarray nd, long[] shape, boolean fortran, String what) {
        if (nd.shape == null || nd.dtype == null || nd.raw == null) {
            throw src.fail("invalid pickle: the " + what + " never receives its state (no BUILD)");
        }
        DType dtype = dtype(src, nd.dtype);
        if (!(nd.raw instanceof Bytes bytes)) {
            throw src.fail("invalid pickle: the " + what + " data is a " + PickleMachine.typeName(nd.raw)
                    + ", not bytes");
        }
        long count = NumpyArray.elementCount(shape);
        if (count < 0 || Math.multiplyHigh(count, dtype.itemSize()) != 0
                || count * dtype.itemSize() != bytes.segment().byteSize()) {
            throw src.fail("invalid pickle: the " + what + " data holds " + bytes.segment().byteSize()
                    + " bytes, shape " + NumpyArray.shapeString(shape) + " of " + dtype + " needs "
                    + (count < 0 ? "more than 2^63" : Long.toString(count * dtype.itemSize())));
        }
        ByteOrder order = nd.dtype.order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new NumpyArray(src.label(), src.path(), shape, dtype, order, fortran, bytes.segment(),
                bytes.fileOffset());
    }

    static DType dtype(SourceBytes src, DTypeValue dt) {
        if (dt.structured) {
            throw src.fail("unsupported dtype: a structured (record) dtype; Descry reads plain numeric arrays");
        }
        DType t = DType.forKind(dt.kind, dt.size);
        if (t == null) {
            throw src.fail("unsupported dtype " + DType.describeKind(dt.kind, dt.size)
                    + (dt.kind == 'O' ? ": an object array; convert it with np.asarray(a, dtype=np.float32)" : ""));
        }
        return t;
    }

    private static NumpyArray dataFrame(SourceBytes src, Pandas frame) {
        if (!(frame.state instanceof Dict state)) {
            throw src.fail("unsupported pandas pickle: the DataFrame has no state");
        }
        Object mgr = state.items().containsKey("_mgr") ? state.items().get("_mgr") : state.items().get("_data");
        if (!(mgr instanceof Pandas m) || m.kind != PickleGlobal.BLOCK_MANAGER || m.args.size() < 2
                || !(m.args.getFirst() instanceof Tuple blocks)) {
            throw src.fail("unsupported pandas pickle: the DataFrame is not stored as a BlockManager of pandas 1.x");
        }
        if (blocks.items().size() != 1) {
            throw src.fail("unsupported pandas pickle: the DataFrame has " + blocks.items().size()
                    + " blocks (columns of mixed dtypes); save df.to_numpy(dtype='float32') instead");
        }
        if (!(blocks.items().getFirst() instanceof Pandas b) || b.kind != PickleGlobal.UNPICKLE_BLOCK
                || b.args.size() < 2 || !(b.args.getFirst() instanceof Ndarray values)) {
            throw src.fail("unsupported pandas pickle: the DataFrame block is not a numpy array");
        }
        if (values.shape == null || values.shape.length != 2) {
            throw src.fail("unsupported pandas pickle: the DataFrame block is not 2-D");
        }
        long columns = values.shape[0];
        if (!(b.args.get(1) instanceof Slice(Object start, Object stop, Object step))
                || !Long.valueOf(0).equals(start) || !Long.valueOf(columns).equals(stop)
                || !(Long.valueOf(1).equals(step) || step == PickleValue.None.NONE)) {
            throw src.fail("unsupported pandas pickle: the DataFrame block does not hold columns 0 to "
                    + columns + " in order; save df.to_numpy(dtype='float32') instead");
        }
        long[] shape = {values.shape[1], columns};
        return array(src, values, shape, !values.fortran, "DataFrame block");
    }
}
