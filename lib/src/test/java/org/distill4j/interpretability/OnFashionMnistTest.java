package org.distill4j.interpretability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.List;
import org.distill4j.data.Datasets;
import org.distill4j.data.ImageDataset;
import org.junit.jupiter.api.Test;

/** The whole package on real data and a briefly trained MLP: the numbers a notebook will show must make sense. */
class OnFashionMnistTest {

    @Test
    void onATrainedMlpTheMethodsGiveSensibleAnswers() {
        Engine.getInstance().setRandomSeed(7);
        Datasets.Split split = Datasets.fashionMnist();
        ImageDataset train = split.train().take(2000);
        ImageDataset test = split.test().take(200);
        try (Model model = Model.newInstance("mlp")) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(64).build()).add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(10).build()));
            NDManager m = model.getNDManager();
            NDArray x = train.images(m);
            NDArray y = train.labels(m);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.003f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 784));
                for (int epoch = 0; epoch < 3; epoch++) {
                    for (int start = 0; start < 2000; start += 100) {
                        NDIndex rows = new NDIndex(start + ":" + (start + 100));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(x.get(rows))).singletonOrThrow();
                            gc.backward(trainer.getLoss().evaluate(new NDList(y.get(rows)), new NDList(logits)));
                        }
                        trainer.step();
                    }
                }
            }
            Block block = model.getBlock();
            NDArray images = test.images(m);
            int[] labels = test.labels();
            NDArray logits = block.forward(new ParameterStore(m, false), new NDList(images), false).singletonOrThrow();
            int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
            int correct = 0;
            for (int i = 0; i < labels.length; i++) {
                correct += predicted[i] == labels[i] ? 1 : 0;
            }
            assertTrue(correct > 140, "the MLP should have learned something: " + correct + "/200");

            IntegratedGradients.Result ig = IntegratedGradients.builder().steps(32).build().explain(block, images, labels);
            double[] gaps = new double[labels.length];
            for (int i = 0; i < labels.length; i++) {
                gaps[i] = ig.relativeGap(i);
            }
            Arrays.sort(gaps);
            assertTrue(gaps[labels.length / 2] < 0.05, "median relative completeness gap " + gaps[labels.length / 2]);

            Block random = new SequentialBlock().add(Linear.builder().setUnits(64).build()).add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(10).build());
            random.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            SanityCheck.Result sanity = SanityCheck.modelRandomisation(Saliency.absolute(), block, random, images, labels);
            assertTrue(sanity.meanSpearman() < 0.5, sanity.toString());

            float[][] similarity = DarkKnowledge.classSimilarity(logits, labels, 4f);
            List<DarkKnowledge.Neighbours> neighbours = DarkKnowledge.mostConfusable(similarity, test.classNames(), 2);
            DarkKnowledge.Neighbours shirt = neighbours.get(6);
            assertTrue(List.of("T-shirt/top", "Pullover", "Coat").contains(shirt.neighbours().get(0)), shirt.toString());

            int[] trainPredicted = block.forward(new ParameterStore(m, false), new NDList(x.get("0:600")), false)
                    .singletonOrThrow().argMax(1).toType(DataType.INT32, false).toIntArray();
            List<SurrogateTree.DepthFidelity> rows = SurrogateTree.builder().classNames(test.classNames())
                    .fidelityByDepth(x.get("0:600"), trainPredicted, images, predicted, 2, 5);
            assertTrue(rows.get(1).heldOutFidelity() > rows.get(0).heldOutFidelity(), rows.toString());
            assertTrue(rows.get(1).heldOutFidelity() > 0.5, rows.toString());
        }
    }
}
