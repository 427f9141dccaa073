package io.github.transferml.transfer.torchscript;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the Python pickles inside a TorchScript file ({@code data.pkl}) without running any code:
 * classes become {@link PickledObject}s that only record their name and state, so a hostile file
 * can describe objects but never execute anything. Covers the opcodes of pickle protocols 2 to 5
 * that PyTorch writes; anything else is reported as unsupported.
 *
 * <p>Values map to Java as: str → String, int → Long (or BigInteger), float → Double, bool →
 * Boolean, None → null, tuple and list → List, dict → LinkedHashMap (insertion order, as Python
 * keeps it), and a persistent id (a tensor's storage) → whatever the given loader returns.
 */
final class Unpickler {

    /** A reference to a Python class or function, {@code module.name}. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /**
     * An instance of a Python class, as far as a pickle describes it.
     *
     * @param type the class
     * @param arguments what the class was called with (REDUCE), or empty (NEWOBJ)
     */
    record PickledObject(Global type, List<Object> arguments, Object[] state) {
        /** @return the state BUILD gave it, or null */
        Object getState() {
            return state[0];
        }
    }

    private static final Object MARK = new Object();

    private final ByteBuffer in;
    private final Function<Object, Object> persistentLoad;
    private final Function<PickledObject, Object> reduce;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    /**
     * @param bytes the pickle
     * @param persistentLoad turns a persistent id into its object
     * @param reduce turns a call of a known function into its value; returns the call unchanged to keep it as is
     */
    Unpickler(byte[] bytes, Function<Object, Object> persistentLoad, Function<PickledObject, Object> reduce) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.persistentLoad = persistentLoad;
        this.reduce = reduce;
    }

    /**
     * Runs the pickle.
     *
     * @return the object it describes
     * @throws IOException if the pickle is malformed or uses an unsupported opcode
     */
    Object load() throws IOException {
        try {
            while (true) {
                int position = in.position();
                int op = in.get() & 0xff;
                switch (op) {
                    case 0x80: // PROTO
                        in.get();
                        break;
                    case 0x95: // FRAME
                        in.getLong();
                        break;
                    case '.': // STOP
                        return pop();
                    case '(': // MARK
                        marks.add(stack.size());
                        stack.add(MARK);
                        break;
                    case 'N':
                        stack.add(null);
                        break;
                    case 0x88: // NEWTRUE
                        stack.add(Boolean.TRUE);
                        break;
                    case 0x89: // NEWFALSE
                        stack.add(Boolean.FALSE);
                        break;
                    case 'K': // BININT1
                        stack.add((long) (in.get() & 0xff));
                        break;
                    case 'M': // BININT2
                        stack.add((long) (in.getShort() & 0xffff));
                        break;
                    case 'J': // BININT
                        stack.add((long) in.getInt());
                        break;
                    case 0x8a: // LONG1
                        stack.add(longOf(bytes(in.get() & 0xff)));
                        break;
                    case 0x8b: // LONG4
                        stack.add(longOf(bytes(in.getInt())));
                        break;
                    case 'G': // BINFLOAT, big-endian
                        stack.add(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
                        break;
                    case 'X': // BINUNICODE
                        stack.add(new String(bytes(in.getInt()), StandardCharsets.UTF_8));
                        break;
                    case 0x8c: // SHORT_BINUNICODE
                        stack.add(new String(bytes(in.get() & 0xff), StandardCharsets.UTF_8));
                        break;
                    case 0x8d: // BINUNICODE8
                        stack.add(new String(bytes(Math.toIntExact(in.getLong())), StandardCharsets.UTF_8));
                        break;
                    case 'T': // BINSTRING
                    case 'B': // BINBYTES
                        stack.add(bytes(in.getInt()));
                        break;
                    case 'U': // SHORT_BINSTRING
                    case 'C': // SHORT_BINBYTES
                        stack.add(bytes(in.get() & 0xff));
                        break;
                    case ')': // EMPTY_TUPLE
                    case ']': // EMPTY_LIST
                        stack.add(new ArrayList<>());
                        break;
                    case '}': // EMPTY_DICT
                        stack.add(new LinkedHashMap<>());
                        break;
                    case 't': // TUPLE
                    case 'l': // LIST
                        stack.add(popToMark());
                        break;
                    case 0x85: // TUPLE1
                        stack.add(new ArrayList<>(List.of(pop())));
                        break;
                    case 0x86: // TUPLE2
                        stack.add(tail(2));
                        break;
                    case 0x87: // TUPLE3
                        stack.add(tail(3));
                        break;
                    case 'd': // DICT
                        stack.add(dictOf(popToMark()));
                        break;
                    case 'a': // APPEND
                        Object item = pop();
                        listAt(-1).add(item);
                        break;
                    case 'e': // APPENDS
                        List<Object> items = popToMark();
                        listAt(-1).addAll(items);
                        break;
                    case 's': // SETITEM
                        Object value = pop();
                        Object key = pop();
                        mapAt(-1).put(key, value);
                        break;
                    case 'u': // SETITEMS
                        List<Object> pairs = popToMark();
                        mapAt(-1).putAll(dictOf(pairs));
                        break;
                    case 'c': // GLOBAL
                        stack.add(new Global(line(), line()));
                        break;
                    case 0x93: // STACK_GLOBAL
                        String name = (String) pop();
                        stack.add(new Global((String) pop(), name));
                        break;
                    case 0x81: // NEWOBJ
                        pop(); // constructor arguments: TorchScript passes none
                        stack.add(new PickledObject(global(pop()), List.of(), new Object[1]));
                        break;
                    case 'R': // REDUCE
                        @SuppressWarnings("unchecked")
                        List<Object> arguments = (List<Object>) pop();
                        stack.add(reduce.apply(new PickledObject(global(pop()), arguments, new Object[1])));
                        break;
                    case 'b': // BUILD
                        Object state = pop();
                        Object target = stack.get(stack.size() - 1);
                        if (target instanceof PickledObject) {
                            ((PickledObject) target).state()[0] = state;
                        } else if (target instanceof Map && state instanceof Map) {
                            mapAt(-1).putAll((Map<?, ?>) state);
                        } else {
                            throw new IOException("Cannot BUILD a " + describe(target));
                        }
                        break;
                    case 'Q': // BINPERSID
                        stack.add(persistentLoad.apply(pop()));
                        break;
                    case 'q': // BINPUT
                        memo.put((long) (in.get() & 0xff), stack.get(stack.size() - 1));
                        break;
                    case 'r': // LONG_BINPUT
                        memo.put(in.getInt() & 0xffffffffL, stack.get(stack.size() - 1));
                        break;
                    case 0x94: // MEMOIZE
                        memo.put((long) memo.size(), stack.get(stack.size() - 1));
                        break;
                    case 'h': // BINGET
                        stack.add(memoAt(in.get() & 0xff));
                        break;
                    case 'j': // LONG_BINGET
                        stack.add(memoAt(in.getInt() & 0xffffffffL));
                        break;
                    case '0': // POP
                        pop();
                        break;
                    default:
                        throw new IOException(String.format("Unsupported pickle opcode 0x%02x at byte %d", op, position));
                }
            }
        } catch (java.nio.BufferUnderflowException | ClassCastException | IndexOutOfBoundsException e) {
            throw new IOException("Malformed pickle: " + e, e);
        }
    }

    private static Global global(Object value) throws IOException {
        if (!(value instanceof Global)) {
            throw new IOException("Expected a class or function, found " + describe(value));
        }
        return (Global) value;
    }

    private static Object longOf(byte[] littleEndian) {
        if (littleEndian.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        BigInteger value = new BigInteger(bigEndian);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private static Map<Object, Object> dictOf(List<Object> flat) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(flat.get(i), flat.get(i + 1));
        }
        return map;
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private String line() {
        StringBuilder sb = new StringBuilder();
        for (byte b = in.get(); b != '\n'; b = in.get()) {
            sb.append((char) (b & 0xff));
        }
        return sb.toString();
    }

    private Object memoAt(long index) throws IOException {
        if (!memo.containsKey(index)) {
            throw new IOException("Malformed pickle: memo " + index + " is not set");
        }
        return memo.get(index);
    }

    private Object pop() throws IOException {
        if (stack.isEmpty()) {
            throw new IOException("Malformed pickle: the stack is empty");
        }
        Object top = stack.remove(stack.size() - 1);
        if (top == MARK) {
            throw new IOException("Malformed pickle: unexpected MARK");
        }
        return top;
    }

    private List<Object> popToMark() throws IOException {
        if (marks.isEmpty()) {
            throw new IOException("Malformed pickle: no MARK");
        }
        int mark = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private List<Object> tail(int n) throws IOException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return new ArrayList<>(Arrays.asList(items));
    }

    @SuppressWarnings("unchecked")
    private List<Object> listAt(int offset) {
        return (List<Object>) stack.get(stack.size() + offset);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> mapAt(int offset) {
        return (Map<Object, Object>) stack.get(stack.size() + offset);
    }

    private static String describe(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }
}
