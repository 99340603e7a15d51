package io.hallmark.assurance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import io.hallmark.core.Hashes;
import io.hallmark.core.Jws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A copy of one example profile and its evidence in a temporary folder, where tests edit the profile and mint signed
 * statements with keys made for the test (never committed).
 */
final class Workspace {
    static final Path EXAMPLES = Path.of("..", "examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String example;

    private Workspace(Path dir, String example) {
        this.dir = dir;
        this.example = example;
    }

    /** Copies {@code examples/<name>.yaml} and the examples' evidence into {@code dir}. */
    static Workspace of(Path dir, String name) {
        try {
            Files.copy(EXAMPLES.resolve(name + ".yaml"), dir.resolve(name + ".yaml"));
            try (Stream<Path> files = Files.walk(EXAMPLES.resolve("evidence"))) {
                for (Path p : files.toList()) {
                    Path target = dir.resolve(EXAMPLES.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Workspace(dir, name);
    }

    Path profile() {
        return dir.resolve(example + ".yaml");
    }

    String text() {
        try {
            return Files.readString(profile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the one occurrence of {@code from} in the profile. */
    Workspace replace(String from, String to) {
        String text = text();
        if (!text.contains(from)) {
            throw new IllegalArgumentException("not in " + example + ": " + from);
        }
        write(profile(), text.replace(from, to));
        return this;
    }

    /** Deletes a file the profile references. */
    Workspace delete(String relative) {
        try {
            Files.delete(dir.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Signs a statement over the profile's current bytes with a fresh P-256 key, writing the compact JWS and the JWK
     * at the paths the profile names.
     */
    Workspace sign(String signaturePath, String keyPath, String statement, String signer, Map<String, Object> extra) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = g.generateKeyPair();
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("statement", statement);
            payload.put("signer", signer);
            payload.put("profile_sha256", Hashes.hex(Hashes.sha256(Files.readAllBytes(profile()))));
            payload.putAll(extra);
            String jws = Jws.sign(new JWSHeader(JWSAlgorithm.ES256), JSON.writeValueAsBytes(payload), data -> {
                try {
                    Signature s = Signature.getInstance("SHA256withECDSA");
                    s.initSign(keys.getPrivate());
                    s.update(data);
                    return s.sign();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
            String jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) keys.getPublic())
                    .build()
                    .toJSONString();
            write(dir.resolve(signaturePath), jws);
            write(dir.resolve(keyPath), jwk);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    Assessment assess() {
        return AssessmentTool.assess(profile());
    }

    private static void write(Path p, String text) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
