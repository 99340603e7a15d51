package io.hallmark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.core.Pem;
import io.hallmark.server.app.HallmarkServer;
import io.hallmark.server.behaviour.TelemetryIngest;
import io.hallmark.server.mqtt.MqttIngress;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Telemetry reports per second end to end through the embedded MQTT broker into Hallmark, next to Mosquitto's own
 * publish → subscribe rate with the same load generator ({@link MqttLoad}), the same devices' certificates, the same
 * payload (the typical 280-byte report) and QoS 1, in one run.
 *
 * <p>Starts a real Hallmark server in this process (embedded H2, free ports), enrolls the devices over EST, and waits
 * until the embedded broker trusts their organization. Per round: <b>hallmark</b>: every device publishes for the given
 * seconds; a report counts when its PUBACK came, which Hallmark sends only once the behaviour service took it or
 * refused it. The server runs with the per-device intake raised through its documented settings
 * ({@code telemetry.intake-burst} and {@code telemetry.intake-per-second} at {@value #INTAKE}; the default, a burst of
 * 20 then 2 per second, would refuse most of one device's fast stream), so {@code taken/s} counts reports the
 * behaviour service took and judged;
 * <b>mosquitto</b> (when installed): a Mosquitto on a free loopback port with TLS and required client certificates,
 * and {@code --subscribers} QoS 1 subscribers sharing {@value #SHARED_FILTER} (each report goes to one of them, as
 * Hallmark's ingestion shards split the reports); a report counts when a subscriber received it.
 *
 * <p>Run: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt) io.hallmark.bench.MqttScenario
 * [--devices N] [-d SECONDS] [--rounds N] [--subscribers N]}; defaults {@code --devices 8 -d 10 --rounds 2} and as
 * many subscribers as Hallmark has ingestion shards ({@link TelemetryIngest#DEFAULT_SHARDS}). Every client and the
 * server are closed at the end, so the JVM exits by itself.
 */
public final class MqttScenario {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The per-device intake limit the benchmark's server runs with (burst and per second): no limit in practice. */
    static final int INTAKE = 1_000_000;

    /** Mosquitto's subscribers share this subscription (MQTT 5.0 §4.8.2), as Hallmark reads an external broker. */
    static final String SHARED_FILTER = "$share/bench/hallmark/d/+/telemetry";

    /**
     * Settings of a run.
     *
     * @param subscribers Mosquitto's subscribers, sharing one MQTT 5 shared subscription (default: as many as Hallmark
     *     has ingestion shards)
     */
    record Settings(int devices, int seconds, int rounds, int subscribers) {
        static Settings parse(String... args) {
            int devices = 8;
            int seconds = 10;
            int rounds = 2;
            int subscribers = TelemetryIngest.DEFAULT_SHARDS;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + ": no value");
                }
                int v = Integer.parseInt(args[i + 1]);
                switch (args[i]) {
                    case "--devices" -> devices = v;
                    case "-d" -> seconds = v;
                    case "--rounds" -> rounds = v;
                    case "--subscribers" -> subscribers = v;
                    default ->
                        throw new IllegalArgumentException(
                                "option: " + args[i] + " (expected: --devices, -d, --rounds, --subscribers)");
                }
            }
            if (devices < 1
                    || devices > 1000
                    || seconds < 1
                    || seconds > 600
                    || rounds < 1
                    || rounds > 20
                    || subscribers < 1
                    || subscribers > 64) {
                throw new IllegalArgumentException("--devices " + devices + " -d " + seconds + " --rounds " + rounds
                        + " --subscribers " + subscribers
                        + " (expected: 1..1000 devices, 1..600 s, 1..20 rounds, 1..64 subscribers)");
            }
            return new Settings(devices, seconds, rounds, subscribers);
        }
    }

    private MqttScenario() {}

    /** Runs the scenario and prints the table on standard output. */
    public static void main(String[] args) throws Exception {
        run(Settings.parse(args), System.out);
    }

    static void run(Settings settings, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("hallmark-bench-mqtt-");
        try (HallmarkServer server = BenchServer.start(
                dir,
                Map.of(
                        "mqtt-port",
                        Integer.toString(BenchServer.freePort()),
                        // the benchmark measures the path, not the per-device limit (20, then 2/s)
                        "telemetry.intake-burst",
                        Integer.toString(INTAKE),
                        "telemetry.intake-per-second",
                        Integer.toString(INTAKE)))) {
            Api api = new Api(server.apiUrl(), dir);
            String owner = api.post("/api/v1/organizations", Map.of("name", "Bench Owner", "kinds", List.of("owner")))
                    .get("id")
                    .asText();
            EstClient est = new EstClient(server.devicePort().orElseThrow(), dir.resolve(HallmarkServer.CA_FILE));
            BenchCa benchCa = BenchCa.create(dir);
            List<X509Certificate> trusted = new ArrayList<>(List.of(platformRoot(dir), benchCa.root()));
            List<MqttLoad.Device> devices = new ArrayList<>();
            for (int i = 0; i < settings.devices() + settings.subscribers(); i++) {
                // the last ones subscribe to Mosquitto
                String serial = i >= settings.devices() ? "SN-MQ-SUB" + (i - settings.devices()) : "SN-MQ" + i;
                String secret = api.post("/api/v1/devices", Map.of("org", owner, "serial", serial))
                        .get("enrollmentSecret")
                        .asText();
                KeyPair key = FactoryIssueBenchmark.p256();
                EstClient.Response r =
                        est.simpleEnroll(serial, secret, FactoryIssueBenchmark.csr(key, "serialNumber=" + serial));
                if (r.status() != 200) {
                    throw new IllegalStateException("simpleenroll " + serial + ": status " + r.status());
                }
                X509Certificate ldevid = EstClient.certificates(r.body()).get(0);
                devices.add(new MqttLoad.Device(serial, tls(EstClient.keyManagers(key.getPrivate(), ldevid), trusted)));
            }
            List<MqttLoad.Device> subscribers = new ArrayList<>(devices.subList(settings.devices(), devices.size()));
            devices.subList(settings.devices(), devices.size()).clear();
            EstClient.Response cacerts = est.get(est.context(null), "/.well-known/est/" + owner + "/cacerts");
            List<X509Certificate> ownerChain = EstClient.certificates(cacerts.body());

            String hallmarkUrl = "ssl://127.0.0.1:" + server.mqttPort().orElseThrow();
            waitUntilTrusted(hallmarkUrl, devices.get(0));
            MqttIngress ingress = server.mqtt().orElseThrow();
            boolean haveMosquitto = onPath("mosquitto");
            out.printf(
                    Locale.ROOT,
                    "MQTT 5 over TLS, QoS 1, %d devices (window %d), %d-byte reports, %d s per phase; hallmark: %d"
                            + " ingestion shards; mosquitto: %d subscribers on %s%s%n",
                    settings.devices(),
                    MqttLoad.WINDOW,
                    MqttLoad.report("SN-MQ0", 1_000_000_000L).length,
                    settings.seconds(),
                    server.telemetryIngest().shards(),
                    settings.subscribers(),
                    SHARED_FILTER,
                    haveMosquitto ? "" : "; mosquitto is not installed: no reference");
            out.printf(Locale.ROOT, "%-6s %-34s %10s %10s%n", "round", "target", "per s", "taken/s");
            // warm-up
            MqttLoad.run(hallmarkUrl, devices, 1, 1);
            List<Double> hallmark = new ArrayList<>();
            List<Double> mosquitto = new ArrayList<>();
            long seq = 1_000_000_000L;
            for (int round = 1; round <= settings.rounds(); round++) {
                long before = ingress.accepted();
                MqttLoad.Result h = MqttLoad.run(hallmarkUrl, devices, settings.seconds(), seq);
                seq += 1_000_000_000L;
                double taken = (ingress.accepted() - before) / h.seconds();
                double answered = (h.acknowledged() + h.refused()) / h.seconds();
                hallmark.add(answered);
                out.printf(
                        Locale.ROOT,
                        "%-6d %-34s %10.0f %10.0f%n",
                        round,
                        "hallmark (embedded broker, answered)",
                        answered,
                        taken);
                if (haveMosquitto) {
                    double rate = mosquittoRound(dir, benchCa, ownerChain, devices, subscribers, settings.seconds());
                    mosquitto.add(rate);
                    out.printf(
                            Locale.ROOT,
                            "%-6d %-34s %10.0f %10s%n",
                            round,
                            "mosquitto (publish -> subscribe)",
                            rate,
                            "-");
                }
            }
            double h = mean(hallmark);
            out.printf(Locale.ROOT, "%-6s %-34s %10.0f%n", "mean", "hallmark (embedded broker, answered)", h);
            if (haveMosquitto) {
                double m = mean(mosquitto);
                out.printf(Locale.ROOT, "%-6s %-34s %10.0f%n", "mean", "mosquitto (publish -> subscribe)", m);
                out.printf(Locale.ROOT, "ratio  hallmark / mosquitto = %.0f / %.0f = %.2f%n", h, m, h / m);
            }
        } finally {
            ScratchDatabase.deleteTree(dir);
        }
    }

    /**
     * One Mosquitto round: a fresh broker, the subscribers sharing one MQTT 5 shared subscription ({@value
     * #SHARED_FILTER}, MQTT 5.0 §4.8.2: each message goes to one of them, as Hallmark's shards split the reports), the
     * load; what the subscribers received together per second.
     */
    private static double mosquittoRound(
            Path dir,
            BenchCa ca,
            List<X509Certificate> ownerChain,
            List<MqttLoad.Device> devices,
            List<MqttLoad.Device> subscribers,
            int seconds)
            throws IOException, MqttException, InterruptedException {
        int port = BenchServer.freePort();
        Path cafile = dir.resolve("mosquitto-cas.pem");
        StringBuilder pems = new StringBuilder(Pem.certificate(ca.root()));
        ownerChain.forEach(c -> pems.append(Pem.certificate(c)));
        Files.writeString(cafile, pems);
        String root = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Path conf = Files.writeString(
                dir.resolve("mosquitto.conf"),
                root + "listener " + port + " 127.0.0.1\n" + "cafile " + cafile + "\n" + "certfile "
                        + ca.serverCert() + "\n" + "keyfile " + ca.serverKey() + "\n" + "require_certificate true\n"
                        + "allow_anonymous true\n" + "persistence false\n" + "max_queued_messages 0\n");
        Process broker = new ProcessBuilder("mosquitto", "-c", conf.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .redirectErrorStream(true)
                .start();
        String url = "ssl://127.0.0.1:" + port;
        List<MqttAsyncClient> subs = new ArrayList<>();
        try {
            LongAdder received = new LongAdder();
            for (MqttLoad.Device subscriber : subscribers) {
                MqttAsyncClient sub = connectWhenUp(url, subscriber);
                subs.add(sub);
                sub.setCallback(new Counter(received));
                sub.subscribe(new MqttSubscription[] {new MqttSubscription(SHARED_FILTER, 1)})
                        .waitForCompletion(10_000);
            }
            long before = received.sum();
            long start = System.nanoTime();
            MqttLoad.run(url, devices, seconds, 1);
            // what is still on its way to the subscriber counts for the time it takes to arrive
            long last = -1;
            while (received.sum() != last) {
                last = received.sum();
                Thread.sleep(200);
            }
            return (received.sum() - before) / ((System.nanoTime() - start) / 1e9);
        } finally {
            subs.forEach(MqttLoad::close);
            // stopped by its PID
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static MqttAsyncClient connectWhenUp(String url, MqttLoad.Device device) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return MqttLoad.connect(url, device.serial(), device.tls());
            } catch (MqttException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(url + " does not accept " + device.serial(), e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** The embedded broker reloads its trust store within seconds of a new organization: wait for it. */
    private static void waitUntilTrusted(String url, MqttLoad.Device device) throws Exception {
        MqttAsyncClient c = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (c == null) {
            try {
                c = MqttLoad.connect(url, device.serial(), device.tls());
            } catch (MqttException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the embedded broker does not accept the devices", e);
                }
                Thread.sleep(500);
            }
        }
        MqttLoad.close(c);
    }

    private static final class Counter implements MqttCallback {
        private final LongAdder received;

        Counter(LongAdder received) {
            this.received = received;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.increment();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }

    private static SSLContext tls(KeyManager[] keys, List<X509Certificate> trusted) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < trusted.size(); i++) {
            store.setCertificateEntry("ca-" + i, trusted.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static X509Certificate platformRoot(Path dir) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(dir.resolve(HallmarkServer.CA_FILE))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A CA of the benchmark and Mosquitto's server certificate from it (IP 127.0.0.1). */
    private record BenchCa(X509Certificate root, Path serverCert, Path serverKey) {
        static BenchCa create(Path dir) throws Exception {
            KeyPair caKey = FactoryIssueBenchmark.p256();
            KeyPair serverKey = FactoryIssueBenchmark.p256();
            X500Name caName = new X500Name("CN=Hallmark bench MQTT CA");
            Instant now = Instant.now();
            X509Certificate root = sign(
                    new JcaX509v3CertificateBuilder(
                                    caName,
                                    BigInteger.ONE,
                                    Date.from(now.minusSeconds(60)),
                                    Date.from(now.plus(Duration.ofDays(1))),
                                    caName,
                                    caKey.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true)),
                    caKey);
            X509Certificate server = sign(
                    new JcaX509v3CertificateBuilder(
                                    caName,
                                    BigInteger.TWO,
                                    Date.from(now.minusSeconds(60)),
                                    Date.from(now.plus(Duration.ofDays(1))),
                                    new X500Name("CN=127.0.0.1"),
                                    serverKey.getPublic())
                            .addExtension(
                                    Extension.subjectAlternativeName,
                                    false,
                                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1"))),
                    caKey);
            Path cert = Files.writeString(dir.resolve("mosquitto-server.pem"), Pem.certificate(server));
            Path key = dir.resolve("mosquitto-server.key");
            Files.writeString(
                    key, Pem.encode("PRIVATE KEY", serverKey.getPrivate().getEncoded()));
            return new BenchCa(root, cert, key);
        }

        private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                            .setProvider(RawIssuer.BOUNCY_CASTLE)
                            .build(issuer.getPrivate())));
        }
    }

    private static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        return path != null
                && java.util.Arrays.stream(path.split(File.pathSeparator))
                        .anyMatch(d -> Files.isExecutable(Path.of(d, binary)));
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** The operator API with the bootstrap admin token. */
    private static final class Api {
        private final String base;
        private final String token;
        private final HttpClient client;

        Api(String base, Path dir) throws IOException {
            this.base = base;
            this.token = Files.readString(dir.resolve(HallmarkServer.ADMIN_TOKEN_FILE))
                    .strip();
            this.client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(new EstClient(0, dir.resolve(HallmarkServer.CA_FILE)).context(null))
                    .build();
        }

        JsonNode post(String path, Map<String, Object> body) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 201 && r.statusCode() != 200) {
                throw new IllegalStateException("POST " + path + ": status " + r.statusCode());
            }
            return JSON.readTree(r.body());
        }
    }
}
