package io.github.transferml.transfer.data;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import io.github.transferml.transfer.config.PixelLimit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files: the one path by which training, validation and test folders and the images
 * to classify are read. The pixels are exactly those of DJL's {@code ImageFactory.fromFile} (ImageIO's
 * first reader for the file, its default parameters), but the size the file declares in its header
 * is checked against a {@link PixelLimit} before any pixel is read, and a file that is no image gets
 * a reason a person can act on.
 */
public final class ImageDecoder {

    private ImageDecoder() {}

    /**
     * Decodes an image file.
     *
     * @param file the file, as the user gave it (named in messages)
     * @param limit the largest image to decode
     * @return the image
     * @throws IOException with a short reason, if the file is not a readable image
     * @throws DatasetException naming the file, the size and the limit, if the image is too large
     */
    public static Image decode(Path file, PixelLimit limit) throws IOException {
        try (ImageInputStream stream = ImageIO.createImageInputStream(file.toFile())) {
            if (stream == null) {
                throw new IOException("the file cannot be opened; check that it exists and is readable");
            }
            return decode(stream, file, () -> {
                try (InputStream in = Files.newInputStream(file)) {
                    return in.readNBytes(16);
                }
            }, limit);
        }
    }

    /**
     * Decodes an image from its bytes, read elsewhere (by a cluster, from HDFS or S3), exactly as
     * {@link #decode(Path, PixelLimit)} decodes a file.
     *
     * @param bytes the file's bytes
     * @param name the file as the user knows it, named in messages
     * @param limit the largest image to decode
     * @return the image
     * @throws IOException with a short reason, if the bytes are not a readable image
     * @throws DatasetException naming the file, the size and the limit, if the image is too large
     */
    public static Image decode(byte[] bytes, String name, PixelLimit limit) throws IOException {
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            return decode(stream, name, () -> Arrays.copyOf(bytes, Math.min(16, bytes.length)), limit);
        }
    }

    /** The first bytes of a file, read only to say what an unreadable file is. */
    @FunctionalInterface
    private interface Head {
        byte[] read() throws IOException;
    }

    private static Image decode(ImageInputStream stream, Object file, Head head, PixelLimit limit)
            throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
        if (!readers.hasNext()) {
            throw new IOException(unknownFormat(head.read()));
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(stream, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1) {
                throw new IOException("its header declares " + width + " x " + height + " pixels");
            }
            if (!limit.allows(width, height)) {
                throw new DatasetException(limit.refusal(file, width, height));
            }
            BufferedImage image;
            try {
                image = reader.read(0, reader.getDefaultReadParam());
            } catch (OutOfMemoryError e) {
                throw new DatasetException("Not enough memory to decode image " + file + " (" + width + " x "
                        + height + " pixels). Downscale the image, or give Maven more memory (e.g."
                        + " MAVEN_OPTS=-Xmx4g).", e);
            }
            return ImageFactory.getInstance().fromImage(image);
        } catch (IOException e) {
            throw new IOException(reason(e), e);
        } finally {
            reader.dispose();
        }
    }

    /** The messages of an exception and its causes, or that the file ends early. */
    private static String reason(IOException e) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return "the file ends early: it is truncated";
            }
            if (t.getMessage() != null && reason.indexOf(t.getMessage()) < 0) {
                reason.append(reason.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return reason.length() == 0 ? e.getClass().getSimpleName() : reason.toString();
    }

    /** Says what a file that no image reader recognises seems to be, from its first bytes. */
    private static String unknownFormat(byte[] head) {
        String start = new String(head, StandardCharsets.ISO_8859_1);
        if (head.length == 0) {
            return "the file is empty";
        } else if (start.startsWith("RIFF") && start.startsWith("WEBP", 8)) {
            return "it is a WebP image, which Java cannot decode";
        } else if (start.startsWith("ftyp", 4)) {
            return "it is a HEIC or AVIF image, which Java cannot decode";
        } else if (start.startsWith("%PDF")) {
            return "it is a PDF document";
        } else if (start.stripLeading().startsWith("<")) {
            return "it is an SVG, HTML or XML file, not a bitmap image";
        } else if (isText(head)) {
            return "it holds text, not an image";
        }
        return "it is not a PNG, JPEG, BMP or GIF image";
    }

    private static boolean isText(byte[] head) {
        for (byte b : head) {
            if ((b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
