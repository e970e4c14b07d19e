/**
 * Feature-based distillation: the student imitates what the teacher computes <em>inside</em>, not only its outputs.
 *
 * <ul>
 *   <li>{@link org.distill4j.features.HiddenFeatures}: the hidden activations of an {@link org.distill4j.models.Mlp};
 *   <li>{@link org.distill4j.features.HintLoss}: the FitNets hint term (Romero et al., 2015) added to the
 *       knowledge-distillation loss;
 *   <li>{@link org.distill4j.features.Hints}: the hint as an objective of {@link
 *       org.distill4j.distillation.Distiller}, trained in the same loop and with the same settings as logit
 *       distillation, so the two methods compare like with like.
 * </ul>
 */
package org.distill4j.features;
