package org.distill4j.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.distill4j.data.DatasetFormatException;
import org.distill4j.data.Datasets;
import org.distill4j.data.ImageDataset;
import org.distill4j.distillation.Distiller;
import org.distill4j.distillation.Recipe;
import org.distill4j.interpretability.IntegratedGradients;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;
import org.distill4j.course.Course;

/**
 * The kit's side of {@code ./kit bench}: everything measured through the library, as a notebook runs it. Writes one
 * JSON file; {@code bench/report.py} turns it, the PyTorch numbers and the kernel timings into the published table.
 *
 * <pre>
 * java -cp ... org.distill4j.bench.Bench --out build/bench-kit.json [--sections gemm,throughput,profile,seeds,memory,attributions]
 *      [--batches 128,512] [--timed-epochs 3] [--seeds 42,43,44] [--full auto|yes|no]
 * </pre>
 *
 * <p>Sections: {@code gemm} (the hardware bound), {@code throughput} (training and inference samples/s per workload and
 * batch size), {@code profile} (a training step's time by phase: see {@link StepProfile}), {@code seeds} (teacher, scratch student and distilled student accuracy over seeds, on the shipped subset
 * and the full Fashion-MNIST when present), {@code memory} (resident memory over ten trainings in one JVM),
 * {@code attributions} (Integrated Gradients for 100 test images with the teacher).
 */
public final class Bench {

    /** The course's distillation recipe: the Distiller's defaults (temperature, α, student epochs, optimizer). */
    static final Recipe KD = Distiller.builder().build().recipe();
    /** How the course trains its teacher ({@link Course#teacherTraining()}). */
    static final Recipe TEACHER = Course.teacherTraining().recipe();
    static final float TEMPERATURE = KD.temperature();
    static final float ALPHA = KD.alpha();
    static final int STUDENT_EPOCHS = KD.epochs();
    static final int TEACHER_EPOCHS = TEACHER.epochs();

    private final Map<String, String> args;
    private final Device device = Engine.getInstance().defaultDevice();
    private final Map<String, Object> out = new LinkedHashMap<>();

    private Bench(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(argv));
            }
            a.put(argv[i].substring(2), argv[i + 1]);
        }
        new Bench(a).run();
    }

    private void run() throws IOException {
        Path file = Path.of(args.getOrDefault("out", "build/bench-kit.json"));
        Set<String> sections = Set.of(args.getOrDefault("sections", "gemm,throughput,profile,seeds,memory,attributions").split(","));
        out.put("environment", environment());
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("temperature", TEMPERATURE);
        recipe.put("alpha", ALPHA);
        recipe.put("student_epochs", STUDENT_EPOCHS);
        recipe.put("teacher_epochs", TEACHER_EPOCHS);
        recipe.put("optimizer", KD.optimizer() + " lr " + KD.learningRate());
        recipe.put("teacher_optimizer", TEACHER.optimizer() + " lr " + TEACHER.learningRate());
        recipe.put("batch", KD.batchSize());
        recipe.put("source", "Distiller.builder().build().recipe() and Course.teacherTraining().recipe()");
        out.put("recipe", recipe);
        Datasets.Split subset = Datasets.fashionMnist();
        double gemm = Double.NaN;
        int gemmN = Integer.parseInt(args.getOrDefault("gemm-n", "2048"));
        if (sections.contains("gemm") || sections.contains("throughput")) {
            log("GEMM: %d×%d fp32 matmul", gemmN, gemmN);
            GemmBound.Result g = GemmBound.measure(device, gemmN, 9);
            log("  %.1f GFLOP/s median, %.1f best", g.medianGflops(), g.bestGflops());
            out.put("gemm", gemmJson(g, null));
            gemm = g.bestGflops() * 1e9;
            save(file);
        }
        if (sections.contains("throughput")) {
            throughput(subset, gemm);
            // Measured again after the workloads: on a busy machine the first reading can be low, and a bound
            // below what the workloads reached would make their fractions meaningless. The bound is the best product.
            GemmBound.Result before = gemmFrom(out.get("gemm"));
            GemmBound.Result after = GemmBound.measure(device, gemmN, 9);
            log("GEMM again: %.1f GFLOP/s median, %.1f best", after.medianGflops(), after.bestGflops());
            out.put("gemm", gemmJson(before, after));
            double best = Math.max(before.bestGflops(), after.bestGflops()) * 1e9;
            if (best > gemm) {
                rescale(best);
            }
            save(file);
        }
        if (sections.contains("profile")) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int batch : List.of(128, 512)) {
                log("profile: a training step by phase, batch %d (the Distiller's loop, 1 + 1 epochs per variant)", batch);
                rows.addAll(StepProfile.measure(subset, batch, device, TEMPERATURE, ALPHA));
            }
            out.put("profile", rows);
            save(file);
        }
        Classifier trainedTeacher = null;
        try {
            if (sections.contains("seeds")) {
                trainedTeacher = seeds(subset);
                save(file);
            }
            if (sections.contains("memory")) {
                memory(subset);
                save(file);
            }
            if (sections.contains("attributions")) {
                attributions(trainedTeacher, subset.test());
                save(file);
            }
        } finally {
            if (trainedTeacher != null) {
                trainedTeacher.close();
            }
        }
        if (sections.contains("seeds") && !"no".equals(args.getOrDefault("full", "auto"))) {
            try {
                Datasets.Split full = Datasets.fashionMnistFull();
                out.put("seeds_full", seedTable(full, "full Fashion-MNIST", false));
            } catch (DatasetFormatException e) {
                if ("yes".equals(args.get("full"))) {
                    throw e;
                }
                out.put("seeds_full", Map.of("skipped", e.getMessage()));
                log("full Fashion-MNIST skipped: %s", e.getMessage());
            }
            save(file);
        }
        log("wrote %s", file);
    }

    private static Map<String, Object> gemmJson(GemmBound.Result first, GemmBound.Result second) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", first.n());
        m.put("repeats", first.repeats());
        m.put("median_gflops", first.medianGflops());
        m.put("best_gflops", first.bestGflops());
        if (second != null) {
            m.put("median_gflops_after", second.medianGflops());
            m.put("best_gflops_after", second.bestGflops());
        }
        double best = second == null ? first.bestGflops() : Math.max(first.bestGflops(), second.bestGflops());
        m.put("bound_gflops", best);
        m.put("bound_rule", "best single product of " + (second == null ? "9" : "18, measured before and after the workloads"));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static GemmBound.Result gemmFrom(Object json) {
        Map<String, Object> m = (Map<String, Object>) json;
        return new GemmBound.Result((int) m.get("n"), (double) m.get("median_gflops"), (double) m.get("best_gflops"),
                (int) m.get("repeats"));
    }

    /** Recomputes every row's bound with a higher GEMM rate. */
    @SuppressWarnings("unchecked")
    private void rescale(double gemmFlops) {
        for (Map<String, Object> row : (List<Map<String, Object>>) out.get("throughput")) {
            double flops = (double) row.get("flops_per_sample");
            row.put("bound_samples_per_s", gemmFlops / flops);
            row.put("bound_fraction", (double) row.get("samples_per_s") * flops / gemmFlops);
        }
    }

    private void throughput(Datasets.Split data, double gemmFlops) {
        int timed = Integer.parseInt(args.getOrDefault("timed-epochs", "3"));
        List<Integer> batches = Arrays.stream(args.getOrDefault("batches", "128,512").split(",")).map(Integer::parseInt)
                .toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Classifier teacher = Classifier.create(Mlp.teacher(), 1, device);
                Classifier student = Classifier.create(Mlp.student(), 1, device)) {
            for (int batch : batches) {
                for (Workload w : Workload.values()) {
                    log("throughput: %s, batch %d (%d + %d epochs)", w.label, batch, 1, timed);
                    Map<String, Object> row = w.run(teacher, data, batch, timed, device, TEMPERATURE, ALPHA, gemmFlops);
                    log("  %,.0f samples/s (%.0f %% of the bound), epochs %s s", (double) row.get("samples_per_s"),
                            100 * (double) row.get("bound_fraction"), fmt((double[]) row.get("epoch_seconds")));
                    rows.add(row);
                }
                for (Classifier net : List.of(teacher, student)) {
                    Classifier.Latency lat = net.latency(batch, 30);
                    double sps = batch / (lat.millisPerBatch() / 1000);
                    double flops = 2.0 * net.parameterCount();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("workload", net == teacher ? "teacher_inference" : "student_inference");
                    row.put("label", (net == teacher ? "teacher" : "student") + " inference");
                    row.put("batch", batch);
                    row.put("millis_per_batch", lat.millisPerBatch());
                    row.put("samples_per_s", sps);
                    row.put("flops_per_sample", flops);
                    row.put("bound_samples_per_s", gemmFlops / flops);
                    row.put("bound_fraction", sps * flops / gemmFlops);
                    log("inference: %s, batch %d: %,.0f samples/s", net.architecture().name(), batch, sps);
                    rows.add(row);
                }
            }
            out.put("parameters", Map.of("teacher", teacher.parameterCount(), "student", student.parameterCount()));
        }
        out.put("throughput", rows);
        out.put("timing", Map.of("timed_epochs", timed, "warmup_epochs", 1, "statistic", "median epoch"));
    }

    /** The subset's table; returns the first seed's trained teacher (for the attribution timing). */
    private Classifier seeds(Datasets.Split subset) {
        Map<String, Object> table = seedTable(subset, "Fashion-MNIST subset", true);
        out.put("seeds_subset", table);
        return keptTeacher;
    }

    private Classifier keptTeacher;

    private Map<String, Object> seedTable(Datasets.Split data, String name, boolean keepFirstTeacher) {
        long[] seeds = Arrays.stream(args.getOrDefault("seeds", "42,43,44").split(",")).mapToLong(Long::parseLong).toArray();
        Map<String, List<Double>> acc = new LinkedHashMap<>();
        for (String k : List.of("teacher", "student_scratch", "student_kd")) {
            acc.put(k, new ArrayList<>());
        }
        long t0 = System.nanoTime();
        for (long seed : seeds) {
            log("%s, seed %d: teacher (%d epochs)", name, seed, TEACHER_EPOCHS);
            Distiller.Result t = Distiller.supervised().epochs(TEACHER_EPOCHS).seed(seed).device(device).quiet(true).build()
                    .train(Mlp.teacher(), data);
            acc.get("teacher").add(t.testAccuracy());
            try (Distiller.Result s = Distiller.supervised().epochs(STUDENT_EPOCHS).seed(seed).device(device).quiet(true)
                    .build().train(Mlp.student(), data);
                    Distiller.Result kd = Distiller.builder().temperature(TEMPERATURE).alpha(ALPHA).epochs(STUDENT_EPOCHS)
                            .seed(seed).device(device).quiet(true).build().distill(t.student(), Mlp.student(), data)) {
                acc.get("student_scratch").add(s.testAccuracy());
                acc.get("student_kd").add(kd.testAccuracy());
            }
            log("  teacher %.2f %%, scratch student %.2f %%, distilled student %.2f %%",
                    100 * last(acc.get("teacher")), 100 * last(acc.get("student_scratch")), 100 * last(acc.get("student_kd")));
            if (keepFirstTeacher && keptTeacher == null) {
                keptTeacher = t.student();
            } else {
                t.close();
            }
        }
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("dataset", name);
        table.put("train_size", data.train().size());
        table.put("test_size", data.test().size());
        table.put("seeds", Arrays.stream(seeds).boxed().toList());
        for (Map.Entry<String, List<Double>> e : acc.entrySet()) {
            DescriptiveStatistics stats = new DescriptiveStatistics(e.getValue().stream().mapToDouble(d -> d).toArray());
            table.put(e.getKey(), Map.of("test_accuracy", e.getValue(), "mean", stats.getMean(),
                    "std", stats.getN() < 2 ? 0.0 : stats.getStandardDeviation()));
        }
        table.put("wall_s", (System.nanoTime() - t0) / 1e9);
        return table;
    }

    /** A learner re-runs a training cell ten times: resident memory after run 10 vs after run 2. */
    private void memory(Datasets.Split data) throws IOException {
        int runs = 10;
        List<Double> rss = new ArrayList<>();
        try (Classifier teacher = Classifier.create(Mlp.teacher(), 1, device)) {
            for (int run = 1; run <= runs; run++) {
                boolean augment = run % 2 == 0; // both paths: cached teacher logits and teacher per batch
                try (Distiller.Result r = Distiller.builder().temperature(TEMPERATURE).alpha(ALPHA).epochs(1).seed(run)
                        .augment(augment).device(device).quiet(true).build().distill(teacher, Mlp.student(), data)) {
                    r.testAccuracy();
                }
                System.gc();
                rss.add(residentMb());
                log("memory: run %d, RSS %.0f MB", run, last(rss));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", runs);
        m.put("what", "Distiller.distill(teacher 784-1200-1200-10, student 784-100-10), 1 epoch on the subset, "
                + "augmentation on even runs; VmRSS after each run and System.gc()");
        m.put("rss_mb", rss);
        m.put("growth_after_second", rss.get(runs - 1) / rss.get(1) - 1);
        out.put("memory", m);
    }

    /** Integrated Gradients, 32 steps, for 100 test images with the teacher: the first (cold) call and a second one. */
    private void attributions(Classifier trained, ImageDataset test) {
        Classifier teacher = trained != null ? trained : Classifier.create(Mlp.teacher(), 1, device);
        try {
            ImageDataset images = test.take(100);
            IntegratedGradients ig = IntegratedGradients.builder().steps(32).build();
            double[] seconds = new double[2];
            double gap = Double.NaN;
            for (int i = 0; i < 2; i++) {
                long t0 = System.nanoTime();
                try (NDManager m = NDManager.newBaseManager(device)) {
                    NDArray x = images.images(m);
                    IntegratedGradients.Result r = ig.explain(teacher.block(), x, images.labels());
                    gap = r.maxRelativeGap();
                }
                seconds[i] = (System.nanoTime() - t0) / 1e9;
            }
            log("attributions: IG (32 steps) for 100 images: %.2f s first call, %.2f s second", seconds[0], seconds[1]);
            out.put("attributions", Map.of("method", "IntegratedGradients(steps=32), teacher MLP", "images", 100,
                    "first_call_s", seconds[0], "second_call_s", seconds[1], "max_relative_completeness_gap", gap,
                    "teacher_trained", trained != null));
        } finally {
            if (teacher != trained) {
                teacher.close();
            }
        }
    }

    private Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        Engine e = Engine.getInstance();
        env.put("java", Runtime.version().toString());
        env.put("djl", Engine.getDjlVersion());
        env.put("engine", e.getEngineName() + " " + e.getVersion());
        env.put("device", device.toString());
        env.put("cpus", Runtime.getRuntime().availableProcessors());
        env.put("pytorch_num_threads", System.getProperty("ai.djl.pytorch.num_threads", "(default)"));
        env.put("omp_num_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        env.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        return env;
    }

    private static double residentMb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return Double.NaN;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private void save(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), out);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Pretty-printed JSON with NaN and infinities written as null (JSON has no such numbers). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule()
                    .addSerializer(Double.class, new JsonSerializer<Double>() {
                        @Override
                        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                            number(v, g);
                        }
                    })
                    .addSerializer(double[].class, new JsonSerializer<double[]>() {
                        @Override
                        public void serialize(double[] v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeStartArray();
                            for (double d : v) {
                                number(d, g);
                            }
                            g.writeEndArray();
                        }
                    }));

    private static void number(double v, JsonGenerator g) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }

    private static double last(List<Double> v) {
        return v.get(v.size() - 1);
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", d));
        }
        return b.toString();
    }

    private static void log(String format, Object... values) {
        System.err.println("[bench] " + String.format(Locale.ROOT, format, values));
        System.err.flush();
    }
}
