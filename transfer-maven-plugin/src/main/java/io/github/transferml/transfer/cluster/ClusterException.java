package io.github.transferml.transfer.cluster;

/** A cluster failed to do its part of the build: the message says where, and what to check. */
public class ClusterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, where, and what to do */
    public ClusterException(String message) {
        super(message);
    }
}
