package org.distill4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.distill4j.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogitCacheTest {

    @TempDir
    Path dir;

    private static ImageDataset images(int n, int salt) {
        byte[] px = new byte[n * 784];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ((i * 31 + salt * 7) % 251);
        }
        return new ImageDataset("test", px, new int[n], 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    private static float[] computed(Classifier net, ImageDataset data) {
        try (NDManager m = NDManager.newBaseManager()) {
            return net.logits(data, m).toFloatArray();
        }
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void rememberedLogitsEqualComputedOnesAndAreReadBackFromTheFileByAnotherCopyOfTheNetwork() throws Exception {
        ImageDataset data = images(30, 1);
        try (Classifier plain = Classifier.create(Mlp.student(), 5);
                Classifier kept = Classifier.create(Mlp.student(), 5).rememberLogits(dir);
                Classifier other = Classifier.create(Mlp.student(), 5).rememberLogits(dir)) {
            float[] expected = computed(plain, data);
            assertArrayEquals(expected, computed(kept, data));
            assertEquals(1, files().size(), "one file for one network and one set of images");
            // a file we can recognise as ours: overwrite it with other numbers of the right shape and checksum
            float[] fake = expected.clone();
            fake[0] += 1;
            LogitCache.write(files().get(0), fake, 30, 10);
            assertArrayEquals(fake, computed(other, data), 0f, "a second copy of the same weights reads the file");
            assertArrayEquals(expected, computed(kept, data), 0f, "the first copy answers from memory");
        }
    }

    @Test
    void otherImagesOrOtherWeightsNeverReadAnotherFile() throws Exception {
        try (Classifier a = Classifier.create(Mlp.student(), 5).rememberLogits(dir);
                Classifier b = Classifier.create(Mlp.student(), 6).rememberLogits(dir);
                Classifier plainB = Classifier.create(Mlp.student(), 6)) {
            computed(a, images(20, 1));
            computed(a, images(20, 2));
            assertArrayEquals(computed(plainB, images(20, 1)), computed(b, images(20, 1)));
            assertEquals(3, files().size());
        }
    }

    @Test
    void aDamagedOrWrongSizedFileIsIgnoredAndRewritten() throws Exception {
        ImageDataset data = images(12, 3);
        try (Classifier plain = Classifier.create(Mlp.student(), 9);
                Classifier first = Classifier.create(Mlp.student(), 9).rememberLogits(dir)) {
            float[] expected = computed(plain, data);
            computed(first, data);
            Path file = files().get(0);
            byte[] bytes = Files.readAllBytes(file);
            bytes[40] ^= 1; // a flipped bit in the logits: the checksum no longer matches
            Files.write(file, bytes);
            try (Classifier second = Classifier.create(Mlp.student(), 9).rememberLogits(dir)) {
                assertArrayEquals(expected, computed(second, data));
            }
            assertEquals(bytes.length, Files.readAllBytes(file).length);
            assertNotEquals(bytes[40], Files.readAllBytes(file)[40], "rewritten");
            Files.write(file, new byte[] {1, 2, 3}); // truncated
            try (Classifier third = Classifier.create(Mlp.student(), 9).rememberLogits(dir)) {
                assertArrayEquals(expected, computed(third, data));
            }
            assertTrue(LogitCache.read(file, 12, 10).isPresent());
            assertTrue(LogitCache.read(file, 13, 10).isEmpty(), "another shape is never read");
        }
    }

    @Test
    void loadingNewWeightsForgetsWhatWasKeptInMemory() throws Exception {
        ImageDataset data = images(10, 4);
        try (Classifier net = Classifier.create(Mlp.student(), 1).rememberLogits(dir);
                Classifier source = Classifier.create(Mlp.student(), 2)) {
            float[] before = computed(net, data);
            ByteArrayOutputStream weights = new ByteArrayOutputStream();
            source.writeParameters(weights);
            net.readParameters(new DataInputStream(new ByteArrayInputStream(weights.toByteArray())));
            float[] after = computed(net, data);
            assertArrayEquals(computed(source, data), after);
            assertNotEquals(before[0], after[0]);
        }
    }
}
