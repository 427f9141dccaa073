package io.github.transferml.transfer.cluster;

import ai.djl.modality.cv.Image;
import io.github.transferml.transfer.config.PixelLimit;
import io.github.transferml.transfer.data.ImageDecoder;
import io.github.transferml.transfer.data.ImageSource;
import java.io.IOException;

/**
 * An image that a cluster listed: the executors read it where it is, and so can this machine, through
 * the cluster's file systems, for the passes that run here.
 *
 * @param location where it is, as a URI
 * @param sha256 the SHA-256 of its bytes when it was listed; an executor that reads other bytes fails
 * @param cluster reads it on this machine
 * @param limit the largest image to decode
 */
public record ClusterImage(String location, String sha256, Cluster cluster, PixelLimit limit) implements ImageSource {

    @Override
    public Image load() throws IOException {
        return ImageDecoder.decode(cluster.read(location), location, limit);
    }
}
