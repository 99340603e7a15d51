package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.testkit.Command;
import io.hallmark.testkit.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A device made with openssl and enrolled over EST with curl (RFC 7030 wire format: base64 DER, application/pkcs10),
 * as the shared testing guide shows: keys, CSRs, the EST requests and the PKCS#7 answers, in one temporary folder.
 */
final class OpensslEst {
    /** A device's files: its operational certificate and key. */
    record Enrolled(String serial, Path cert, Path key) {}

    private final Path tmp;
    private final Path platformCa;
    private final String deviceBase;

    OpensslEst(TestServer server, Path tmp) {
        this.tmp = tmp;
        this.platformCa = server.dataDir().resolve("trust/platform-ca.pem");
        this.deviceBase = "https://127.0.0.1:" + server.server().devicePort().orElseThrow();
    }

    /** The platform CA devices trust. */
    Path platformCa() {
        return platformCa;
    }

    /** The device port's base URL. */
    String deviceBase() {
        return deviceBase;
    }

    /** An EC P-256 key in {@code name.key}, made once. */
    Path key(String name) {
        Path key = tmp.resolve(name + ".key");
        if (!Files.exists(key)) {
            Command gen = Command.run(
                    tmp,
                    "openssl",
                    "genpkey",
                    "-algorithm",
                    "EC",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-out",
                    key.toString());
            assertThat(gen.exitCode()).as("%s", gen).isZero();
        }
        return key;
    }

    /** A CSR as EST carries it: base64 of DER. */
    Path csr(Path key, String subject) throws IOException {
        Path der = tmp.resolve(key.getFileName() + "-" + Math.abs(subject.hashCode()) + ".csr.der");
        Command req = Command.run(
                tmp,
                "openssl",
                "req",
                "-new",
                "-key",
                key.toString(),
                "-subj",
                subject,
                "-outform",
                "DER",
                "-out",
                der.toString());
        assertThat(req.exitCode()).as("%s", req).isZero();
        Path b64 = Path.of(der.toString().replace(".der", ".b64"));
        Files.writeString(b64, Base64.getMimeEncoder().encodeToString(Files.readAllBytes(der)));
        return b64;
    }

    /** An EST request with curl; the answer goes to {@code operation.b64}, the HTTP status is the output. */
    Command curlEnroll(String operation, Path csr, String... auth) {
        List<String> cmd = new ArrayList<>(List.of(
                "curl",
                "-sS",
                "--max-time",
                "10",
                "--cacert",
                platformCa.toString(),
                "-H",
                "Content-Type: application/pkcs10",
                "--data-binary",
                "@" + csr,
                "-o",
                tmp.resolve(operation + ".b64").toString(),
                "-w",
                "%{http_code}"));
        cmd.addAll(List.of(auth));
        cmd.add(deviceBase + "/.well-known/est/" + operation);
        return Command.run(tmp, cmd.toArray(String[]::new));
    }

    /** The certificates of a base64 certs-only PKCS#7 answer, as PEM. */
    Path certsFromPkcs7(Path base64, String name) throws IOException {
        Path der = tmp.resolve(name + ".p7b");
        Files.write(der, Base64.getMimeDecoder().decode(Files.readString(base64)));
        Path pem = tmp.resolve(name);
        Command print = Command.run(
                tmp,
                "openssl",
                "pkcs7",
                "-inform",
                "DER",
                "-in",
                der.toString(),
                "-print_certs",
                "-out",
                pem.toString());
        assertThat(print.exitCode()).as("%s", print).isZero();
        return pem;
    }

    /** Enrolls {@code serial} with its one-time secret (HTTP Basic, RFC 7030 §3.2.3); it is active then. */
    Enrolled enroll(String serial, String secret) {
        try {
            Path key = key(serial);
            Command enroll = curlEnroll(
                    "simpleenroll",
                    csr(key, "/serialNumber=" + serial + "/CN=" + serial),
                    "--user",
                    serial + ":" + secret);
            assertThat(enroll.out()).as("%s", enroll).endsWith("200");
            return new Enrolled(serial, certsFromPkcs7(tmp.resolve("simpleenroll.b64"), serial + ".pem"), key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Posts one telemetry report of an enrolled device over mutual TLS with curl ({@code docs/protocol/telemetry.md});
     * the HTTP status as curl prints it.
     */
    String postTelemetry(Enrolled device, String reportJson) {
        try {
            Path report = Files.writeString(tmp.resolve(device.serial() + ".report.json"), reportJson);
            Command post = Command.run(
                    tmp,
                    "curl",
                    "-sS",
                    "--max-time",
                    "10",
                    "--cacert",
                    platformCa.toString(),
                    "--cert",
                    device.cert().toString(),
                    "--key",
                    device.key().toString(),
                    "-H",
                    "Content-Type: application/json",
                    "--data-binary",
                    "@" + report,
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    deviceBase + "/telemetry/v1");
            return post.out();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
