/**
 * Behaviour monitoring: telemetry ingestion (this slice), and later the detectors (MUD, baselines, fleet
 * correlation) and the responses they trigger.
 */
package io.hallmark.server.behaviour;
