package io.github.transferml.transfer.cache;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.github.transferml.transfer.torchscript.TorchScriptImport;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The frozen pass of an imported torchvision ResNet ({@code .pt}), cut before its pooling, over
 * random 224 x 224 colour images, as the plugin runs it ({@link FrozenPass}: its batch size, each
 * child's intermediates freed once read, each BatchNorm folded into its convolution, images laid out
 * channels-last where the engine suits it), folded but channels-first ({@code nchw}), or with the
 * BatchNorms run on their own and channels-first ({@code unfolded}). The allocator's settings come
 * from the environment the script gives. Prints one line: images/s.
 *
 * <p>Usage: {@code FrozenPassBenchmark file.pt images [plugin|nchw|unfolded]}
 */
public final class FrozenPassBenchmark {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).toAbsolutePath();
        int images = Integer.parseInt(args[1]);
        String variant = args.length < 3 ? "plugin" : args[2];
        Shape image = new Shape(3, 224, 224);
        try (Model module = Model.newInstance("module", "PyTorch")) {
            module.load(file.getParent(), file.getFileName().toString());
            TorchScriptImport.Imported imported = TorchScriptImport.of(file, module.getBlock(), "PyTorch", image);
            try (Model model = imported.model(); NDManager manager = NDManager.newBaseManager()) {
                List<Block> children = imported.network().getChildren().values();
                SequentialBlock frozen = new SequentialBlock(); // conv1 … layer4: the cut before avgpool
                children.subList(0, children.size() - 2).forEach(frozen::add);
                int batch = FrozenPass.batchSize(frozen, image);
                ParameterStore parameters = new ParameterStore(manager, false);
                NDArray input = manager.randomUniform(0, 1, new Shape(batch).addAll(image));
                try (FrozenPass pass = switch (variant) {
                    case "unfolded" -> FrozenPass.unfolded(frozen);
                    case "nchw" -> FrozenPass.of(frozen, false);
                    default -> FrozenPass.of(frozen);
                }) {
                    run(parameters, pass, input); // warm-up: oneDNN builds its kernels
                    long start = System.nanoTime();
                    int done = 0;
                    while (done < images) {
                        run(parameters, pass, input);
                        done += batch;
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "%s plugin batch %d: %.2f images/s (%d BatchNorms folded, %s)%n",
                            file.getFileName(), batch, done / seconds, pass.foldedBatchNorms(),
                            pass.channelsLast() ? "channels-last" : "channels-first");
                }
            }
        }
    }

    private static void run(ParameterStore parameters, FrozenPass pass, NDArray input) {
        try (NDManager scope = input.getManager().newSubManager()) {
            NDArray x = input.duplicate();
            x.attach(scope);
            NDList out = pass.forward(parameters, new NDList(x));
            out.head().toFloatArray(); // as the cache reads it
        }
    }
}
