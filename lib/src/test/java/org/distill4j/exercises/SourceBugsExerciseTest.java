package org.distill4j.exercises;

import static org.distill4j.exercises.SourceBugsExercise.kl;
import static org.distill4j.exercises.SourceBugsExercise.softmax;
import static org.distill4j.exercises.Verdicts.assertMistake;
import static org.distill4j.exercises.Verdicts.assertNotImplemented;
import static org.distill4j.exercises.Verdicts.assertPassed;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.distill4j.exercises.SourceBugsExercise.Lab;
import org.distill4j.exercises.SourceBugsExercise.Split;
import org.distill4j.exercises.SourceBugsExercise.Trained;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The five "find the bug" checks pass the fixed snippets, say "not implemented yet" while the shipped guard line is in
 * place, and name each mistake — the tutorial's own first — with its own message.
 */
class SourceBugsExerciseTest {

    @Test
    void everyShippedGuardSaysNotImplementedYet() {
        assertNotImplemented(SourceBugsExercise.checkCrossEntropy((y, p) -> {
            throw new UnsupportedOperationException("not implemented yet");
        }));
        assertNotImplemented(SourceBugsExercise.checkSoftCrossEntropy((t, s) -> {
            throw new UnsupportedOperationException("not implemented yet");
        }));
        assertNotImplemented(SourceBugsExercise.checkSoftTerm((t, s, temp) -> {
            throw new UnsupportedOperationException("not implemented yet");
        }));
        assertNotImplemented(SourceBugsExercise.checkExperiment(lab -> {
            throw new UnsupportedOperationException("not implemented yet");
        }));
        assertNotImplemented(SourceBugsExercise.checkExplanation(lab -> {
            throw new UnsupportedOperationException("not implemented yet");
        }));
    }

    // ---------------------------------------------------------------- 1: the worked cross-entropy

    @Nested
    class WorkedCrossEntropy {

        /** Σ over classes of y_i · f(p_i), with a chosen (possibly wrong) f. */
        double weighted(float[] y, float[] p, DoubleUnaryOperator f) {
            double h = 0;
            for (int i = 0; i < y.length; i++) {
                h += y[i] * f.applyAsDouble(p[i]);
            }
            return h;
        }

        @Test
        void minusLogOfTheTrueClassPasses() {
            CheckResult r = SourceBugsExercise.checkCrossEntropy((y, p) -> weighted(y, p, x -> -Math.log(x)));
            assertPassed(r);
            assertTrue(r.message().contains("0.6931") && r.message().contains("notebook 04"), r::toString);
        }

        @Test
        void indexingTheTrueClassPasses() {
            assertPassed(SourceBugsExercise.checkCrossEntropy((y, p) -> {
                int k = 0;
                for (int i = 0; i < y.length; i++) {
                    k = y[i] == 1 ? i : k;
                }
                return -Math.log(p[k]);
            }));
        }

        @Test
        void theTutorialsNumberIsReported() {
            assertMistake(SourceBugsExercise.checkCrossEntropy((y, p) -> 0.2), "0.2: that is the tutorial's number");
        }

        @Test
        void swappedArgumentsAreReported() {
            assertMistake(SourceBugsExercise.checkCrossEntropy((y, p) -> weighted(p, y, x -> -Math.log(x))),
                    "y and p are swapped");
        }

        @Test
        void droppedMinusSignIsReported() {
            assertMistake(SourceBugsExercise.checkCrossEntropy((y, p) -> weighted(y, p, Math::log)),
                    "you dropped it");
        }

        @Test
        void logBaseTenIsReported() {
            assertMistake(SourceBugsExercise.checkCrossEntropy((y, p) -> weighted(y, p, x -> -Math.log10(x))),
                    "log base 10");
        }

        @Test
        void bitsAreReported() {
            assertMistake(SourceBugsExercise.checkCrossEntropy((y, p) -> weighted(y, p, x -> -Math.log(x) / Math.log(2))),
                    "that is in bits");
        }

        @Test
        void probabilityWithoutLogIsReported() {
            assertMistake(SourceBugsExercise.checkCrossEntropy((y, p) -> weighted(y, p, x -> x)),
                    "is the probability of the true class");
            assertMistake(SourceBugsExercise.checkCrossEntropy((y, p) -> weighted(y, p, x -> 1 - x)),
                    "is the probability of the true class (or 1 minus it)");
        }

        @Test
        void averageOverClassesIsReported() {
            assertMistake(SourceBugsExercise.checkCrossEntropy((y, p) -> weighted(y, p, x -> -Math.log(x)) / y.length),
                    "you averaged over the classes");
        }

        @Test
        void unweightedLogsAreReported() {
            assertMistake(SourceBugsExercise.checkCrossEntropy((y, p) -> {
                double h = 0;
                for (float x : p) {
                    h -= Math.log(x);
                }
                return h;
            }), "Weight each term by y_i");
        }

        @Test
        void entropyOfThePredictionIsReported() {
            assertMistake(SourceBugsExercise.checkCrossEntropy((y, p) -> {
                double h = 0;
                for (float x : p) {
                    h -= x * Math.log(x);
                }
                return h;
            }), "that is the entropy of p");
        }

        @Test
        void squaredErrorIsReported() {
            assertMistake(SourceBugsExercise.checkCrossEntropy((y, p) -> {
                double e = 0;
                for (int i = 0; i < y.length; i++) {
                    e += (y[i] - p[i]) * (y[i] - p[i]);
                }
                return e;
            }), "squared error");
        }

        @Test
        void changedInputIsReported() {
            assertMistake(SourceBugsExercise.checkCrossEntropy((y, p) -> {
                p[0] = 0;
                return 0.6931;
            }), "changed its input arrays");
        }
    }

    // ---------------------------------------------------------------- 2: the reversed cross-entropy

    @Nested
    class ReversedCrossEntropy {

        /** −Σ w_i ln(x_i + eps). */
        double h(float[] w, float[] x, double eps) {
            double h = 0;
            for (int i = 0; i < w.length; i++) {
                h -= w[i] * Math.log(x[i] + eps);
            }
            return h;
        }

        @Test
        void teacherOutsideTheLogPasses() {
            CheckResult r = SourceBugsExercise.checkSoftCrossEntropy((t, s) -> h(t, s, 0));
            assertPassed(r);
            assertTrue(r.message().contains("Notebook 04") && r.message().contains("top class"), r::toString);
        }

        @Test
        void theTutorialsReversedCrossEntropyIsReported() {
            assertMistake(SourceBugsExercise.checkSoftCrossEntropy((t, s) -> h(s, t, 0)), "the arguments are reversed");
        }

        @Test
        void reversedWithAnEpsilonIsReported() {
            assertMistake(SourceBugsExercise.checkSoftCrossEntropy((t, s) -> h(s, t, 1e-12)),
                    "the arguments are reversed");
        }

        @Test
        void reversedWithZeroTermsSkippedIsReported() {
            assertMistake(SourceBugsExercise.checkSoftCrossEntropy((t, s) -> {
                double h = 0;
                for (int i = 0; i < t.length; i++) {
                    h -= t[i] > 0 ? s[i] * Math.log(t[i]) : 0;
                }
                return t[0] == 0.7f ? h(t, s, 0) : h; // right on soft teachers, reversed where it matters
            }), "0 for a one-hot teacher");
        }

        @Test
        void klDivergenceIsReported() {
            assertMistake(SourceBugsExercise.checkSoftCrossEntropy((t, s) -> {
                double d = 0;
                for (int i = 0; i < t.length; i++) {
                    d += t[i] > 0 ? t[i] * (Math.log(t[i]) - Math.log(s[i])) : 0;
                }
                return d;
            }), "that is the KL divergence");
        }

        @Test
        void droppedMinusSignIsReported() {
            assertMistake(SourceBugsExercise.checkSoftCrossEntropy((t, s) -> -h(t, s, 0)), "dropped the minus sign");
        }

        @Test
        void averageOverClassesIsReported() {
            assertMistake(SourceBugsExercise.checkSoftCrossEntropy((t, s) -> h(t, s, 0) / t.length),
                    "you averaged over the classes");
        }

        @Test
        void somethingElseGetsTheFormula() {
            assertMistake(SourceBugsExercise.checkSoftCrossEntropy((t, s) -> 1.0), "−Σ_i p_t,i ln p_s,i");
        }
    }

    // ---------------------------------------------------------------- 3: softening one side only

    @Nested
    class OneSidedTemperature {

        /** T² · KL(softmax(z_t / tt) ‖ softmax(z_s / ts)): both at T is right. */
        double softTerm(float[] zt, float[] zs, double temp, double tt, double ts) {
            return temp * temp * kl(softmax(zt, tt), softmax(zs, ts));
        }

        @Test
        void bothSoftenedPasses() {
            CheckResult r = SourceBugsExercise.checkSoftTerm((zt, zs, t) -> softTerm(zt, zs, t, t, t));
            assertPassed(r);
            assertTrue(r.message().contains("notebook 04") && r.message().contains("Notebook 03"), r::toString);
        }

        @Test
        void onlyTheStudentSoftenedIsReported() {
            CheckResult r = SourceBugsExercise.checkSoftTerm((zt, zs, t) -> softTerm(zt, zs, t, 1, t));
            assertMistake(r, "Only the student's logits are divided by T");
            assertMistake(r, "for identical teacher and student logits the soft term must be 0");
        }

        @Test
        void onlyTheTeacherSoftenedIsReported() {
            assertMistake(SourceBugsExercise.checkSoftTerm((zt, zs, t) -> softTerm(zt, zs, t, t, 1)),
                    "Only the teacher's logits are divided by T");
        }

        @Test
        void oneSidedWithoutTSquaredIsStillOneSided() {
            assertMistake(SourceBugsExercise.checkSoftTerm((zt, zs, t) -> softTerm(zt, zs, 1, 1, t)),
                    "Only the student's logits are divided by T");
        }

        @Test
        void temperatureUnusedIsReported() {
            assertMistake(SourceBugsExercise.checkSoftTerm((zt, zs, t) -> softTerm(zt, zs, t, 1, 1)),
                    "T is not used in either softmax");
        }

        @Test
        void missingTSquaredIsReported() {
            assertMistake(SourceBugsExercise.checkSoftTerm((zt, zs, t) -> softTerm(zt, zs, 1, t, t)),
                    "the T² factor is missing");
        }

        @Test
        void tInsteadOfTSquaredIsReported() {
            assertMistake(SourceBugsExercise.checkSoftTerm((zt, zs, t) -> softTerm(zt, zs, Math.sqrt(t), t, t)),
                    "multiply the KL by T², not by T");
        }

        @Test
        void reversedKlIsReported() {
            assertMistake(SourceBugsExercise.checkSoftTerm((zt, zs, t) -> t * t * kl(softmax(zs, t), softmax(zt, t))),
                    "the KL is reversed");
        }

        @Test
        void crossEntropyFormIsReported() {
            assertMistake(SourceBugsExercise.checkSoftTerm((zt, zs, t) -> {
                double[] pt = softmax(zt, t);
                double[] ps = softmax(zs, t);
                double h = 0;
                for (int i = 0; i < pt.length; i++) {
                    h -= pt[i] * Math.log(ps[i]);
                }
                return t * t * h;
            }), "that is the cross-entropy");
        }

        @Test
        void flippedSignIsReported() {
            assertMistake(SourceBugsExercise.checkSoftTerm((zt, zs, t) -> -softTerm(zt, zs, t, t, t)),
                    "the sign is flipped");
        }

        @Test
        void notFiniteIsReported() {
            assertMistake(SourceBugsExercise.checkSoftTerm((zt, zs, t) -> Double.NaN), "not finite");
        }
    }

    // ---------------------------------------------------------------- 4: the test set

    @Nested
    class TestSetProtocol {

        static final float[] TEMPERATURES = {2f, 4f, 8f};

        /** Distil one student per T on {@code transfer}, keep the best by accuracy on {@code choose}, report on {@code report}. */
        double experiment(Lab lab, Split transfer, Split choose, Split report) {
            Trained best = null;
            double bestAccuracy = -1;
            for (float t : TEMPERATURES) {
                Trained student = lab.distil(transfer, t);
                double accuracy = lab.accuracy(student, choose);
                if (accuracy > bestAccuracy) {
                    best = student;
                    bestAccuracy = accuracy;
                }
            }
            return choose == report ? bestAccuracy : lab.accuracy(best, report);
        }

        @Test
        void trainChooseOnValidationReportTestPasses() {
            CheckResult r = SourceBugsExercise.checkExperiment(lab -> experiment(lab, Split.TRAIN, Split.VALIDATION,
                    Split.TEST));
            assertPassed(r);
            assertTrue(r.message().contains("T = 4") && r.message().contains("0.828") && r.message().contains("0.97"),
                    r::toString);
        }

        @Test
        void theTutorialsTestSetDistillationIsReported() {
            assertMistake(SourceBugsExercise.checkExperiment(lab -> experiment(lab, Split.TEST, Split.TEST, Split.TEST)),
                    "a student was distilled on the test images");
        }

        @Test
        void distillingOnValidationIsReported() {
            assertMistake(SourceBugsExercise.checkExperiment(lab -> experiment(lab, Split.VALIDATION, Split.VALIDATION,
                    Split.TEST)), "distilled on the validation images");
        }

        @Test
        void choosingTOnTheTestSetIsReported() {
            assertMistake(SourceBugsExercise.checkExperiment(lab -> experiment(lab, Split.TRAIN, Split.TEST, Split.TEST)),
                    "you measured the test accuracy of 3 students");
        }

        @Test
        void reportingValidationAccuracyIsReported() {
            assertMistake(SourceBugsExercise.checkExperiment(lab -> experiment(lab, Split.TRAIN, Split.VALIDATION,
                    Split.VALIDATION)), "you report a validation accuracy");
        }

        @Test
        void reportingTrainingAccuracyIsReported() {
            assertMistake(SourceBugsExercise.checkExperiment(lab -> experiment(lab, Split.TRAIN, Split.VALIDATION,
                    Split.TRAIN)), "you report a training accuracy");
        }

        @Test
        void choosingOnTrainingAccuracyIsReported() {
            assertMistake(SourceBugsExercise.checkExperiment(lab -> experiment(lab, Split.TRAIN, Split.TRAIN, Split.TEST)),
                    "has no validation accuracy");
        }

        @Test
        void reportingAStudentOtherThanTheChosenOneIsReported() {
            assertMistake(SourceBugsExercise.checkExperiment(lab -> {
                experiment(lab, Split.TRAIN, Split.VALIDATION, Split.VALIDATION);
                Trained hottest = lab.fitted.stream().filter(t -> t.temperature == 8f).findFirst().orElseThrow();
                return lab.accuracy(hottest, Split.TEST);
            }), "report the student chosen on validation");
        }

        @Test
        void aSingleTemperatureIsReported() {
            assertMistake(SourceBugsExercise.checkExperiment(lab -> lab.accuracy(lab.distil(Split.TRAIN, 4f), Split.TEST)),
                    "only one student was distilled");
        }

        @Test
        void noStudentIsReported() {
            assertMistake(SourceBugsExercise.checkExperiment(lab -> 0.83), "distilled no student");
        }

        @Test
        void someOtherNumberIsReported() {
            assertMistake(SourceBugsExercise.checkExperiment(lab -> {
                experiment(lab, Split.TRAIN, Split.VALIDATION, Split.TEST);
                return 0.5;
            }), "not the chosen student's test accuracy");
        }

        @Test
        void aBadTemperatureIsReportedWithTheLabsMessage() {
            assertMistake(SourceBugsExercise.checkExperiment(lab -> lab.accuracy(lab.distil(Split.TRAIN, 0f), Split.TEST)),
                    "T must be positive");
        }
    }

    // ---------------------------------------------------------------- 5: the explanatory model

    @Nested
    class ExplanatoryModel {

        @Test
        void aShallowTreeWithHeldOutFidelityPasses() {
            CheckResult r = SourceBugsExercise.checkExplanation(lab -> {
                Trained student = lab.student();
                Trained tree = lab.decisionTree(Split.TRAIN, student, 3);
                return lab.fidelity(tree, student, Split.TEST);
            });
            assertPassed(r);
            assertTrue(r.message().contains("59 %") && r.message().contains("Notebook 07"), r::toString);
        }

        @Test
        void fidelityOnValidationImagesPassesToo() {
            assertPassed(SourceBugsExercise.checkExplanation(lab -> {
                Trained tree = lab.decisionTree(Split.TRAIN, lab.student(), 5);
                lab.fidelity(tree, lab.student(), Split.TRAIN);
                return lab.fidelity(tree, lab.student(), Split.VALIDATION);
            }));
        }

        @Test
        void theTutorialsSecondNetworkIsReported() {
            assertMistake(SourceBugsExercise.checkExplanation(lab -> {
                Trained explainer = lab.neuralNetwork(Split.TRAIN, lab.student());
                return lab.accuracy(explainer, Split.TEST);
            }), "your explanatory model is another neural network");
        }

        @Test
        void aNetworkWithFidelityIsStillANetwork() {
            assertMistake(SourceBugsExercise.checkExplanation(lab -> {
                Trained explainer = lab.neuralNetwork(Split.TRAIN, lab.student());
                return lab.fidelity(explainer, lab.student(), Split.TEST);
            }), "your explanatory model is another neural network");
        }

        @Test
        void accuracyInsteadOfFidelityIsReported() {
            assertMistake(SourceBugsExercise.checkExplanation(lab -> {
                Trained tree = lab.decisionTree(Split.TRAIN, lab.student(), 3);
                return lab.accuracy(tree, Split.TEST);
            }), "you report the explanatory model's accuracy");
        }

        @Test
        void fidelityOnTheFittingImagesIsReported() {
            assertMistake(SourceBugsExercise.checkExplanation(lab -> {
                Trained tree = lab.decisionTree(Split.TRAIN, lab.student(), 3);
                return lab.fidelity(tree, lab.student(), Split.TRAIN);
            }), "fidelity measured on the images the tree was fitted on");
        }

        @Test
        void anUnreadablyDeepTreeIsReported() {
            assertMistake(SourceBugsExercise.checkExplanation(lab -> {
                Trained tree = lab.decisionTree(Split.TRAIN, lab.student(), 12);
                return lab.fidelity(tree, lab.student(), Split.TEST);
            }), "a depth-12 tree has up to 4096 leaves");
        }

        @Test
        void aTreeFittedOnTheTestImagesIsReported() {
            assertMistake(SourceBugsExercise.checkExplanation(lab -> {
                Trained tree = lab.decisionTree(Split.TEST, lab.student(), 3);
                return lab.fidelity(tree, lab.student(), Split.VALIDATION);
            }), "the tree was fitted on the test images");
        }

        @Test
        void aTreeOfAnotherModelIsReported() {
            assertMistake(SourceBugsExercise.checkExplanation(lab -> {
                Trained other = lab.distil(Split.TRAIN, 8f);
                Trained tree = lab.decisionTree(Split.TRAIN, other, 3);
                return lab.fidelity(tree, other, Split.TEST);
            }), "not the student you want to explain");
        }

        @Test
        void fidelityToAnotherModelIsReported() {
            assertMistake(SourceBugsExercise.checkExplanation(lab -> {
                Trained tree = lab.decisionTree(Split.TRAIN, lab.student(), 3);
                return lab.fidelity(tree, lab.distil(Split.TRAIN, 8f), Split.TEST);
            }), "not to the student it explains");
        }

        @Test
        void theStudentsOwnAccuracyIsReported() {
            assertMistake(SourceBugsExercise.checkExplanation(lab -> {
                lab.decisionTree(Split.TRAIN, lab.student(), 3);
                return lab.accuracy(lab.student(), Split.TEST);
            }), "a number about the student itself");
        }

        @Test
        void noExplanatoryModelIsReported() {
            assertMistake(SourceBugsExercise.checkExplanation(lab -> lab.accuracy(lab.student(), Split.TEST)),
                    "fitted no explanatory model");
        }

        @Test
        void anInventedNumberIsReported() {
            assertMistake(SourceBugsExercise.checkExplanation(lab -> {
                lab.decisionTree(Split.TRAIN, lab.student(), 3);
                return 0.9;
            }), "none of the numbers the lab gave it");
        }
    }
}
