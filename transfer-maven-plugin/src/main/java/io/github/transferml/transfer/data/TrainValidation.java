package io.github.transferml.transfer.data;

import java.util.List;

/**
 * Training, validation and test examples that never overlap, with a digest of the files they came
 * from.
 *
 * @param train the training examples
 * @param validation the validation examples: they score every epoch and may choose the model
 * @param test the test examples, scored once on the final model; empty without a test set
 * @param files exactly the data files read, with their digests
 */
public record TrainValidation(LabeledImages train, LabeledImages validation, LabeledImages test, DataFiles files) {

    /**
     * Data without a test set.
     *
     * @param train the training examples
     * @param validation the validation examples
     * @param files exactly the data files read, with their digests
     */
    public TrainValidation(LabeledImages train, LabeledImages validation, DataFiles files) {
        this(train, validation, new LabeledImages(train.classNames(), List.of()), files);
    }

    /** @return one SHA-256 over the names and contents of the files read */
    public String digest() {
        return files.digest();
    }

    /** @return the class names, index = label */
    public List<String> classNames() {
        return train.classNames();
    }

    /** @return whether there are test examples to score */
    public boolean hasTest() {
        return test.size() > 0;
    }
}
