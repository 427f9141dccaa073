package io.github.transferml.transfer.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pickles written by CPython 3 ({@code pickle.dumps(value, protocol)}) of
 * {@code {'a': (1, 2.5, 'x'), 'b': [True, None, -70000, 2**70], 'c': OrderedDict(), 'd': (7,), 'e': (1, 2), 'f': b'hi'}}.
 */
class UnpicklerTest {

    private static final String PROTOCOL_2 = "80027d71002858010000006171014b01474004000000000000580100000078710287710358010000006271045d710528884e4a90eefeff8a0900000000000000004065580100000063710663636f6c6c656374696f6e730a4f726465726564446963740a71072952710858010000006471094b0785710a580100000065710b4b014b0286710c580100000066710d635f636f646563730a656e636f64650a710e58020000006869710f58060000006c6174696e317110867111527112752e";
    private static final String PROTOCOL_4 = "80049574000000000000007d94288c0161944b014740040000000000008c01789487948c0162945d9428884e4a90eefeff8a09000000000000000040658c0163948c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c0164944b0785948c0165944b014b0286948c0166944302686994752e";

    private static Object load(String hex) throws IOException {
        return new Unpickler(HexFormat.of().parseHex(hex), id -> id, call -> call).load();
    }

    @Test
    void load_should_read_python_values_of_protocol_2() throws IOException {
        Map<?, ?> map = assertInstanceOf(Map.class, load(PROTOCOL_2));

        assertEquals(List.of("a", "b", "c", "d", "e", "f"), List.copyOf(map.keySet()), "dict order is kept");
        assertEquals(List.of(1L, 2.5, "x"), map.get("a"));
        assertEquals(Arrays.asList(true, null, -70000L, BigInteger.TWO.pow(70)), map.get("b"));
        Unpickler.PickledObject ordered = assertInstanceOf(Unpickler.PickledObject.class, map.get("c"));
        assertEquals("collections.OrderedDict", ordered.type().qualified(), "unknown calls are recorded, not run");
        assertEquals(List.of(7L), map.get("d"));
        assertEquals(List.of(1L, 2L), map.get("e"));
    }

    @Test
    void load_should_read_python_values_of_protocol_4() throws IOException {
        Map<?, ?> map = assertInstanceOf(Map.class, load(PROTOCOL_4));

        assertEquals(List.of(1L, 2.5, "x"), map.get("a"));
        assertEquals(Arrays.asList(true, null, -70000L, BigInteger.TWO.pow(70)), map.get("b"));
        assertArrayEquals("hi".getBytes(java.nio.charset.StandardCharsets.US_ASCII), (byte[]) map.get("f"));
    }

    @Test
    void load_should_reject_a_truncated_pickle() {
        IOException e = assertThrows(IOException.class, () -> load(PROTOCOL_2.substring(0, 60)));
        assertTrue(e.getMessage().startsWith("Malformed pickle"), e.getMessage());
    }

    @Test
    void load_should_reject_an_unknown_opcode() {
        IOException e = assertThrows(IOException.class, () -> load("8002ff"));
        assertEquals("Unsupported pickle opcode 0xff at byte 2", e.getMessage());
    }
}
