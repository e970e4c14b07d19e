package org.distill4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path dir;

    private static final Mlp NET = Mlp.builder().hidden(20).build();

    @BeforeEach
    void useTempDir() {
        System.setProperty("distill4j.checkpoints", dir.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("distill4j.checkpoints");
    }

    /** "Training" here is a fresh network with a different seed, so reloaded weights are recognisable. */
    private static Classifier trainCounting(AtomicInteger calls) {
        calls.incrementAndGet();
        return Classifier.create(NET, 99);
    }

    @Test
    void secondCallLoadsWhatTheFirstTrained() {
        AtomicInteger calls = new AtomicInteger();
        String first;
        try (Classifier a = Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls))) {
            first = a.fingerprint();
        }
        try (Classifier b = Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls))) {
            assertEquals(first, b.fingerprint());
        }
        assertEquals(1, calls.get());
        assertTrue(Checkpoints.fileFor(NET, 1, "recipe").getFileName().toString().startsWith("mlp-784-20-10-"));
    }

    @Test
    void aDifferentSeedOrRecipeIsADifferentCheckpoint() {
        assertNotEquals(Checkpoints.fileFor(NET, 1, "r"), Checkpoints.fileFor(NET, 2, "r"));
        assertNotEquals(Checkpoints.fileFor(NET, 1, "r"), Checkpoints.fileFor(NET, 1, "r2"));
        assertNotEquals(Checkpoints.fileFor(NET, 1, "r"), Checkpoints.fileFor(Mlp.builder().hidden(21).build(), 1, "r"));
    }

    @Test
    void corruptTruncatedOrForeignFilesAreRetrainedNotFatal() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Path file = Checkpoints.fileFor(NET, 1, "recipe");
        Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls)).close();
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x40;
        Files.write(file, flipped);
        Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls)).close();
        assertEquals(2, calls.get(), "a flipped byte must be detected");

        Files.write(file, java.util.Arrays.copyOf(good, good.length / 3));
        Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls)).close();
        assertEquals(3, calls.get(), "a truncated file must be detected");

        Files.writeString(file, "not a checkpoint");
        Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls)).close();
        assertEquals(4, calls.get());

        // A checkpoint of another configuration copied over this name.
        Path other = Checkpoints.save(Classifier.create(Mlp.builder().hidden(30).build(), 1), "recipe");
        Files.copy(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls)).close();
        assertEquals(5, calls.get());

        // After the retrain the file is good again.
        Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls)).close();
        assertEquals(5, calls.get());
    }

    @Test
    void writesLeaveNoTemporaryFiles() throws IOException {
        try (Classifier net = Classifier.create(NET, 1)) {
            Checkpoints.save(net, "a");
            Checkpoints.save(net, "a");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
