package io.github.transferml.transfer.augment;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import java.awt.image.BufferedImage;

/**
 * Shrinks a large image towards the network's input size before it is augmented: augmentation
 * works on {@code double} planes of every pixel, so a 12-megapixel photo would cost about 600 MB
 * and seconds per view, for a result that is resized to, say, 224 x 224 anyway. It averages k x k
 * blocks in integer arithmetic (the same bytes on every JVM), with the largest k that still leaves
 * at least twice the input size in both directions, so crops and rotations keep their detail.
 * Images already that small are returned as they are.
 */
public final class Downscale {

    private Downscale() {}

    /**
     * @param image the decoded image, from DJL's default {@code BufferedImageFactory}
     * @param width the network's input width
     * @param height the network's input height
     * @return the image, or a smaller copy: 8-bit grey if the image is grey, else RGB
     */
    public static Image towards(Image image, int width, int height) {
        int k = Math.min(image.getWidth() / (2 * width), image.getHeight() / (2 * height));
        if (k < 2 || !(image.getWrappedImage() instanceof BufferedImage)) {
            return image;
        }
        BufferedImage source = (BufferedImage) image.getWrappedImage();
        int w = source.getWidth() / k;
        int h = source.getHeight() / k;
        boolean grey = source.getColorModel().getNumColorComponents() == 1;
        int[] pixels = source.getType() == BufferedImage.TYPE_BYTE_GRAY
                ? source.getRaster().getSamples(0, 0, w * k, h * k, 0, (int[]) null)
                : source.getRGB(0, 0, w * k, h * k, null, 0, w * k);
        boolean raw = source.getType() == BufferedImage.TYPE_BYTE_GRAY;
        int channels = grey ? 1 : 3;
        long[] sums = new long[channels * w];
        int[] out = new int[w * h];
        int area = k * k;
        for (int y = 0; y < h; y++) {
            java.util.Arrays.fill(sums, 0);
            for (int dy = 0; dy < k; dy++) {
                int row = (y * k + dy) * w * k;
                for (int x = 0; x < w * k; x++) {
                    int p = pixels[row + x];
                    int cell = x / k;
                    if (grey) {
                        // Raw grey samples as DJL reads them; other grey models through DJL's own conversion.
                        sums[cell] += raw ? p : Math.round(0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF)
                                + 0.114f * (p & 0xFF));
                    } else {
                        sums[3 * cell] += (p >> 16) & 0xFF;
                        sums[3 * cell + 1] += (p >> 8) & 0xFF;
                        sums[3 * cell + 2] += p & 0xFF;
                    }
                }
            }
            for (int x = 0; x < w; x++) {
                out[y * w + x] = grey ? (int) ((sums[x] + area / 2) / area)
                        : (int) ((sums[3 * x] + area / 2) / area) << 16 | (int) ((sums[3 * x + 1] + area / 2) / area) << 8
                                | (int) ((sums[3 * x + 2] + area / 2) / area);
            }
        }
        BufferedImage small;
        if (grey) {
            small = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            small.getRaster().setSamples(0, 0, w, h, 0, out);
        } else {
            small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            small.setRGB(0, 0, w, h, out, 0, w);
        }
        return ImageFactory.getInstance().fromImage(small);
    }
}
