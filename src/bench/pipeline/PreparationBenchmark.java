package io.github.transferml.transfer.data;

import io.github.transferml.transfer.augment.Augmentation;
import io.github.transferml.transfer.augment.ImageAugmenter;
import io.github.transferml.transfer.config.PixelLimit;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Decoding, augmenting and preprocessing an image folder with {@link PreparedImages} on 1, 2, …
 * threads: images/s for each count and the speed-up over one thread, without and with augmentation
 * (flip, rotation, crop, brightness; one view). Nothing else runs: this is the stage before the
 * frozen pass.
 *
 * <p>Usage: {@code PreparationBenchmark folder width height threads...}: RGB with ImageNet's
 * normalisation; {@code -Dbench.grayscale=true} makes grey input without normalisation instead (an
 * MNIST base's), and {@code -Dbench.augment=false} measures only the images as they are
 * (scaling-benchmark.sh uses both).
 */
public final class PreparationBenchmark {

    public static void main(String[] args) {
        Path folder = Path.of(args[0]);
        int width = Integer.parseInt(args[1]);
        int height = Integer.parseInt(args[2]);
        InputSpec input = Boolean.getBoolean("bench.grayscale") ? new InputSpec(width, height, true, null)
                : new InputSpec(width, height, false, "true");
        List<String> classes = ImageFolderReader.classNames(folder, "folder");
        LabeledImages images = ImageFolderReader.read(folder, classes, "folder", PixelLimit.DEFAULT);
        ImagePreprocessor preprocessor = new ImagePreprocessor(input);
        ImageAugmenter augmenter = new ImageAugmenter(Augmentation.builder().optHorizontalFlip(true).optRotation(10)
                .optRandomResizedCrop(0.8).optBrightness(0.2).build());
        run(images, null, preprocessor, 2); // warm-up: JIT and the engine
        System.out.printf(Locale.ROOT, "%-10s %8s %8s %10s %9s%n", "augment", "images", "threads", "images/s", "speed-up");
        ImageAugmenter[] variants = "false".equals(System.getProperty("bench.augment"))
                ? new ImageAugmenter[] {null} : new ImageAugmenter[] {null, augmenter};
        for (ImageAugmenter augment : variants) {
            double single = 0;
            for (int i = 3; i < args.length; i++) {
                int threads = Integer.parseInt(args[i]);
                double rate = run(images, augment, preprocessor, threads);
                single = single == 0 ? rate : single;
                System.out.printf(Locale.ROOT, "%-10s %8d %8d %10.0f %8.2fx%n", augment == null ? "none" : "flip+rot+crop",
                        images.size(), threads, rate, rate / single);
            }
        }
    }

    private static double run(LabeledImages images, ImageAugmenter augmenter, ImagePreprocessor preprocessor,
            int threads) {
        long start = System.nanoTime();
        try (PreparedImages prepared = new PreparedImages(images, augmenter, 1, preprocessor, "PyTorch", threads)) {
            for (int row = 0; row < prepared.rows(); row++) {
                prepared.next();
            }
        }
        return images.size() / ((System.nanoTime() - start) / 1e9);
    }
}
