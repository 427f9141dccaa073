package io.github.transferml.transfer.source;

import ai.djl.Model;
import ai.djl.nn.SequentialBlock;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.runtime.NetworkRecipe;

/**
 * A loaded base network: its block tree (the children are the places to cut), the recipe that
 * rebuilds it, the input it expects, and where it came from.
 *
 * @param model the DJL model that owns the parameters; closed with this base
 * @param network the network
 * @param recipe the recipe that rebuilds the network
 * @param input the input the network expects
 * @param pretrained whether the parameters were trained (false for a bare architecture)
 * @param description where it came from, for logs and {@code transfer.json}
 * @param sha256 the SHA-256 of the model file or directory, or {@code null} for an architecture
 */
public record BaseModel(
        Model model,
        SequentialBlock network,
        NetworkRecipe recipe,
        InputSpec input,
        boolean pretrained,
        String description,
        String sha256)
        implements AutoCloseable {

    /** Frees the parameters. */
    @Override
    public void close() {
        model.close();
    }
}
