package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.cluster.ClusterException;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.cut.CutPointException;
import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.source.BaseModelException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Turns the core's typed exceptions about the user's input into build failures whose message
 * starts with the POM element to fix; anything else is not the user's input and passes unchanged.
 */
final class UserErrors {

    private UserErrors() {}

    /**
     * Translates an exception of the core.
     *
     * @param e what the core threw
     * @return a failure naming the POM element, to be thrown by the caller
     * @throws RuntimeException {@code e} itself, when it is not about the user's input
     */
    static MojoFailureException failure(RuntimeException e) {
        String element;
        if (e instanceof ConfigurationException) {
            element = "Invalid configuration";
        } else if (e instanceof CutPointException) {
            element = "<cutPoint>";
        } else if (e instanceof DatasetException) {
            element = "<dataset>";
        } else if (e instanceof BaseModelException) {
            element = "<baseModel>";
        } else if (e instanceof ClusterException) {
            element = "<spark>";
        } else {
            throw e;
        }
        return new MojoFailureException(element + ": " + e.getMessage(), e);
    }
}
