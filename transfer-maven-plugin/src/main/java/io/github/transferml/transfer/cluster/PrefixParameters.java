package io.github.transferml.transfer.cluster;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Writes and reads the parameters of a frozen prefix block by block. A cut's sequential blocks are
 * new wrappers around the base's own blocks and were never initialised themselves, so the walk goes
 * through every sequential block, on both sides alike, and writes the blocks inside them.
 */
public final class PrefixParameters {

    private PrefixParameters() {}

    /**
     * @param block the prefix
     * @param out where its parameters go
     * @throws IOException if they cannot be written
     */
    public static void save(Block block, DataOutputStream out) throws IOException {
        if (block instanceof SequentialBlock) {
            for (Block child : block.getChildren().values()) {
                save(child, out);
            }
        } else {
            block.saveParameters(out);
        }
    }

    /**
     * @param block the same prefix, rebuilt from its recipe and initialised
     * @param manager holds the parameters
     * @param in what {@link #save} wrote
     * @throws IOException if they cannot be read
     * @throws MalformedModelException if they do not fit the block
     */
    public static void load(Block block, NDManager manager, DataInputStream in)
            throws IOException, MalformedModelException {
        if (block instanceof SequentialBlock) {
            for (Block child : block.getChildren().values()) {
                load(child, manager, in);
            }
        } else {
            block.loadParameters(manager, in);
        }
    }
}
