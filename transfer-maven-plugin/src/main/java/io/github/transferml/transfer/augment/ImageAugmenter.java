package io.github.transferml.transfer.augment;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.Random;

/**
 * Applies an {@link Augmentation} to one image: random resized crop, then flips, then rotation,
 * then brightness, then contrast.
 *
 * <p>The pixel math is plain Java on the image's {@link BufferedImage} (DJL's default {@code
 * BufferedImageFactory}), not NDArray operations, because:
 *
 * <ul>
 *   <li>Java's {@code double} arithmetic is strict IEEE 754 and {@link StrictMath} is the same on
 *       every machine, so a seed gives byte-identical pixels everywhere; engine kernels may
 *       vectorise and round differently per CPU;
 *   <li>the BufferedImage factory cannot turn a one-channel NDArray back into an image ({@code
 *       fromNDArray} rejects grey), so an NDArray round trip would make grey images RGB;
 *   <li>no native memory per image.
 * </ul>
 *
 * <p>Colour is kept as DJL reads it in {@code Image.toNDArray}: an image whose colour model has one
 * component (grey PNGs, IDX records) becomes an 8-bit grey image, anything else 8-bit RGB (alpha is
 * dropped, as DJL drops it). With no transform on, the result therefore gives the same tensor as the
 * input for either {@link Image.Flag}.
 *
 * <p>The geometric transforms are composed into one mapping from each output pixel back to the
 * input and sampled once with bilinear interpolation, so an image is blurred once, not once per
 * transform. Where the mapping leaves the image (the corners a rotation uncovers) the nearest edge
 * pixel is repeated rather than filled with black: black wedges never occur at inference, and a
 * network could learn them as a feature of the augmented classes.
 *
 * <p>Random numbers are drawn only for the transforms that are on, always in the order crop,
 * horizontal flip, vertical flip, rotation, brightness, contrast, so the same configuration, image
 * and seed always give the same pixels.
 */
public final class ImageAugmenter {

    // torchvision RandomResizedCrop: aspect ratio in [3/4, 4/3], drawn log-uniformly; 10 tries.
    private static final double LOG_MIN_RATIO = StrictMath.log(3.0 / 4.0);
    private static final double LOG_MAX_RATIO = StrictMath.log(4.0 / 3.0);
    private static final int CROP_ATTEMPTS = 10;

    private final Augmentation augmentation;

    /** @param augmentation the transforms to apply */
    public ImageAugmenter(Augmentation augmentation) {
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
    }

    /** @return the transforms this augmenter applies */
    public Augmentation getAugmentation() {
        return augmentation;
    }

    /**
     * Derives the random stream of one view of one image. Streams of different images and views are
     * independent and reproducible: the seed, image index and view index are mixed with SplitMix64's
     * finaliser before seeding {@link Random}, because {@code Random}'s first draws from nearby
     * seeds (such as {@code seed ^ image * 31 + view}) are strongly correlated.
     *
     * @param seed the run's seed
     * @param image the image's index in the training set
     * @param view the view's index, from 0
     * @return a new random stream
     */
    public static Random randomFor(long seed, int image, int view) {
        long h = mix(seed);
        h = mix(h ^ (image & 0xFFFFFFFFL));
        h = mix(h ^ (view & 0xFFFFFFFFL));
        return new Random(h);
    }

    // SplitMix64 (Steele, Lea, Flood 2014): the golden-ratio increment avoids the fixed point at 0.
    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Returns an augmented copy of an image.
     *
     * @param image the image, from DJL's default {@code BufferedImageFactory}; left unchanged
     * @param random the stream to draw from, e.g. {@link #randomFor(long, int, int)}
     * @return a new image of the same width and height: 8-bit grey if the input is grey, else RGB
     * @throws IllegalArgumentException if the image does not wrap a {@link BufferedImage}
     */
    public Image apply(Image image, Random random) {
        Object wrapped = image.getWrappedImage();
        if (!(wrapped instanceof BufferedImage)) {
            throw new IllegalArgumentException(
                    "Augmentation needs DJL's default BufferedImageFactory, but the image wraps a "
                            + (wrapped == null ? "null" : wrapped.getClass().getName()));
        }
        Planes planes = Planes.read((BufferedImage) wrapped);
        Planes out = geometry(planes, random);
        if (augmentation.getBrightness() > 0) {
            double b = augmentation.getBrightness();
            brightness(out, uniform(random, 1 - b, 1 + b));
        }
        if (augmentation.getContrast() > 0) {
            double c = augmentation.getContrast();
            contrast(out, uniform(random, 1 - c, 1 + c));
        }
        return ImageFactory.getInstance().fromImage(out.write());
    }

    private static double uniform(Random random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    /** Crop, flips and rotation, as one mapping from output to input coordinates. */
    private Planes geometry(Planes in, Random random) {
        int width = in.width;
        int height = in.height;
        // The crop rectangle in input pixels; the whole image when cropping is off.
        double cropX = 0;
        double cropY = 0;
        double cropW = width;
        double cropH = height;
        if (augmentation.getCropScale() < 1) {
            int[] crop = cropRectangle(width, height, augmentation.getCropScale(), random);
            cropX = crop[0];
            cropY = crop[1];
            cropW = crop[2];
            cropH = crop[3];
        }
        boolean flipX = augmentation.isHorizontalFlip() && random.nextDouble() < 0.5;
        boolean flipY = augmentation.isVerticalFlip() && random.nextDouble() < 0.5;
        double degrees = 0;
        if (augmentation.getRotation() > 0) {
            double r = augmentation.getRotation();
            degrees = uniform(random, -r, r);
        }
        if (cropW == width && cropH == height && !flipX && !flipY && degrees == 0) {
            return in;
        }
        double radians = StrictMath.toRadians(degrees);
        double cos = StrictMath.cos(radians);
        double sin = StrictMath.sin(radians);
        double centreX = (width - 1) / 2.0;
        double centreY = (height - 1) / 2.0;
        double scaleX = cropW / width;
        double scaleY = cropH / height;
        Planes out = new Planes(width, height, in.channels());
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // Undo the rotation: positive angles turn the picture counter-clockwise on screen,
                // as torchvision's do, so sample at the point that turns onto (x, y).
                double dx = x - centreX;
                double dy = y - centreY;
                double u = centreX + dx * cos - dy * sin;
                double v = centreY + dx * sin + dy * cos;
                // Undo the flips.
                if (flipX) {
                    u = width - 1 - u;
                }
                if (flipY) {
                    v = height - 1 - v;
                }
                // Undo the resize of the crop (pixel centres at +0.5, as torchvision and PIL).
                double sx = cropX + (u + 0.5) * scaleX - 0.5;
                double sy = cropY + (v + 0.5) * scaleY - 0.5;
                in.sample(sx, sy, out, y * width + x);
            }
        }
        return out;
    }

    /**
     * Draws a crop as torchvision's {@code RandomResizedCrop.get_params}: up to ten tries at an area
     * and aspect ratio that fit, else the central crop of the aspect ratio nearest [3/4, 4/3].
     *
     * @return x, y, width, height
     */
    private static int[] cropRectangle(int width, int height, double minScale, Random random) {
        double area = (double) width * height;
        for (int attempt = 0; attempt < CROP_ATTEMPTS; attempt++) {
            double targetArea = area * uniform(random, minScale, 1);
            double ratio = StrictMath.exp(uniform(random, LOG_MIN_RATIO, LOG_MAX_RATIO));
            int w = (int) Math.round(StrictMath.sqrt(targetArea * ratio));
            int h = (int) Math.round(StrictMath.sqrt(targetArea / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                int x = random.nextInt(width - w + 1);
                int y = random.nextInt(height - h + 1);
                return new int[] {x, y, w, h};
            }
        }
        double inRatio = (double) width / height;
        int w = width;
        int h = height;
        if (inRatio < 3.0 / 4.0) {
            h = (int) Math.round(w / (3.0 / 4.0));
        } else if (inRatio > 4.0 / 3.0) {
            w = (int) Math.round(h * (4.0 / 3.0));
        }
        return new int[] {(width - w) / 2, (height - h) / 2, w, h};
    }

    // Scaling towards black, as torchvision's adjust_brightness; clamped as torchvision clamps.
    private static void brightness(Planes planes, double factor) {
        for (double[] plane : planes.values) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = clamp(plane[i] * factor);
            }
        }
    }

    // Blending with the mean grey level, as torchvision's adjust_contrast: one mean for all
    // channels, so colours keep their hue.
    private static void contrast(Planes planes, double factor) {
        double mean = planes.meanGrey();
        for (double[] plane : planes.values) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = clamp(mean + factor * (plane[i] - mean));
            }
        }
    }

    private static double clamp(double value) {
        return value < 0 ? 0 : value > 255 ? 255 : value;
    }

    /** An image as one (grey) or three (red, green, blue) planes of values in [0, 255]. */
    private static final class Planes {
        private final int width;
        private final int height;
        private final double[][] values;

        Planes(int width, int height, int channels) {
            this.width = width;
            this.height = height;
            this.values = new double[channels][width * height];
        }

        int channels() {
            return values.length;
        }

        /** Reads the pixels exactly as DJL's {@code toNDArray} does. */
        static Planes read(BufferedImage image) {
            int width = image.getWidth();
            int height = image.getHeight();
            boolean grey = image.getColorModel().getNumColorComponents() == 1;
            Planes planes = new Planes(width, height, grey ? 1 : 3);
            if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
                // DJL reads the raw samples here; getRGB would convert linear grey to sRGB.
                int[] data = image.getRaster().getSamples(0, 0, width, height, 0, (int[]) null);
                for (int i = 0; i < data.length; i++) {
                    planes.values[0][i] = data[i];
                }
                return planes;
            }
            int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
            for (int i = 0; i < rgb.length; i++) {
                int red = (rgb[i] >> 16) & 0xFF;
                int green = (rgb[i] >> 8) & 0xFF;
                int blue = rgb[i] & 0xFF;
                if (grey) {
                    // DJL's own grey conversion, so the GRAYSCALE tensor stays what it was.
                    planes.values[0][i] = Math.round(0.299f * red + 0.587f * green + 0.114f * blue);
                } else {
                    planes.values[0][i] = red;
                    planes.values[1][i] = green;
                    planes.values[2][i] = blue;
                }
            }
            return planes;
        }

        /** Writes 8-bit grey or RGB, rounding half up. */
        BufferedImage write() {
            int n = width * height;
            if (channels() == 1) {
                BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
                int[] data = new int[n];
                for (int i = 0; i < n; i++) {
                    data[i] = toByte(values[0][i]);
                }
                image.getRaster().setSamples(0, 0, width, height, 0, data);
                return image;
            }
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] rgb = new int[n];
            for (int i = 0; i < n; i++) {
                rgb[i] = toByte(values[0][i]) << 16 | toByte(values[1][i]) << 8 | toByte(values[2][i]);
            }
            image.setRGB(0, 0, width, height, rgb, 0, width);
            return image;
        }

        private static int toByte(double value) {
            return (int) Math.floor(clamp(value) + 0.5);
        }

        /** Bilinear sample at (x, y), repeating the edge pixels outside the image. */
        void sample(double x, double y, Planes out, int index) {
            double cx = Math.min(Math.max(x, 0), width - 1);
            double cy = Math.min(Math.max(y, 0), height - 1);
            int x0 = (int) Math.floor(cx);
            int y0 = (int) Math.floor(cy);
            int x1 = Math.min(x0 + 1, width - 1);
            int y1 = Math.min(y0 + 1, height - 1);
            double fx = cx - x0;
            double fy = cy - y0;
            for (int c = 0; c < values.length; c++) {
                double[] p = values[c];
                double top = p[y0 * width + x0] * (1 - fx) + p[y0 * width + x1] * fx;
                double bottom = p[y1 * width + x0] * (1 - fx) + p[y1 * width + x1] * fx;
                out.values[c][index] = top * (1 - fy) + bottom * fy;
            }
        }

        /** The mean of DJL's grey conversion (the plane itself for a grey image). */
        double meanGrey() {
            double sum = 0;
            int n = width * height;
            for (int i = 0; i < n; i++) {
                sum += channels() == 1
                        ? values[0][i]
                        : 0.299 * values[0][i] + 0.587 * values[1][i] + 0.114 * values[2][i];
            }
            return sum / n;
        }
    }
}
