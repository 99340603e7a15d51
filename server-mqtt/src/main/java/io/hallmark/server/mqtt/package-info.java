/**
 * MQTT ingress ({@code docs/protocol/telemetry.md}, MQTT 5.0): devices publish telemetry to {@code
 * hallmark/d/{serial}/telemetry}, either to the embedded broker (HiveMQ CE, TLS with the device's operational
 * certificate, one device per serial, sessions dropped on quarantine) or to an external MQTT 5 broker that Hallmark
 * reads through a shared subscription. Reports pass a bounded queue into the behaviour service; what is dropped is
 * counted by reason. {@link io.hallmark.server.mqtt.MqttIngress} is the entry point.
 */
package io.hallmark.server.mqtt;
