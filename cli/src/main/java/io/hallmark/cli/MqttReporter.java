package io.hallmark.cli;

import io.hallmark.agent.TelemetryClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A simulated device's reports over MQTT 5 ({@code docs/protocol/mqtt.md}): a session over TLS with the device's
 * operational certificate as client certificate, QoS 1 publishes to {@code hallmark/d/{serial}/telemetry}, each
 * answered once Hallmark took or refused the report, and a subscription to {@code hallmark/d/{serial}/events}, where
 * the server says that the device was quarantined before it drops the session. Answers are mapped onto the HTTPS
 * statuses the simulation counts: 202 taken, 429 over the intake rate, 403 not authorized, 400 other refusals, -1 cut
 * off (the session was dropped or cannot be opened).
 */
final class MqttReporter implements AutoCloseable {
    private static final long TIMEOUT_MILLIS = 10_000;

    private final MqttAsyncClient client;
    private final String topic;
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

    private MqttReporter(MqttAsyncClient client, String serial) {
        this.client = client;
        this.topic = "hallmark/d/" + serial + "/telemetry";
    }

    /**
     * Opens the session of the enrolled device in {@code stateDirectory}.
     *
     * @param broker {@code ssl://HOST:PORT}
     * @throws MqttException when the broker refuses the session (a device no longer active) or cannot be reached
     */
    static MqttReporter open(URI broker, String serial, Path stateDirectory, Path trustAnchor) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.toString(), serial, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(
                TelemetryClient.tls(stateDirectory, trustAnchor).getSocketFactory());
        options.setAutomaticReconnect(false);
        options.setCleanStart(true);
        options.setConnectionTimeout(10);
        MqttReporter reporter = new MqttReporter(client, serial);
        try {
            client.setCallback(new MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {}

                @Override
                public void mqttErrorOccurred(MqttException exception) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    reporter.events.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttToken token) {}

                @Override
                public void connectComplete(boolean reconnect, String serverUri) {}

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {}
            });
            client.connect(options).waitForCompletion(TIMEOUT_MILLIS);
            client.subscribe("hallmark/d/" + serial + "/events", 1).waitForCompletion(TIMEOUT_MILLIS);
        } catch (MqttException e) {
            close(client);
            throw e;
        }
        return reporter;
    }

    /** Publishes one report at QoS 1 and waits for its answer, as an HTTPS status (see the class comment). */
    int send(byte[] report) {
        if (!client.isConnected()) {
            return -1;
        }
        MqttMessage m = new MqttMessage(report);
        m.setQos(1);
        try {
            IMqttToken token = client.publish(topic, m);
            token.waitForCompletion(TIMEOUT_MILLIS);
            int[] codes = token.getReasonCodes();
            int code = codes == null || codes.length == 0 ? 0 : codes[0];
            return STATUS.getOrDefault(code, code < 0x80 ? 202 : 400);
        } catch (MqttException e) {
            return -1;
        }
    }

    /** What the server published on the device's events topic so far, oldest first. */
    java.util.List<String> events() {
        return java.util.List.copyOf(events);
    }

    @Override
    public void close() {
        close(client);
    }

    private static final Map<Integer, Integer> STATUS = new ConcurrentHashMap<>(Map.of(0x97, 429, 0x87, 403));

    private static void close(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            // dropped meanwhile: nothing to end
        }
        try {
            client.close();
        } catch (MqttException e) {
            // already closed
        }
    }
}
