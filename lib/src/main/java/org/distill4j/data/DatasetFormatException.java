package org.distill4j.data;

/**
 * A dataset file is missing, truncated or not in the format we expect. The message says which file,
 * what was wrong, and what to do about it (usually: restore the file with {@code git checkout datasets/}
 * or rebuild it with {@code datasets/build.py}).
 */
public class DatasetFormatException extends RuntimeException {

    public DatasetFormatException(String message) {
        super(message);
    }

    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
