package io.hallmark.bench;

import io.hallmark.server.app.ConfigLoader;
import io.hallmark.server.app.HallmarkServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A real Hallmark server in the benchmark's process, on 127.0.0.1 and free ports, with its data in {@code dir}. */
final class BenchServer {
    private BenchServer() {}

    /** Starts the server with the operator API and the device port; MQTT and the plain PKI port are off. */
    static HallmarkServer start(Path dir) {
        return start(dir, Map.of());
    }

    /** Starts the server with {@code settings} added to (or replacing) those of {@link #start(Path)}. */
    static HallmarkServer start(Path dir, Map<String, String> settings) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("data", dir.toString());
        flags.put("api-port", "0");
        flags.put("device-port", Integer.toString(freePort()));
        flags.put("mqtt-port", "0");
        flags.put("pki-http-port", "0");
        flags.putAll(settings);
        return HallmarkServer.start(ConfigLoader.load(Optional.empty(), Map.of(), flags), Map.of());
    }

    /** A port free now on the loopback address (the configuration's 0 turns the device listener off). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
