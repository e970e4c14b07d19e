package org.distill4j.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.distill4j.metrics.Calibration;
import org.junit.jupiter.api.Test;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class PlotsTest {

    static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Sandal");

    static Table history(String name, double... testAcc) {
        int[] epochs = new int[testAcc.length];
        double[] loss = new double[testAcc.length];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = i + 1;
            loss[i] = 1.0 / (i + 1);
        }
        return Table.create(name, IntColumn.create("epoch", epochs), DoubleColumn.create("loss", loss),
                DoubleColumn.create("test_acc", testAcc));
    }

    static float[] ramp(int side) {
        float[] pixels = new float[side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) i / (pixels.length - 1);
        }
        return pixels;
    }

    // ------------------------------------------------------------------------------------------- training curves

    @Test
    void differencesDrawEachMeanWithItsOwnAsymmetricErrorBarsInPointsAndTheZeroLine() {
        Map<String, org.distill4j.metrics.PairedDifference> d = new LinkedHashMap<>();
        d.put("KD − scratch", org.distill4j.metrics.PairedDifference.of(new double[] {0.80, 0.82, 0.81}, new double[] {0.75, 0.76, 0.77}));
        d.put("KD − control", org.distill4j.metrics.PairedDifference.of(new double[] {0.80, 0.82, 0.81}, new double[] {0.81, 0.80, 0.82}));
        PlotlyFigure f = Plots.differences("gains", "points", 100, d);
        PlotlyTrace points = f.traces().get(0);
        assertArrayEquals(new double[] {5.0, 0.0}, points.numbers("x"), 1e-9); // means of the differences, in points
        assertArrayEquals(new double[] {1, 0}, points.numbers("y"), 0); // first comparison on top
        @SuppressWarnings("unchecked")
        Map<String, Object> err = (Map<String, Object>) points.get("error_x");
        var first = d.get("KD − scratch");
        assertEquals(100 * (first.high() - first.mean()), ((double[]) err.get("array"))[0], 1e-9);
        assertEquals(100 * (first.mean() - first.low()), ((double[]) err.get("arrayminus"))[0], 1e-9);
        assertTrue(first.low() > 0 && d.get("KD − control").low() < 0, "one interval excludes 0, the other does not");
        assertArrayEquals(new double[] {0, 0}, f.traces().get(1).numbers("x"), 0);
        assertThrows(IllegalArgumentException.class, () -> Plots.differences("t", "points", 0, d));
        assertThrows(IllegalArgumentException.class, () -> Plots.differences("t", "points", 100, Map.of()));
    }

    @Test
    void trainingCurvesHasOneLinePerRunWithEpochOnXAndTheMetricOnY() {
        Map<String, Table> runs = new LinkedHashMap<>();
        runs.put("teacher", history("t", 0.80, 0.85, 0.88));
        runs.put("distilled student", history("d", 0.70, 0.82));
        PlotlyFigure f = Plots.trainingCurves("test_acc", runs);

        assertEquals(2, f.traces().size());
        assertEquals(List.of("teacher", "distilled student"), f.traces().stream().map(PlotlyTrace::name).toList());
        PlotlyTrace teacher = f.trace("teacher");
        assertEquals("scatter", teacher.type());
        assertArrayEquals(new double[] {1, 2, 3}, teacher.numbers("x"));
        assertArrayEquals(new double[] {0.80, 0.85, 0.88}, teacher.numbers("y"));
        assertArrayEquals(new double[] {0.70, 0.82}, f.trace("distilled student").numbers("y"));
        assertEquals("epoch", f.layout("xaxis.title.text"));
        assertEquals("test_acc", f.layout("yaxis.title.text"));
        assertEquals("test_acc per epoch", f.title());
    }

    @Test
    void trainingCurvesOfOneRunHasOneLinePerColumn() {
        PlotlyFigure f = Plots.trainingCurves(history("teacher", 0.5, 0.6), "loss", "test_acc");
        assertEquals(List.of("loss", "test_acc"), f.traces().stream().map(PlotlyTrace::name).toList());
        assertArrayEquals(new double[] {1.0, 0.5}, f.trace("loss").numbers("y"));
        assertEquals("teacher: loss, test_acc per epoch", f.title());
    }

    @Test
    void trainingCurvesNamesTheMissingColumnAndListsTheColumnsThere() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.trainingCurves("agreement", Map.of("teacher", history("t", 0.8))));
        assertTrue(e.getMessage().contains("'teacher' has no column 'agreement'"), e.getMessage());
        assertTrue(e.getMessage().contains("[epoch, loss, test_acc]"), e.getMessage());
    }

    @Test
    void trainingCurvesRejectsTextColumnsAndEmptyMaps() {
        Table t = history("t", 0.8).addColumns(StringColumn.create("note", "ok"));
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.trainingCurves("note", Map.of("r", t)));
        assertTrue(e.getMessage().contains("not numbers"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.trainingCurves("loss", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Plots.trainingCurves(t));
    }

    // ------------------------------------------------------------------------------------------------ soft labels

    @Test
    void softLabelsIsGroupedBarsOfEachSeriesOverTheClassNames() {
        Map<String, float[]> p = new LinkedHashMap<>();
        p.put("T = 1", new float[] {0.1f, 0.2f, 0.7f});
        p.put("T = 4", new float[] {0.3f, 0.3f, 0.4f});
        PlotlyFigure f = Plots.softLabels(CLASSES, p);

        assertEquals("group", f.layout("barmode"));
        assertEquals(2, f.traces().size());
        PlotlyTrace t1 = f.trace("T = 1");
        assertEquals("bar", t1.type());
        assertEquals(CLASSES, t1.labels("x"));
        assertArrayEquals(new double[] {0.1, 0.2, 0.7}, t1.numbers("y"), "floats keep their printed value");
        assertArrayEquals(new double[] {0.3, 0.3, 0.4}, f.trace("T = 4").numbers("y"));
        assertEquals("probability", f.layout("yaxis.title.text"));
        assertEquals(List.of(0, 1), f.layout("yaxis.range"));
        assertEquals("class", f.layout("xaxis.title.text"));
    }

    @Test
    void softLabelsRejectsAWrongLengthAndLogits() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.softLabels(CLASSES, Map.of("T = 1", new float[] {0.5f, 0.5f})));
        assertTrue(e.getMessage().contains("must have length 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Plots.softLabels(CLASSES, Map.of("T = 1", new float[] {2.3f, -1f, 0.1f})));
        assertTrue(e.getMessage().contains("logits"), e.getMessage());
    }

    // --------------------------------------------------------------------------------------------------- heatmaps

    @Test
    void heatmapKeepsRowsAsYLabelsAndDrawsRowZeroAtTheTop() {
        float[][] v = {{1, 2, 3}, {4, 5, 6}};
        PlotlyFigure f = Plots.heatmap("h", v, List.of("a", "b", "c"), List.of("r1", "r2"));
        PlotlyTrace t = f.traces().get(0);
        assertEquals("heatmap", t.type());
        assertArrayEquals(new double[] {4, 5, 6}, t.matrix()[1]);
        assertEquals(List.of("a", "b", "c"), t.labels("x"));
        assertEquals(List.of("r1", "r2"), t.labels("y"));
        assertEquals("reversed", f.layout("yaxis.autorange"));
        assertEquals("%{z:.2f}", t.get("texttemplate"), "small matrices print their values");
        assertEquals("h", f.title());
    }

    @Test
    void heatmapRejectsRaggedMatricesMismatchedAndRepeatedLabels() {
        List<String> ab = List.of("a", "b");
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.heatmap("h", new float[][] {{1, 2}, {3}}, ab, ab));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Plots.heatmap("h", new float[][] {{1, 2}}, ab, ab));
        e = assertThrows(IllegalArgumentException.class,
                () -> Plots.heatmap("h", new float[][] {{1, 2}, {3, 4}}, List.of("a", "a"), ab));
        assertTrue(e.getMessage().contains("'a' appears twice"), e.getMessage());
    }

    @Test
    void confusionMatrixHasTrueClassesAsRowsPredictedAsColumnsAndAccuracyInTheTitle() {
        int[][] counts = {{8, 2, 0}, {1, 9, 0}, {0, 0, 10}};
        PlotlyFigure f = Plots.confusionMatrix(counts, CLASSES);
        PlotlyTrace t = f.traces().get(0);
        assertArrayEquals(new double[] {8, 2, 0}, t.matrix()[0]);
        assertEquals(CLASSES, t.labels("x"));
        assertEquals(CLASSES, t.labels("y"));
        assertEquals("predicted class", f.layout("xaxis.title.text"));
        assertEquals("true class", f.layout("yaxis.title.text"));
        assertEquals("%{z}", t.get("texttemplate"));
        assertEquals(0, t.get("zmin"), "the colour scale starts at no examples");
        assertEquals(10.0, t.get("zmax"));
        assertEquals("Confusion matrix (accuracy 90.0 %)", f.title());
    }

    @Test
    void confusionMatrixRejectsNonSquareAndNegativeCounts() {
        assertThrows(IllegalArgumentException.class,
                () -> Plots.confusionMatrix(new int[][] {{1, 2, 3}, {1, 2, 3}}, CLASSES));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.confusionMatrix(new int[][] {{1, 2, 3}, {1, -2, 3}, {1, 2, 3}}, CLASSES));
        assertTrue(e.getMessage().contains("counts[1][1] is -2"), e.getMessage());
    }

    @Test
    void classSimilarityBlanksTheDiagonalSoTheColoursShowTheDarkKnowledge() {
        float[][] s = {{0.9f, 0.08f, 0.02f}, {0.1f, 0.85f, 0.05f}, {0.01f, 0.04f, 0.95f}};
        PlotlyTrace t = Plots.classSimilarity(s, CLASSES).traces().get(0);
        double[][] z = t.matrix();
        for (int i = 0; i < 3; i++) {
            assertTrue(Double.isNaN(z[i][i]), "diagonal cell " + i);
        }
        assertEquals(0.08, z[0][1]);
        assertEquals(0.04, z[2][1]);
        assertTrue(t.toJson().contains("\"z\":[[null,0.08,0.02]"), "NaN is written as null (a blank cell)");
    }

    // ----------------------------------------------------------------------------------------------------- images

    @Test
    void imageIsASquareGreyscaleHeatmapWithRowZeroAtTheTopAndSquarePixels() {
        PlotlyFigure f = Plots.image(ramp(28), "Sandal");
        PlotlyTrace t = f.traces().get(0);
        double[][] z = t.matrix();
        assertEquals(28, z.length);
        assertEquals(28, z[0].length);
        assertEquals(0.0, z[0][0]);
        assertEquals(1.0, z[27][27]);
        assertEquals(0, ((Number) t.get("zmin")).intValue());
        assertEquals(1, ((Number) t.get("zmax")).intValue());
        assertEquals(List.of(List.of(0, "#000000"), List.of(1, "#ffffff")), t.get("colorscale"));
        assertEquals("reversed", f.layout("yaxis.autorange"));
        assertEquals("x", f.layout("yaxis.scaleanchor"));
        assertEquals("Sandal", f.title());
    }

    @Test
    void imageRejectsANonSquareNumberOfPixelsAndNaN() {
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.image(new float[783], "x"));
        assertTrue(e.getMessage().contains("783") && e.getMessage().contains("784 for 28×28"), e.getMessage());
        float[] nan = new float[4];
        nan[3] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> Plots.image(nan, "x"));
        assertTrue(e.getMessage().contains("row 1, column 1"), e.getMessage());
    }

    @Test
    void imageWithSaliencyShowsImageSaliencyAndOverlayInThreeTitledPanels() {
        float[] image = ramp(4);
        float[] saliency = new float[16];
        saliency[5] = 2f;
        PlotlyFigure f = Plots.imageWithSaliency(image, saliency, "where the teacher looks");
        assertEquals(4, f.traces().size());
        assertEquals(List.of("x", "x2", "x3", "x3"), f.traces().stream().map(t -> t.get("xaxis")).toList());
        assertEquals(List.of("image", "saliency", "overlay"), annotationTexts(f));
        assertEquals(2.0, f.traces().get(1).matrix()[1][1]);
        assertEquals("Hot", f.traces().get(1).get("colorscale"), "non-negative saliency: sequential scale");
        assertEquals(2.0, f.traces().get(3).matrix()[1][1], "overlay shows the magnitude");
        assertEquals("x3", f.layout("yaxis3.scaleanchor"));
    }

    @Test
    void signedSaliencyUsesADivergingScaleCentredOnZero() {
        float[] saliency = new float[16];
        saliency[0] = -1f;
        saliency[1] = 3f;
        PlotlyTrace s = Plots.imageWithSaliency(ramp(4), saliency, "t").traces().get(1);
        assertEquals("RdBu", s.get("colorscale"));
        assertEquals(-3.0, ((Number) s.get("zmin")).doubleValue());
        assertEquals(3.0, ((Number) s.get("zmax")).doubleValue());
    }

    @Test
    void imageWithSaliencyRejectsDifferentSizes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.imageWithSaliency(ramp(4), ramp(3), "t"));
        assertTrue(e.getMessage().contains("16 and 9"), e.getMessage());
    }

    @Test
    void imageGridPlacesOnePanelPerImageRowByRowWithItsTitle() {
        List<float[]> images = List.of(ramp(4), ramp(4), ramp(4), ramp(4), ramp(4));
        PlotlyFigure f = Plots.imageGrid(images, List.of("a", "b", "c", "d", "e"), 2);
        assertEquals(5, f.traces().size());
        assertEquals("y5", f.traces().get(4).get("yaxis"));
        assertEquals(List.of("a", "b", "c", "d", "e"), annotationTexts(f));
        // 2 columns: panel 3 ("c") is below panel 1 ("a"), in the same column.
        assertEquals(f.layout("xaxis.domain"), f.layout("xaxis3.domain"));
        double top1 = ((Number) ((List<?>) f.layout("yaxis.domain")).get(1)).doubleValue();
        double top3 = ((Number) ((List<?>) f.layout("yaxis3.domain")).get(1)).doubleValue();
        assertTrue(top3 < top1, "row 2 is lower");
    }

    @Test
    void imageGridWithLabelsMarksWrongPredictionsAndCountsTheRightOnes() {
        List<float[]> images = List.of(ramp(4), ramp(4));
        PlotlyFigure f = Plots.imageGrid(images, List.of("Sandal", "Shirt"), List.of("Sandal", "T-shirt/top"), 2);
        List<String> titles = annotationTexts(f);
        assertEquals("Sandal", titles.get(0));
        assertTrue(titles.get(1).contains("true Shirt<br>predicted T-shirt/top"), titles.get(1));
        assertTrue(titles.get(1).contains("color:#c0392b"), "a wrong prediction is red");
        assertEquals("1 of 2 predicted correctly", f.title());
    }

    @Test
    void imageGridRejectsMismatchedTitlesAndBadColumns() {
        List<float[]> images = List.of(ramp(4), ramp(4));
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.imageGrid(images, List.of("a"), 2));
        assertTrue(e.getMessage().contains("titles must have length 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.imageGrid(images, List.of("a", "b"), 0));
        assertThrows(IllegalArgumentException.class, () -> Plots.imageGrid(List.of(), List.of(), 2));
    }

    // ------------------------------------------------------------------------------------------------ calibration

    /** Four predictions of confidence 0.9, three right: one empty bin of two, ECE |0.75 − 0.9| = 0.15. */
    static Calibration.Reliability fourPredictions() {
        return Calibration.reliability(new double[] {0.9, 0.9, 0.9, 0.9}, new boolean[] {true, true, true, false}, 2);
    }

    @Test
    void reliabilityDiagramPlotsAccuracyAgainstConfidenceOfNonEmptyBinsAndTheDiagonal() {
        Map<String, Calibration.Reliability> byModel = new LinkedHashMap<>();
        byModel.put("teacher", fourPredictions());
        PlotlyFigure f = Plots.reliabilityDiagram(byModel);
        assertEquals(2, f.traces().size());
        PlotlyTrace teacher = f.traces().get(0);
        assertEquals("teacher (ECE 15.0 %)", teacher.name());
        assertArrayEquals(new double[] {0.9}, teacher.numbers("x"), 1e-12, "the empty bin is left out");
        assertArrayEquals(new double[] {0.75}, teacher.numbers("y"));
        PlotlyTrace diagonal = f.trace("perfect calibration");
        assertArrayEquals(new double[] {0, 1}, diagonal.numbers("x"));
        assertArrayEquals(new double[] {0, 1}, diagonal.numbers("y"));
        assertTrue(((String) f.layout("xaxis.title.text")).startsWith("confidence"));
        assertEquals("accuracy in the bin", f.layout("yaxis.title.text"));
    }

    @Test
    void reliabilityDiagramDrawsCalibrationBinsDirectlyOneLinePerModelInMapOrder() {
        Map<String, Calibration.Reliability> byModel = new LinkedHashMap<>();
        // Confidences 0.95 (right), 0.95 (wrong), 0.55 (right): (2/3)·|0.5 − 0.95| + (1/3)·|1 − 0.55| = 0.45.
        byModel.put("teacher", Calibration.reliability(new double[] {0.95, 0.95, 0.55},
                new boolean[] {true, false, true}, 15));
        byModel.put("student", Calibration.reliability(new double[] {0.7}, new boolean[] {true}, 15));
        PlotlyFigure f = Plots.reliabilityDiagram(byModel);
        assertEquals(List.of("teacher (ECE 45.0 %)", "student (ECE 30.0 %)", "perfect calibration"),
                f.traces().stream().map(PlotlyTrace::name).toList());
        assertArrayEquals(new double[] {0.55, 0.95}, f.traces().get(0).numbers("x"), 1e-12);
        assertArrayEquals(new double[] {1.0, 0.5}, f.traces().get(0).numbers("y"), 1e-12);
    }

    @Test
    void reliabilityDiagramRejectsNoModelsAndNullBins() {
        assertThrows(IllegalArgumentException.class, () -> Plots.reliabilityDiagram(Map.of()));
        Map<String, Calibration.Reliability> nothing = new LinkedHashMap<>();
        nothing.put("teacher", null);
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.reliabilityDiagram(nothing));
        assertTrue(e.getMessage().contains("Calibration.reliability"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------- charts of tables

    static Table longForm() {
        return Table.create("accuracy", IntColumn.create("images", 100, 1000, 100, 1000),
                DoubleColumn.create("acc", 60.0, 80.0, 65.0, 84.5),
                StringColumn.create("student", "scratch", "scratch", "distilled", "distilled"));
    }

    @Test
    void linesDrawOneLinePerGroupInFirstAppearanceOrder() {
        PlotlyFigure f = Plots.lines("accuracy against size", longForm(), "images", "acc", "student");
        assertEquals(List.of("scratch", "distilled"), f.traces().stream().map(PlotlyTrace::name).toList());
        assertArrayEquals(new double[] {100, 1000}, f.trace("distilled").numbers("x"));
        assertArrayEquals(new double[] {65, 84.5}, f.trace("distilled").numbers("y"));
        assertEquals("images", f.layout("xaxis.title.text"));
        assertEquals("acc", f.layout("yaxis.title.text"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.lines("t", longForm(), "student", "acc", "images"));
        assertTrue(e.getMessage().contains("column 'student'") && e.getMessage().contains("not numbers"),
                e.getMessage());
    }

    @Test
    void barsGroupOneSeriesPerValueColumnOverTheCategories() {
        Table rho = Table.create("rho", StringColumn.create("class", "Sandal", "Shirt"),
                DoubleColumn.create("ρ scratch", 0.3, 0.4), DoubleColumn.create("ρ distilled", 0.35, 0.5));
        PlotlyFigure f = Plots.bars("ρ per class", rho, "class", "ρ scratch", "ρ distilled");
        assertEquals("group", f.layout("barmode"));
        assertEquals(List.of("ρ scratch", "ρ distilled"), f.traces().stream().map(PlotlyTrace::name).toList());
        assertEquals("bar", f.trace("ρ distilled").type());
        assertEquals(List.of("Sandal", "Shirt"), f.trace("ρ distilled").labels("x"));
        assertArrayEquals(new double[] {0.35, 0.5}, f.trace("ρ distilled").numbers("y"));
        assertThrows(IllegalArgumentException.class, () -> Plots.bars("t", rho, "class"));
        assertThrows(IllegalArgumentException.class, () -> Plots.bars("t", rho, "class", "no such column"));
    }

    @Test
    void histogramBinsTheValuesOfOneColumn() {
        PlotlyFigure f = Plots.histogram("accuracy", longForm(), "acc");
        PlotlyTrace t = f.traces().get(0);
        assertEquals("histogram", t.type());
        assertArrayEquals(new double[] {60, 80, 65, 84.5}, t.numbers("x"));
        assertEquals("count", f.layout("yaxis.title.text"));
        assertEquals("Figure \"accuracy\" (1 trace)\n  histogram \"acc\": 4 values", f.toString());
    }

    // ------------------------------------------------------------------------------------------- figure wrapper

    @Test
    void figureJsonIsWhatPlotlyNewPlotReceivesAndEscapesMarkup() {
        PlotlyFigure f = Plots.softLabels(List.of("</script>", "b"), Map.of("s", new float[] {0.5f, 0.5f}));
        String json = f.toJson();
        assertTrue(json.startsWith("{\"data\":[{\"type\":\"bar\""), json.substring(0, 40));
        assertTrue(!json.contains("</script>") && json.contains("\\u003c/script\\u003e"));
        assertTrue(f.asJavascript("d1").contains("Plotly.newPlot(target_d1, {\"data\""));
    }

    @Test
    void jsonWritesNumbersAsNumbersWholeOnesWithoutFractionAndNonFiniteAsNull() {
        assertEquals("[1,0.5,null,null,-2,1.0E-7]",
                Json.write(new double[] {1.0, 0.5, Double.NaN, Double.POSITIVE_INFINITY, -2.0, 1e-7}));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("f", 0.1f);
        m.put("i", 3);
        m.put("z", new double[][] {{Double.NaN, 0.25}});
        assertEquals("{\"f\":0.1,\"i\":3,\"z\":[[null,0.25]]}", Json.write(m), "a float as it prints");
        assertEquals("\"a \\u003cb\\u003e \\u0026 \\\"q\\\" \\u2028\"", Json.write("a <b> & \"q\" \u2028"));
    }

    @Test
    void titleAndSizeAreFluentAndTheTextFormListsTraces() {
        double[] t = {1, 2, 4, 8, 16};
        PlotlyFigure f = Plots.lineChart("acc", "temperature T", "acc")
                .line("α = 0.1", t, new double[] {0.80, 0.81, 0.82, 0.83, 0.84})
                .line("α = 0.5", t, new double[] {0.85, 0.86, Double.NaN, 0.88, 0.89})
                .title("My sweep").height(300);
        assertEquals("My sweep", f.title());
        assertEquals(300, f.layout("height"));
        assertEquals("Figure \"My sweep\" (2 traces)\n  scatter \"α = 0.1\": 5 points\n  scatter \"α = 0.5\": 5 points",
                f.toString());
        assertThrows(IllegalArgumentException.class, () -> f.height(10));
        var e = assertThrows(IllegalArgumentException.class, () -> f.trace("α = 0.9"));
        assertTrue(e.getMessage().contains("[α = 0.1, α = 0.5]"), e.getMessage());
        assertNull(f.layout("no.such.path"));
    }

    static List<String> annotationTexts(PlotlyFigure f) {
        Object annotations = f.layout("annotations");
        return ((List<?>) annotations).stream().map(a -> (String) ((Map<?, ?>) a).get("text")).toList();
    }
}
