package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.core.Pem;
import io.hallmark.keys.OwnerOnlyFiles;
import io.hallmark.protocol.v1.FactoryIssue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hallmark factory issue}: birth certificates (IDevID) for devices, at the factory. */
@Command(
        name = "factory",
        mixinStandardHelpOptions = true,
        description = "Factory provisioning: birth certificates (IDevID) for devices' keys.",
        subcommands = {FactoryCommand.Issue.class})
final class FactoryCommand extends GroupCommand {
    static final String PATH = "/api/v1/factory/issue";
    /** The most CSRs sent in one request; the server takes up to 1000. */
    static final int BATCH = 500;

    @Command(
            name = "issue",
            mixinStandardHelpOptions = true,
            description = "Issue birth certificates from CSRs (--csr, --csr-dir) or for simulated devices whose keys"
                    + " this command makes (--generate N --out DIR). The devices are recorded as manufactured.")
    static final class Issue extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The manufacturer (default: your organization).")
        String org;

        @Option(names = "--product", required = true, paramLabel = "ID|MODEL", description = "The product.")
        String product;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--csr", paramLabel = "FILE", description = "One PKCS#10 CSR (PEM or DER).")
            Path csr;

            @Option(names = "--csr-dir", paramLabel = "DIR", description = "Every *.csr, *.pem or *.der in DIR.")
            Path csrDir;

            @Option(
                    names = "--generate",
                    paramLabel = "N",
                    description = "Make N simulated devices: EC P-256 keys and certificates, written to --out.")
            Integer generate;
        }

        @Option(
                names = "--serial",
                paramLabel = "SN",
                description = "With --csr: the serial (default: the CSR subject's serialNumber).")
        String serial;

        @Option(names = "--serial-prefix", paramLabel = "P", description = "With --generate: serials P0001, P0002...")
        String serialPrefix;

        @Option(names = "--out", paramLabel = "DIR", description = "Where certificates (and made keys) are written.")
        Path out;

        @Override
        int execute() {
            List<Request> requests = new ArrayList<>();
            if (source.csr != null) {
                requests.add(new Request(
                        read(source.csr), serial, null, source.csr.getFileName().toString()));
            } else if (source.csrDir != null) {
                if (serial != null) {
                    throw usage("--serial: only with --csr");
                }
                try (Stream<Path> files = Files.list(source.csrDir)) {
                    for (Path f : files.filter(Files::isRegularFile)
                            .filter(f -> f.toString().matches(".*\\.(csr|pem|der)$"))
                            .sorted()
                            .toList()) {
                        requests.add(
                                new Request(read(f), null, null, f.getFileName().toString()));
                    }
                } catch (IOException e) {
                    throw CliException.badInput("--csr-dir: " + source.csrDir + " cannot be read", e);
                }
                if (requests.isEmpty()) {
                    throw CliException.badInput("--csr-dir: no *.csr, *.pem or *.der in " + source.csrDir);
                }
            } else {
                if (source.generate < 1 || source.generate > 100_000) {
                    throw usage("--generate: " + source.generate + " (expected: 1..100000)");
                }
                if (out == null) {
                    throw usage("--out: required with --generate (the keys are written there)");
                }
                String prefix = serialPrefix != null
                        ? serialPrefix
                        : "SIM-"
                                + HexFormat.of()
                                        .formatHex(new SecureRandom().generateSeed(3))
                                        .toUpperCase() + "-";
                for (int i = 1; i <= source.generate; i++) {
                    String sn = prefix + String.format("%04d", i);
                    KeyPair kp = newKey();
                    requests.add(new Request(csr(kp, sn), sn, kp, sn));
                }
            }
            if (out != null) {
                try {
                    Files.createDirectories(out);
                } catch (IOException e) {
                    throw CliException.badInput("--out: " + out + " cannot be made", e);
                }
            }
            int issued = 0;
            for (int from = 0; from < requests.size(); from += BATCH) {
                List<Request> batch = requests.subList(from, Math.min(requests.size(), from + BATCH));
                List<FactoryIssue.Request> body = batch.stream()
                        .map(r -> new FactoryIssue.Request(r.csr(), r.serial()))
                        .toList();
                ApiClient.Answer a = client().post(PATH, new FactoryIssue(org, product, body));
                if (json) {
                    printRaw(a.body());
                }
                JsonNode answer = Json.read(a.body());
                for (int i = 0; i < batch.size(); i++) {
                    JsonNode item = answer.get("devices").get(i);
                    String sn = item.at("/device/serial").asText();
                    if (out != null) {
                        write(out.resolve(sn + ".pem"), item.get("certificate").asText(), false);
                        if (batch.get(i).key() != null) {
                            write(
                                    out.resolve(sn + ".key"),
                                    Pem.encode(
                                            "PRIVATE KEY",
                                            batch.get(i).key().getPrivate().getEncoded()),
                                    true);
                        }
                        write(out.resolve("chain.pem"), answer.get("chain").asText(), false);
                    } else if (!json) {
                        out().print(item.get("certificate").asText());
                    }
                    if (!json && out != null) {
                        out().println(sn + "  " + item.at("/device/id").asText() + "  "
                                + batch.get(i).source());
                    }
                }
                issued += batch.size();
            }
            if (!json) {
                out().println("issued " + issued + " birth certificate(s)" + (out == null ? "" : " into " + out));
            }
            return 0;
        }

        private record Request(String csr, String serial, KeyPair key, String source) {}

        private static String read(Path file) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length > 0 && (bytes[0] & 0xff) == 0x30) {
                    return Pem.encode("CERTIFICATE REQUEST", bytes);
                }
                return new String(bytes, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw CliException.badInput(file + " cannot be read", e);
            }
        }

        static KeyPair newKey() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                return g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM cannot make P-256 keys", e);
            }
        }

        static String csr(KeyPair kp, String serial) {
            try {
                var subject = new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.SERIALNUMBER, serial)
                        .build();
                var request = new JcaPKCS10CertificationRequestBuilder(subject, kp.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
                return Pem.encode("CERTIFICATE REQUEST", request.getEncoded());
            } catch (OperatorCreationException | IOException e) {
                throw new IllegalStateException("a CSR cannot be made", e);
            }
        }

        private static void write(Path file, String text, boolean secret) {
            try {
                if (secret) {
                    OwnerOnlyFiles.replace(file, o -> o.write(text.getBytes(StandardCharsets.US_ASCII)));
                } else {
                    Files.writeString(file, text, StandardCharsets.US_ASCII);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file + " cannot be written", e);
            }
        }
    }
}
