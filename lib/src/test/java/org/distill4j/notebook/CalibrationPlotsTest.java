package org.distill4j.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4j.metrics.Calibration;
import org.distill4j.plots.PlotlyFigure;
import org.distill4j.plots.ReliabilityBins;
import org.junit.jupiter.api.Test;

class CalibrationPlotsTest {

    /** Confidences 0.95 (right), 0.95 (wrong), 0.55 (right): two non-empty bins of 15. */
    private static Calibration.Reliability threePredictions() {
        return Calibration.reliability(new double[] {0.95, 0.95, 0.55}, new boolean[] {true, false, true}, 15);
    }

    @Test
    void binsKeepEdgesCountsConfidenceAndAccuracyOfEveryBin() {
        Calibration.Reliability r = threePredictions();
        ReliabilityBins bins = CalibrationPlots.bins(r);
        assertEquals(15, bins.size());
        assertEquals(3, bins.total());
        for (int b = 0; b < 15; b++) {
            Calibration.Bin bin = r.bins().get(b);
            assertEquals(bin.lower(), bins.lower()[b]);
            assertEquals(bin.upper(), bins.upper()[b]);
            assertEquals(bin.count(), bins.count()[b]);
        }
        assertEquals(0.5, bins.accuracy()[14], 1e-12);
        assertEquals(0.95, bins.meanConfidence()[14], 1e-12);
        assertEquals(1.0, bins.accuracy()[8], 1e-12);
        assertTrue(Double.isNaN(bins.accuracy()[0]), "empty bins stay NaN");
    }

    @Test
    void convertedBinsGiveTheSameExpectedCalibrationError() {
        Calibration.Reliability r = threePredictions();
        // (2/3)·|0.5 − 0.95| + (1/3)·|1 − 0.55| = 0.3 + 0.15
        assertEquals(0.45, r.expectedCalibrationError(), 1e-12);
        assertEquals(r.expectedCalibrationError(), CalibrationPlots.bins(r).expectedCalibrationError(), 1e-12);
    }

    @Test
    void diagramHasOneTracePerModelPlusTheDiagonal() {
        Map<String, Calibration.Reliability> byModel = new LinkedHashMap<>();
        byModel.put("teacher", threePredictions());
        byModel.put("student", Calibration.reliability(new double[] {0.7}, new boolean[] {true}, 15));
        PlotlyFigure figure = CalibrationPlots.reliabilityDiagram(byModel);
        assertEquals(3, figure.traces().size());
        assertArrayEquals(new double[] {0.55, 0.95}, figure.trace("teacher (ECE 45.0 %)").numbers("x"), 1e-12);
        assertArrayEquals(new double[] {1.0, 0.5}, figure.trace("teacher (ECE 45.0 %)").numbers("y"), 1e-12);
        assertEquals("student (ECE 30.0 %)", figure.traces().get(1).name());
    }

    @Test
    void noModelsOrNoBinsIsAnErrorThatSaysWhatToPass() {
        assertThrows(IllegalArgumentException.class, () -> CalibrationPlots.reliabilityDiagram(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> CalibrationPlots.bins(null));
    }
}
