package io.github.transferml.transfer.data;

import java.util.List;

/**
 * Training and validation examples that never overlap, with a digest of the files they came from.
 *
 * @param train the training examples
 * @param validation the validation examples
 * @param digest SHA-256 over the names and bytes of every data file
 */
public record TrainValidation(LabeledImages train, LabeledImages validation, String digest) {

    /** @return the class names, index = label */
    public List<String> classNames() {
        return train.classNames();
    }
}
