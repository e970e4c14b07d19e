package org.distill4j.interpretability;

/**
 * The checks every builder of this package makes on its settings, with one wording: what was wrong and what to do.
 * Package-private: learners meet them as the {@code IllegalArgumentException}s of the builders.
 */
final class Settings {

    private Settings() {}

    /**
     * {@code value} if it is 1 or more: a count (steps, samples, batchSize, maxDepth) or a side in pixels (patch,
     * stride, pool).
     *
     * @param advice appended to the message, e.g. {@code " (Smilkov et al. used about 50)"}; may be empty
     * @throws IllegalArgumentException if {@code value < 1}, naming the setting and the value
     */
    static int atLeastOne(String name, int value, String advice) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value + advice + ".");
        }
        return value;
    }

    /** @throws IllegalArgumentException if {@code height} or {@code width} is below 1 */
    static void checkImageSize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "×" + width + ".");
        }
    }
}
