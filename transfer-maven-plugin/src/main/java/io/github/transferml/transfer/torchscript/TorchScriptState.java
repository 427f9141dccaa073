package io.github.transferml.transfer.torchscript;

import io.github.transferml.transfer.torchscript.Unpickler.Global;
import io.github.transferml.transfer.torchscript.Unpickler.PickledObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The state of a TorchScript module as its file stores it: every parameter and buffer (BatchNorm's
 * running statistics included, which PyTorch's Java bindings do not expose), by its dotted module
 * path as PyTorch's {@code state_dict()} names it, e.g. {@code layer1.0.bn1.running_mean}.
 *
 * <p>A TorchScript file is a zip: {@code <name>/data.pkl} pickles the module tree (each module's
 * attributes, tensors among them) and {@code <name>/data/<key>} holds each tensor storage's raw
 * little-endian bytes.
 */
public final class TorchScriptState {

    private final String rootType;
    private final Map<String, StateTensor> tensors;

    private TorchScriptState(String rootType, Map<String, StateTensor> tensors) {
        this.rootType = rootType;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Reads the state of a TorchScript file.
     *
     * @param file the {@code .pt} file written by {@code torch.jit.save}
     * @return its state
     * @throws IOException if the file is not a TorchScript archive or cannot be read
     */
    public static TorchScriptState read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String root = rootOf(zip, file);
            ZipEntry byteOrder = zip.getEntry(root + "byteorder");
            if (byteOrder != null && !"little".equals(text(zip, byteOrder).trim())) {
                throw new IOException(file + " stores big-endian tensors, which are not supported");
            }
            Map<String, Storage> storages = new LinkedHashMap<>();
            Unpickler unpickler = new Unpickler(bytes(zip, zip.getEntry(root + "data.pkl")),
                    id -> storage(id, storages),
                    TorchScriptState::reduce);
            Object module = unpickler.load();
            if (!(module instanceof PickledObject)) {
                throw new IOException(file + " does not hold a TorchScript module in data.pkl");
            }
            for (Storage storage : storages.values()) {
                ZipEntry entry = zip.getEntry(root + "data/" + storage.key());
                if (entry == null) {
                    throw new IOException(file + " lacks the tensor data " + root + "data/" + storage.key());
                }
                storage.bytes = ByteBuffer.wrap(bytes(zip, entry)).order(ByteOrder.LITTLE_ENDIAN);
            }
            Map<String, StateTensor> tensors = new LinkedHashMap<>();
            flatten((PickledObject) module, "", tensors);
            return new TorchScriptState(((PickledObject) module).type().qualified(), tensors);
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + " is not a TorchScript file (not a zip archive): " + e.getMessage(), e);
        }
    }

    /** @return the class of the root module, e.g. {@code __torch__.torchvision.models.resnet.ResNet} */
    public String rootType() {
        return rootType;
    }

    /** @return every tensor, by dotted name, in module order */
    public Map<String, StateTensor> tensors() {
        return tensors;
    }

    private static String rootOf(ZipFile zip, Path file) throws IOException {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.matches("[^/]+/data\\.pkl")) {
                return name.substring(0, name.length() - "data.pkl".length());
            }
        }
        throw new IOException(file + " is not a TorchScript file: it has no <name>/data.pkl");
    }

    /** Turns a persistent id {@code ('storage', torch.FloatStorage, key, location, numel)} into a storage. */
    private static Object storage(Object id, Map<String, Storage> storages) {
        if (!(id instanceof List) || ((List<?>) id).size() < 5 || !"storage".equals(((List<?>) id).get(0))) {
            throw new IllegalArgumentException("Unknown persistent id " + id);
        }
        List<?> tuple = (List<?>) id;
        String key = String.valueOf(tuple.get(2));
        String type = tuple.get(1) instanceof Global ? ((Global) tuple.get(1)).name() : String.valueOf(tuple.get(1));
        return storages.computeIfAbsent(key, k -> new Storage(k, type));
    }

    /** Rebuilds tensors; every other call stays a plain record of itself. */
    private static Object reduce(PickledObject call) {
        String function = call.type().qualified();
        List<Object> args = call.arguments();
        switch (function) {
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                return new TensorView((Storage) args.get(0), ((Number) args.get(1)).longValue(),
                        longs(args.get(2)), longs(args.get(3)));
            case "torch._utils._rebuild_parameter":
                return args.get(0);
            case "collections.OrderedDict":
                return new LinkedHashMap<>();
            default:
                return call;
        }
    }

    private static long[] longs(Object tuple) {
        List<?> list = (List<?>) tuple;
        long[] values = new long[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ((Number) list.get(i)).longValue();
        }
        return values;
    }

    /** Walks the module tree: a tensor attribute is a parameter or buffer, a module attribute a child. */
    private static void flatten(PickledObject module, String prefix, Map<String, StateTensor> out) {
        if (!(module.getState() instanceof Map)) {
            return;
        }
        for (Map.Entry<?, ?> attribute : ((Map<?, ?>) module.getState()).entrySet()) {
            String name = prefix + attribute.getKey();
            Object value = attribute.getValue();
            if (value instanceof TensorView) {
                out.put(name, ((TensorView) value).materialize(name));
            } else if (value instanceof PickledObject && ((PickledObject) value).type().module().startsWith("__torch__")) {
                flatten((PickledObject) value, name + ".", out);
            }
        }
    }

    private static byte[] bytes(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    private static String text(ZipFile zip, ZipEntry entry) throws IOException {
        return new String(bytes(zip, entry), StandardCharsets.UTF_8);
    }

    /** A typed storage, e.g. {@code FloatStorage} key {@code 3}; its bytes are read after unpickling. */
    private static final class Storage {
        private final String key;
        private final String type;
        private ByteBuffer bytes;

        Storage(String key, String type) {
            this.key = key;
            this.type = type;
        }

        String key() {
            return key;
        }
    }

    /** A tensor as a view (offset, shape, strides in elements) into a storage. */
    private record TensorView(Storage storage, long offset, long[] shape, long[] strides) {

        StateTensor materialize(String name) {
            long count = 1;
            for (long dim : shape) {
                count *= dim;
            }
            String dtype = storage.type.replace("Storage", "");
            if (!"Float".equals(dtype) && !"Double".equals(dtype)) {
                return new StateTensor(name, shape, dtype, null);
            }
            int width = "Float".equals(dtype) ? 4 : 8;
            float[] values = new float[Math.toIntExact(count)];
            long[] index = new long[shape.length];
            for (int i = 0; i < values.length; i++) {
                long element = offset;
                for (int d = 0; d < shape.length; d++) {
                    element += index[d] * strides[d];
                }
                int at = Math.toIntExact(element * width);
                values[i] = width == 4 ? storage.bytes.getFloat(at) : (float) storage.bytes.getDouble(at);
                for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                    index[d] = 0;
                }
            }
            return new StateTensor(name, shape, dtype, values);
        }
    }
}
