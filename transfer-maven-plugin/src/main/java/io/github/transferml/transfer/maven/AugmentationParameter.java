package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.augment.Augmentation;

/** The POM's {@code <augmentation>}: random transforms of training images, seeded by {@code seed}. */
public class AugmentationParameter {

    /** Flip left-right with probability 0.5. */
    private boolean horizontalFlip;

    /** Flip upside down with probability 0.5. */
    private boolean verticalFlip;

    /** Rotate by up to this many degrees either way (0: off). */
    private double rotation;

    /** Random resized crop: the smallest fraction of the area kept, in (0, 1] (1: off). */
    private double cropScale = 1;

    /** Scale brightness by up to this fraction either way, in [0, 1] (0: off). */
    private double brightness;

    /** Scale contrast by up to this fraction either way, in [0, 1] (0: off). */
    private double contrast;

    /**
     * Augmented views of each training image computed into a feature cache (default 1). Phases that
     * train from pixels stream instead, and draw this many fresh views of each image every epoch.
     */
    private int views = 1;

    /** @return the core's augmentation */
    public Augmentation toAugmentation() {
        return Augmentation.builder()
                .optHorizontalFlip(horizontalFlip)
                .optVerticalFlip(verticalFlip)
                .optRotation(rotation)
                .optRandomResizedCrop(cropScale)
                .optBrightness(brightness)
                .optContrast(contrast)
                .optViews(views)
                .build();
    }
}
