package org.distill4j.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryLimitTest {

    private static final long MB = 1L << 20;

    @TempDir
    Path cgroup;

    @Test
    void cgroupV2LimitIsReadAndTwoGigabytesIsEnough() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), "2147483648\n");
        MemoryLimit m = MemoryLimit.read(cgroup, 768 * MB);
        assertEquals(OptionalLong.of(2147483648L), m.limitBytes());
        assertTrue(m.enough());
        assertEquals("memory: container limit 2.0 GB; JVM heap ≤ 768 MB. Fine: the course needs up to 1.5 GB.", m.report());
    }

    @Test
    void oneGigabyteIsTooLittleAndTheReportSaysWhatToDo() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), String.valueOf(1024 * MB));
        MemoryLimit m = MemoryLimit.read(cgroup, 640 * MB);
        assertFalse(m.enough());
        String report = m.report();
        assertTrue(report.startsWith("memory: container limit 1.0 GB; JVM heap ≤ 640 MB. Too little"), report);
        assertTrue(report.contains("notebook 01") && report.contains("Ask for more memory"), report);
    }

    @Test
    void theBoundaryIsOnePointFiveGigabytes() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), String.valueOf(1536 * MB));
        assertTrue(MemoryLimit.read(cgroup, 512 * MB).enough());
        Files.writeString(cgroup.resolve("memory.max"), String.valueOf(1536 * MB - 4096));
        assertFalse(MemoryLimit.read(cgroup, 512 * MB).enough());
    }

    @Test
    void maxInV2AndTheHugeValueOfV1MeanNoLimit() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), "max\n");
        MemoryLimit v2 = MemoryLimit.read(cgroup, 768 * MB);
        assertTrue(v2.known() && v2.limitBytes().isEmpty() && v2.enough());
        assertTrue(v2.report().startsWith("memory: no container limit; JVM heap ≤ 768 MB. Fine"), v2.report());

        Files.delete(cgroup.resolve("memory.max"));
        Files.createDirectory(cgroup.resolve("memory"));
        Files.writeString(cgroup.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        MemoryLimit v1 = MemoryLimit.read(cgroup, 768 * MB);
        assertTrue(v1.known() && v1.limitBytes().isEmpty());
    }

    @Test
    void cgroupV1LimitIsReadWhenThereIsNoV2File() throws IOException {
        Files.createDirectory(cgroup.resolve("memory"));
        Files.writeString(cgroup.resolve("memory/memory.limit_in_bytes"), String.valueOf(3L << 30));
        assertEquals(OptionalLong.of(3L << 30), MemoryLimit.read(cgroup, 768 * MB).limitBytes());
    }

    @Test
    void aHeapAsLargeAsTheLimitIsPointedOut() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), String.valueOf(2048 * MB));
        String report = MemoryLimit.read(cgroup, 2048 * MB).report();
        assertTrue(report.contains("set DISTILL4J_HEAP"), report);
    }

    @Test
    void noFilesOrGarbageIsUnknownNotAnError() throws IOException {
        MemoryLimit none = MemoryLimit.read(cgroup, 768 * MB);
        assertFalse(none.known());
        assertTrue(none.enough());
        assertTrue(none.report().contains("container limit unknown"), none.report());
        Files.writeString(cgroup.resolve("memory.max"), "lots");
        assertFalse(MemoryLimit.read(cgroup, 768 * MB).known());
        assertNull(MemoryLimit.parse("-1"));
        assertEquals(OptionalLong.of(12345), MemoryLimit.parse(" 12345 \n"));
    }

    @Test
    void thisMachineGivesAReport() {
        String report = MemoryLimit.ofThisProcess().report();
        assertTrue(report.startsWith("memory: ") && report.contains("JVM heap ≤ " + (Runtime.getRuntime().maxMemory() >> 20)),
                report);
    }

    @Test
    void aDesktopProcessReadsTheLimitOfItsOwnCgroup() throws IOException {
        Path proc = Files.writeString(cgroup.resolve("self-cgroup"), "0::/user.slice/user-1000.slice/session-2.scope\n");
        assertEquals("/user.slice/user-1000.slice/session-2.scope", MemoryLimit.ownCgroup(proc));
        Path own = Files.createDirectories(cgroup.resolve("user.slice/user-1000.slice/session-2.scope"));
        Files.writeString(own.resolve("memory.max"), String.valueOf(1024 * MB));
        assertEquals(OptionalLong.of(1024 * MB), MemoryLimit.read(cgroup, MemoryLimit.ownCgroup(proc), 512 * MB).limitBytes());
        assertEquals("", MemoryLimit.ownCgroup(cgroup.resolve("missing")));
    }
}
