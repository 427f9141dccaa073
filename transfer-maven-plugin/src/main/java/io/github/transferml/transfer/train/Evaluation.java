package io.github.transferml.transfer.train;

/**
 * A model's results on a set of examples.
 *
 * @param loss mean loss
 * @param accuracy fraction predicted right
 * @param predicted the predicted class of each example
 * @param probability the predicted class's softmax probability for each example
 */
public record Evaluation(double loss, double accuracy, int[] predicted, float[] probability) {}
