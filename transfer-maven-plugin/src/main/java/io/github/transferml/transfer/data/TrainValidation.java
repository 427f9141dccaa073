package io.github.transferml.transfer.data;

import java.util.List;

/**
 * Training and validation examples that never overlap, with a digest of the files they came from.
 *
 * @param train the training examples
 * @param validation the validation examples
 * @param files exactly the data files read, with their digests
 */
public record TrainValidation(LabeledImages train, LabeledImages validation, DataFiles files) {

    /** @return one SHA-256 over the names and contents of the files read */
    public String digest() {
        return files.digest();
    }

    /** @return the class names, index = label */
    public List<String> classNames() {
        return train.classNames();
    }
}
