package io.github.transferml.transfer.inspect;

import ai.djl.ndarray.types.Shape;

/**
 * One block of the inspected tree.
 *
 * @param path where it sits, e.g. {@code 12} or {@code 5/2}
 * @param name DJL's name, e.g. {@code 05ParallelBlock}
 * @param alias a readable cut-point name, or {@code null}
 * @param type the block's class
 * @param outputShape the output for one image, or {@code null} inside a parallel block
 * @param parameters the block's own parameter count (its children included)
 * @param cutPoint whether the network can be cut after this block
 */
public record BlockRow(String path, String name, String alias, String type, Shape outputShape, long parameters,
        boolean cutPoint) {}
