package org.distill4j.distillation;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distill4j.data.Datasets;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;
import org.junit.jupiter.api.Test;

/**
 * A learner re-runs a training cell ten times in one kernel: native memory must be freed every time. Each run distils
 * (with augmentation, so the teacher runs per batch too) and is closed; resident memory after the tenth run must be
 * within 10 % of that after the second.
 */
class RepeatedTrainingMemoryTest {

    @Test
    void trainingTenTimesDoesNotGrowResidentMemory() throws IOException {
        assumeTrue(residentBytes() > 0, "resident memory is read from VmRSS in /proc/self/status, which only Linux "
                + "has: this test cannot measure here, so it is skipped rather than passed");
        Datasets.Split all = Datasets.fashionMnist();
        Datasets.Split data = new Datasets.Split(all.train().take(2000), all.test().take(500));
        long afterSecond = 0;
        long last = 0;
        try (Classifier teacher = Classifier.create(Mlp.builder().hidden(128).build(), 1, Device.cpu())) {
            for (int run = 1; run <= 10; run++) {
                boolean augment = run % 2 == 0;
                try (Distiller.Result r = Distiller.builder().epochs(1).seed(run).augment(augment).quiet(true)
                        .device(Device.cpu()).build().distill(teacher, Mlp.builder().hidden(64).build(), data)) {
                    r.student().parameterCount();
                }
                System.gc();
                last = residentBytes();
                if (run == 2) {
                    afterSecond = last;
                }
            }
        }
        System.out.printf("RSS after run 2: %.1f MB, after run 10: %.1f MB%n", afterSecond / 1e6, last / 1e6);
        assertTrue(last <= afterSecond * 1.10, "RSS grew from " + afterSecond + " to " + last + " bytes");
    }

    /** VmRSS from /proc (Linux), or 0 where it cannot be read (the test is then skipped, see its assumption). */
    private static long residentBytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
