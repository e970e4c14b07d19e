package org.distill4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
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

    /** A network whose first weight is {@code value} (NaN or infinity): what a diverged training run leaves. */
    private static Classifier poisoned(float value) {
        Classifier net = Classifier.create(NET, 99);
        NDArray weights = net.block().getParameters().valueAt(0).getArray();
        weights.set(new NDIndex("0, 0"), value);
        return net;
    }

    /** What {@code action} writes to the log (slf4j-simple writes to System.err). */
    private static <T> String logOf(Supplier<T> action, List<T> result) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            result.add(action.get());
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    @Test
    void weightsWithNaNOrInfinityAreNeverSaved() throws IOException {
        for (float value : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            try (Classifier net = poisoned(value)) {
                assertEquals(Checkpoints.nonFiniteParameter(net), java.util.Optional.of(
                        net.block().getParameters().keyAt(0)));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> Checkpoints.save(net, "r"));
                assertTrue(e.getMessage().contains("NOT saved") && e.getMessage().contains("smaller learning rate"),
                        e.getMessage());
            }
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Checkpoints.loadOrTrain(NET, 1, "r", () -> poisoned(value)));
            assertTrue(e.getMessage().contains("NaN or infinite"), e.getMessage());
            assertEquals(List.of(), filesIn(dir), "value " + value);
        }
        try (Classifier fine = Classifier.create(NET, 1)) {
            assertEquals(java.util.Optional.empty(), Checkpoints.nonFiniteParameter(fine));
        }
    }

    @Test
    void aCheckpointHoldingNaNIsNotLoadedButRetrained() throws IOException {
        Path file = Checkpoints.fileFor(NET, 1, "recipe");
        try (Classifier net = poisoned(Float.NaN)) { // as an older version of the library could save it
            Checkpoints.writeFile(net, Checkpoints.key(NET, 1, "recipe"), file);
        }
        AtomicInteger calls = new AtomicInteger();
        List<Classifier> got = new java.util.ArrayList<>();
        String log = logOf(() -> Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls)), got);
        try (Classifier net = got.get(0)) {
            assertEquals(1, calls.get());
            assertTrue(log.contains("NaN or infinite") && log.contains("retrained"), log);
            assertEquals(java.util.Optional.empty(), Checkpoints.nonFiniteParameter(net));
        }
        Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls)).close();
        assertEquals(1, calls.get(), "the retrained network replaced the NaN checkpoint");
    }

    @Test
    void aFolderInTheWayWarnsAndReturnsTheTrainedNetwork() throws IOException {
        Path file = Checkpoints.fileFor(NET, 1, "recipe");
        Files.createDirectories(file.resolve("something"));
        String expected;
        try (Classifier reference = Classifier.create(NET, 99)) {
            expected = reference.fingerprint();
        }
        AtomicInteger calls = new AtomicInteger();
        List<Classifier> got = new java.util.ArrayList<>();
        String log = logOf(() -> Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls)), got);
        try (Classifier net = got.get(0)) {
            assertEquals(expected, net.fingerprint(), "the trained network itself is returned");
        }
        assertEquals(1, calls.get());
        assertTrue(log.contains("NOT saved") && log.contains(file.toString()) && log.contains("folder of that name"), log);
        assertTrue(Files.isDirectory(file), "the learner's folder is left alone");
        assertEquals(List.of(file), filesIn(dir), "no temporary file is left behind");
    }

    @Test
    void aCheckpointFolderThatCannotBeCreatedWarnsAndReturnsTheTrainedNetwork() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("a-file"), "x");
        System.setProperty("distill4j.checkpoints", notAFolder.resolve("checkpoints").toString());
        AtomicInteger calls = new AtomicInteger();
        List<Classifier> got = new java.util.ArrayList<>();
        String log = logOf(() -> Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls)), got);
        got.get(0).close();
        assertEquals(1, calls.get());
        assertTrue(log.contains("NOT saved") && log.contains(notAFolder.toString()), log);
        assertThrows(java.io.UncheckedIOException.class, () -> {
            try (Classifier net = Classifier.create(NET, 1)) {
                Checkpoints.save(net, "recipe");
            }
        });
    }

    @Test
    void aReadOnlyFolderWarnsAndReturnsTheTrainedNetwork() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root ignores permission bits, so a read-only folder is writable here");
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        System.setProperty("distill4j.checkpoints", readOnly.toString());
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            AtomicInteger calls = new AtomicInteger();
            List<Classifier> got = new java.util.ArrayList<>();
            String log = logOf(() -> Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls)), got);
            got.get(0).close();
            assertEquals(1, calls.get());
            assertTrue(log.contains("NOT saved") && log.contains("permission denied"), log);
            assertEquals(List.of(), filesIn(readOnly));
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void checkpointsGetTheUmasksPermissionsSoClassmatesCanRead() throws IOException {
        Path probe = Files.createFile(dir.resolve("probe")); // what this process's umask gives a new file
        Set<PosixFilePermission> umaskDefault = Files.getPosixFilePermissions(probe);
        Files.delete(probe);
        Path file;
        try (Classifier net = Classifier.create(NET, 1)) {
            file = Checkpoints.save(net, "shared");
        }
        assertEquals(umaskDefault, Files.getPosixFilePermissions(file));
        assertTrue(Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_READ));
    }

    @Test
    void staleTemporaryFilesOfInterruptedSavesAreDeleted() throws IOException {
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Path stale = Files.writeString(dir.resolve("mlp-784-20-10-0123456789abcdef.params.5f3a.tmp"), "half");
        Path staleOldStyle = Files.writeString(dir.resolve("mlp-784-20-10-0123456789abcdef.params123456.tmp"), "half");
        Path fresh = Files.writeString(dir.resolve("mlp-784-20-10-fedcba9876543210.params.77.tmp"), "in progress");
        Path notOurs = Files.writeString(dir.resolve("notes.tmp"), "a learner's file");
        Files.setLastModifiedTime(stale, twoHoursAgo);
        Files.setLastModifiedTime(staleOldStyle, twoHoursAgo);
        Files.setLastModifiedTime(notOurs, twoHoursAgo);
        assertTrue(Checkpoints.load(NET, 1, "recipe", ai.djl.engine.Engine.getInstance().defaultDevice()).isEmpty());
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(staleOldStyle));
        assertTrue(Files.exists(fresh), "a young temporary file may be a save in progress");
        assertTrue(Files.exists(notOurs));

        Files.setLastModifiedTime(fresh, twoHoursAgo);
        try (Classifier net = Classifier.create(NET, 1)) {
            Checkpoints.save(net, "recipe");
        }
        assertFalse(Files.exists(fresh), "saving cleans up too");
    }

    @Test
    void aHugeFileAtTheCheckpointPathIsRetrainedNotReadIntoMemory() throws IOException {
        Path file = Checkpoints.fileFor(NET, 1, "recipe");
        AtomicInteger calls = new AtomicInteger();
        // Sparse files: no disk is used. 3 GB cannot even be one Java array; 100 MB is far more than 16,000 weights.
        for (long size : new long[] {3L << 30, 100L << 20}) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(size);
            }
            List<Classifier> got = new java.util.ArrayList<>();
            String log = logOf(() -> Checkpoints.loadOrTrain(NET, 1, "recipe", () -> trainCounting(calls)), got);
            got.get(0).close();
            assertTrue(log.contains("far more than") && log.contains("retrained"), log);
            assertTrue(Files.size(file) < 1 << 20, "the retrained checkpoint replaced it");
        }
        assertEquals(2, calls.get());
    }
}
