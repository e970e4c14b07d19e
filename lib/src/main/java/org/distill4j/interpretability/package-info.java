/**
 * Testing the claim that distillation helps people understand and trust models, instead of repeating it.
 *
 * <ul>
 *   <li><b>Attributions</b>, pixel maps of "what the model looked at", for any DJL {@link ai.djl.nn.Block} mapping
 *       float32 {@code [N, 784]} to logits {@code [N, C]}: {@link org.distill4j.interpretability.Saliency},
 *       {@link org.distill4j.interpretability.IntegratedGradients} (with its completeness check) and
 *       {@link org.distill4j.interpretability.Occlusion}, and {@link org.distill4j.interpretability.SmoothGrad}, which
 *       averages any of them over noisy copies of the image (Captum's {@code NoiseTunnel}); and, over image patches
 *       ({@link org.distill4j.interpretability.PatchGrid}), the model-agnostic
 *       {@link org.distill4j.interpretability.KernelShap} (Shapley values, exact efficiency) and
 *       {@link org.distill4j.interpretability.Lime} (a local weighted linear model), which count their model
 *       evaluations. All implement
 *       {@link org.distill4j.interpretability.AttributionMethod} and return plain {@code float[N][784]} maps.</li>
 *   <li><b>Comparing explanations</b>: {@link org.distill4j.interpretability.AttributionComparison} (Spearman rank
 *       correlation, top-k overlap, teacher-vs-student agreement per class) and
 *       {@link org.distill4j.interpretability.SanityCheck} (Adebayo et al. 2018: do the maps change when the weights
 *       are random?).</li>
 *   <li><b>Dark knowledge</b>: {@link org.distill4j.interpretability.DarkKnowledge}, which classes the teacher's soft
 *       labels say look alike.</li>
 *   <li><b>A readable stand-in</b>: {@link org.distill4j.interpretability.SurrogateTree}, a shallow decision tree that
 *       imitates the student, with its fidelity and its rules.</li>
 * </ul>
 *
 * <p>Calibration (is a 90 % confident model right 90 % of the time?) lives in {@code org.distill4j.metrics}.
 *
 * <p>Resources: every method takes the caller's NDArrays, works in sub-managers it closes, and returns Java arrays;
 * gradient-based methods switch the model's parameters out of the autograd graph while they run, so they can be
 * called between training steps without touching the accumulated gradients. Only one DJL gradient collector may be
 * open at a time: do not call them inside your own {@code GradientCollector} block.
 */
package org.distill4j.interpretability;
