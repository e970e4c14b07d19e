package org.distill4j.course;

import org.distill4j.models.Classifier;

/**
 * Trains the course's teacher ({@link Course#teacher()}) and leaves it in {@code checkpoints/}, so that the notebooks
 * after 01 load it instead of training it. Binder's image build runs this ({@code ./kit pretrain}); a learner never
 * needs to.
 */
public final class PretrainTeacher {

    private PretrainTeacher() {}

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        try (Classifier teacher = Course.teacher()) {
            System.out.printf("teacher ready in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, teacher);
        }
    }
}
