package io.github.transferml.transfer.cut;

import ai.djl.ndarray.types.Shape;

/**
 * One place where a base network can be cut: after the child block {@code name}.
 *
 * @param index how many children are kept (1-based position of the child, as in DJL's names)
 * @param name DJL's name of the child, e.g. {@code 12ParallelBlock}
 * @param outputShape the shape the kept part outputs for one image
 */
public record CutOption(int index, String name, Shape outputShape) {}
