package org.distill4j.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The memory this process may use: the container's limit (a Linux cgroup) and the JVM's maximum heap, with a verdict
 * against the course's peak of {@value #COURSE_PEAK_MB} MB.
 *
 * <p>Why check? Past a cgroup's limit the kernel kills the process without a word: in Jupyter the kernel just dies
 * and restarts. Binder gives 1 to 2 GB; a notebook of this course needs up to 1.5 GB (the JVM heap plus PyTorch's
 * native memory, which the heap setting does not bound).
 *
 * <p>Where the limit is read: cgroup v2's {@code memory.max} ({@code max} means none) in this process's own cgroup
 * (the {@code 0::} line of {@code /proc/self/cgroup}, as on a desktop Linux) or at {@code /sys/fs/cgroup/memory.max} (a
 * container's), else cgroup v1's
 * {@code /sys/fs/cgroup/memory/memory.limit_in_bytes} (a value near 2⁶³ means none). No file, or one that cannot be
 * parsed, is reported as "unknown", never as an error.
 *
 * <pre>{@code
 * System.out.println(MemoryLimit.ofThisProcess().report());
 * // memory: no container limit; JVM heap ≤ 768 MB. Fine: the course needs up to 1.5 GB.
 * }</pre>
 */
public final class MemoryLimit {

    /** The most memory a notebook of the course needs, in MB (README, performance section: measured peaks stay below). */
    public static final long COURSE_PEAK_MB = 1536;

    /** cgroup v1 writes "no limit" as the largest page-aligned long; anything from 2⁶⁰ bytes up is no limit. */
    private static final long UNLIMITED_FROM = 1L << 60;

    private final OptionalLong limitBytes;
    private final boolean known;
    private final long maxHeapBytes;

    private MemoryLimit(OptionalLong limitBytes, boolean known, long maxHeapBytes) {
        this.limitBytes = limitBytes;
        this.known = known;
        this.maxHeapBytes = maxHeapBytes;
    }

    /** The limit of this process's container (read from {@code /sys/fs/cgroup}) and this JVM's maximum heap. */
    public static MemoryLimit ofThisProcess() {
        return read(Path.of("/sys/fs/cgroup"), ownCgroup(Path.of("/proc/self/cgroup")), Runtime.getRuntime().maxMemory());
    }

    /** The cgroup v2 path of this process ({@code /user.slice/...}) from {@code /proc/self/cgroup}, or "" if none. */
    static String ownCgroup(Path procSelfCgroup) {
        try {
            for (String line : Files.readAllLines(procSelfCgroup)) {
                if (line.startsWith("0::")) {
                    return line.substring(3).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no cgroup v2: the fixed paths are tried
        }
        return "";
    }

    /** {@link #read(Path, String, long)} for a process at the root of its cgroup (as in a container). */
    static MemoryLimit read(Path cgroupRoot, long maxHeapBytes) {
        return read(cgroupRoot, "", maxHeapBytes);
    }

    /**
     * Reads the limit under {@code cgroupRoot} (v2 first, then v1).
     *
     * @param cgroupRoot normally {@code /sys/fs/cgroup}; a test passes a folder of its own
     * @param ownCgroup this process's cgroup v2 path relative to the root ({@code /user.slice/...}), or ""
     * @param maxHeapBytes the JVM's maximum heap, {@link Runtime#maxMemory()}
     */
    static MemoryLimit read(Path cgroupRoot, String ownCgroup, long maxHeapBytes) {
        String relative = ownCgroup.replaceFirst("^/+", "");
        Path own = relative.isEmpty() || relative.contains("..") ? cgroupRoot : cgroupRoot.resolve(relative);
        for (Path file : new Path[] {own.resolve("memory.max"), cgroupRoot.resolve("memory.max"),
                cgroupRoot.resolve("memory/memory.limit_in_bytes")}) {
            if (Files.isRegularFile(file)) {
                try {
                    OptionalLong limit = parse(Files.readString(file));
                    if (limit != null) {
                        return new MemoryLimit(limit, true, maxHeapBytes);
                    }
                } catch (IOException e) {
                    // unreadable: try the other version, else unknown
                }
            }
        }
        return new MemoryLimit(OptionalLong.empty(), false, maxHeapBytes);
    }

    /**
     * Parses a cgroup limit file's content.
     *
     * @return the limit in bytes; empty for "no limit" ({@code max}, or cgroup v1's near-2⁶³ value); {@code null} if the
     *     content is not a limit
     */
    static OptionalLong parse(String content) {
        String value = content.strip();
        if (value.equals("max")) {
            return OptionalLong.empty();
        }
        try {
            long bytes = Long.parseLong(value);
            if (bytes <= 0) {
                return null;
            }
            return bytes >= UNLIMITED_FROM ? OptionalLong.empty() : OptionalLong.of(bytes);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The container's limit in bytes; empty when there is none or it could not be read (see {@link #known()}). */
    public OptionalLong limitBytes() {
        return limitBytes;
    }

    /** Whether a cgroup file was found and understood (false: not Linux, or no cgroup file system). */
    public boolean known() {
        return known;
    }

    public long maxHeapBytes() {
        return maxHeapBytes;
    }

    /** True unless a limit is known and below {@value #COURSE_PEAK_MB} MB. */
    public boolean enough() {
        return limitBytes.isEmpty() || limitBytes.getAsLong() >= COURSE_PEAK_MB << 20;
    }

    /**
     * One line for a notebook's first cell or {@code ./kit doctor}: the limit, the heap, and a verdict that says what to
     * do when the limit is too small or the heap does not fit under it.
     */
    public String report() {
        String heap = "JVM heap ≤ " + (maxHeapBytes >> 20) + " MB";
        if (limitBytes.isEmpty()) {
            return "memory: " + (known ? "no container limit" : "container limit unknown (no cgroup files)") + "; " + heap
                    + ". Fine: the course needs up to " + gb(COURSE_PEAK_MB << 20) + ".";
        }
        long limit = limitBytes.getAsLong();
        String head = "memory: container limit " + gb(limit) + "; " + heap + ". ";
        if (!enough()) {
            return head + "Too little: the course needs up to " + gb(COURSE_PEAK_MB << 20) + " (notebook 01, which trains "
                    + "three networks, needs the most; 05 and 07 come next), and past the limit the kernel is killed "
                    + "without a message. Ask for more memory (mybinder.org gives up to 2 GB), or run the course on your "
                    + "own machine with ./kit lab.";
        }
        if (maxHeapBytes >= limit) {
            return head + "The limit is enough, but the heap alone could fill it and PyTorch needs native memory beside "
                    + "it: set DISTILL4J_HEAP to about a third of the limit, then ./kit setup.";
        }
        return head + "Fine: the course needs up to " + gb(COURSE_PEAK_MB << 20) + ".";
    }

    @Override
    public String toString() {
        return report();
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }

    /** Prints {@link #report()}; exits with status 1 when the memory is not {@linkplain #enough() enough}. */
    public static void main(String[] args) {
        MemoryLimit memory = ofThisProcess();
        System.out.println(memory.report());
        if (!memory.enough()) {
            System.exit(1);
        }
    }
}
