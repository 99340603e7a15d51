package io.hallmark.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A small, bounded MQTT 5 load generator: one Paho client per device over TLS with the device's certificate, each
 * publishing QoS 1 reports to its own telemetry topic with a window of unacknowledged messages, for a fixed time.
 * Reports carry increasing {@code seq} numbers, so that Hallmark takes every one.
 */
final class MqttLoad {
    /** How many QoS 1 publishes of one client may wait for their PUBACK (below both brokers' receive maximum). */
    static final int WINDOW = 16;

    /** One publishing device. */
    record Device(String serial, SSLContext tls) {}

    /** What a run did. */
    record Result(long acknowledged, long refused, double seconds) {
        double rate() {
            return acknowledged / seconds;
        }
    }

    private MqttLoad() {}

    /** The typical report of {@code serial} with sequence number {@code seq} (about 280 bytes). */
    static byte[] report(String serial, long seq) {
        return ("{\"v\":1,\"dev\":\"" + serial + "\",\"seq\":" + seq
                        + ",\"t\":1795600800,\"dur\":60,\"bo\":48213,\"bi\":91377,\"po\":412,\"pi\":530,\"ca\":7,\"ce\":7,"
                        + "\"dst\":[{\"h\":\"hub.example\",\"p\":443,\"pr\":\"tcp\",\"n\":5},"
                        + "{\"h\":\"192.0.2.53\",\"p\":53,\"pr\":\"udp\",\"n\":2}],\"lsn\":[],\"af\":0,\"cpu\":12,"
                        + "\"mem\":48128,\"fw\":\"2.4.1\",\"up\":864213,\"ev\":[]}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Connects a client for {@code device} to {@code url} ({@code ssl://host:port}) with client id {@code id}. */
    static MqttAsyncClient connect(String url, String id, SSLContext tls) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, id, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(tls.getSocketFactory());
        options.setCleanStart(true);
        options.setReceiveMaximum(1000);
        // Paho starts its threads (connect, receiver, sender, callback) from the thread that connects, and they are
        // daemons when it is one. After a refused connection Paho 1.2.5 can leave its connecting thread waiting for
        // ever (CommsReceiver.start waits for a receiver that already ended), and close() cannot end it: connect
        // from a daemon thread, so that such a thread cannot keep the benchmark's JVM alive.
        MqttException[] failed = new MqttException[1];
        Thread connecting = Thread.ofPlatform()
                .daemon()
                .name("mqtt-connect-" + id)
                .start(() -> {
                    try {
                        client.connect(options).waitForCompletion(30_000);
                    } catch (MqttException e) {
                        failed[0] = e;
                    }
                });
        try {
            connecting.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed[0] = new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION, e);
        }
        if (failed[0] != null) {
            close(client); // a refused or timed-out client must not keep its threads
            throw failed[0];
        }
        return client;
    }

    /**
     * Every device publishes for {@code seconds}, starting its sequence numbers at {@code firstSeq}; returns the
     * publishes acknowledged with a success code and those refused.
     */
    static Result run(String url, List<Device> devices, int seconds, long firstSeq) throws MqttException {
        List<MqttAsyncClient> clients = new ArrayList<>();
        try {
            for (Device d : devices) {
                clients.add(connect(url, d.serial(), d.tls()));
            }
            LongAdder acked = new LongAdder();
            LongAdder refused = new LongAdder();
            long start = System.nanoTime();
            long deadline = start + seconds * 1_000_000_000L;
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                MqttAsyncClient client = clients.get(i);
                String serial = devices.get(i).serial();
                threads.add(Thread.ofPlatform()
                        .name("mqtt-load-" + serial)
                        .start(() -> publish(client, serial, firstSeq, deadline, acked, refused)));
            }
            for (Thread t : threads) {
                t.join();
            }
            return new Result(acked.sum(), refused.sum(), (System.nanoTime() - start) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            clients.forEach(MqttLoad::close);
        }
    }

    /**
     * Disconnects and closes {@code client}, even when the disconnect fails or times out: a client left open keeps
     * its threads (and its ping timer, not a daemon) alive, and the benchmark's JVM would not exit.
     */
    static void close(MqttAsyncClient client) {
        try {
            client.disconnect(1_000).waitForCompletion(5_000);
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(0, 1_000, false);
            } catch (MqttException again) {
                // the connection is gone either way
            }
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // already closed
        }
    }

    private static void publish(
            MqttAsyncClient client, String serial, long firstSeq, long deadline, LongAdder acked, LongAdder refused) {
        Semaphore window = new Semaphore(WINDOW);
        String topic = "hallmark/d/" + serial + "/telemetry";
        MqttActionListener listener = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                    refused.increment();
                } else {
                    acked.increment();
                }
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                refused.increment();
                window.release();
            }
        };
        long seq = firstSeq;
        try {
            while (System.nanoTime() < deadline) {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                MqttMessage m = new MqttMessage(report(serial, seq++));
                m.setQos(1);
                client.publish(topic, m, null, listener);
            }
            // the last acknowledgements
            window.tryAcquire(WINDOW, 10, TimeUnit.SECONDS);
        } catch (MqttException e) {
            refused.increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
