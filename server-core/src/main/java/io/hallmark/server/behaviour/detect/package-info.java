/**
 * Behaviour detection without I/O: per-device baselines ({@link io.hallmark.server.behaviour.detect.Baseline}),
 * the product's thresholds, new listening ports and authentication-failure spikes
 * ({@link io.hallmark.server.behaviour.detect.Detector}), and the fleet correlation that turns many devices of one
 * owner going for one destination into one incident ({@link io.hallmark.server.behaviour.detect.FleetCorrelator}).
 * The model is written down in {@code docs/behaviour/detection.md}.
 */
package io.hallmark.server.behaviour.detect;
