package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

/**
 * The training loss on the engine, against figures PyTorch computed. The expected values were
 * printed (in float64) by Debian's python3-torch 1.13:
 *
 * <pre>
 * python3 -c 'import torch; x=torch.tensor([[2.,0.,-1.],[.5,.5,3.],[1.,-1.,.25],[0.,2.,1.]],dtype=torch.float64);
 *   y=torch.tensor([0,2,2,1]); w=torch.tensor([2.,1.,.5],dtype=torch.float64); L=torch.nn.CrossEntropyLoss;
 *   print(L(weight=w,label_smoothing=.3)(x,y).item(), L(label_smoothing=.3)(x,y).item(), L(weight=w)(x,y).item())'
 * 0.8034966689218286 0.826066524142029 0.35892626496016916
 * </pre>
 *
 * Class 2 appears twice, so a loss that weighs the examples differently from PyTorch cannot match.
 */
class ClassificationLossTest {

    private static final float[] LOGITS = {2f, 0f, -1f, 0.5f, 0.5f, 3f, 1f, -1f, 0.25f, 0f, 2f, 1f};
    private static final float[] LABELS = {0f, 2f, 2f, 1f};
    private static final float[] WEIGHTS = {2f, 1f, 0.5f};
    private static final float SMOOTHING = 0.3f;
    private static final float FLOAT_ERROR = 1e-6f;

    private static float loss(float smoothing, float[] weights) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList labels = new NDList(manager.create(LABELS));
            NDList logits = new NDList(manager.create(LOGITS, new Shape(4, 3)));
            return new ClassificationLoss(smoothing, weights).evaluate(labels, logits).getFloat();
        }
    }

    @Test
    void loss_should_match_pytorch_with_class_weights_and_label_smoothing() {
        assertEquals(0.8034966689218286f, loss(SMOOTHING, WEIGHTS), FLOAT_ERROR);
    }

    @Test
    void loss_should_match_pytorch_with_label_smoothing_only() {
        assertEquals(0.826066524142029f, loss(SMOOTHING, null), FLOAT_ERROR);
    }

    @Test
    void loss_should_match_pytorch_with_class_weights_only() {
        assertEquals(0.35892626496016916f, loss(0f, WEIGHTS), FLOAT_ERROR);
    }

    @Test
    void loss_without_smoothing_or_weights_should_equal_softmax_cross_entropy() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList labels = new NDList(manager.create(LABELS));
            NDList logits = new NDList(manager.create(LOGITS, new Shape(4, 3)));
            float expected = Loss.softmaxCrossEntropyLoss().evaluate(labels, logits).getFloat();

            assertEquals(expected, loss(0f, null), FLOAT_ERROR);
        }
    }
}
