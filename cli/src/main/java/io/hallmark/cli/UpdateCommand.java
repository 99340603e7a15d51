package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.core.Pem;
import io.hallmark.protocol.tuf.Metadata;
import io.hallmark.protocol.tuf.Signed;
import io.hallmark.protocol.tuf.TufCodec;
import io.hallmark.protocol.tuf.TufJson;
import io.hallmark.protocol.tuf.TufKey;
import io.hallmark.protocol.tuf.TufSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hallmark update keys init} and {@code hallmark update root rotate}: a manufacturer's TUF root held offline.
 *
 * <p>{@code keys init} makes N root keys on this machine (never on the server): {@code <key id>.key} (PKCS#8 PEM,
 * owner-only) and {@code root-keys.json} (the public keys and the threshold M). {@code root rotate} fetches the
 * current root, makes version N+1 whose root role is those keys (the online roles keep the server's keys), signs it
 * with the private keys found in {@code --keys} (and {@code --old-keys}, when the current root is already offline)
 * and sends it; the server adds the current root's signature when that key is its own, checks both thresholds (TUF
 * §5.3.4) and publishes it.
 */
@Command(
        name = "update",
        mixinStandardHelpOptions = true,
        description = "Trusted updates: offline TUF root keys, root rotation, the keys of products' TUF roles.",
        subcommands = {UpdateCommand.Keys.class, UpdateCommand.Root.class, UpdateProductKeyCommand.class})
final class UpdateCommand extends GroupCommand {
    static final String KEYS_FILE = "root-keys.json";

    @Command(
            name = "keys",
            mixinStandardHelpOptions = true,
            description = "Offline TUF root keys.",
            subcommands = {UpdateCommand.KeysInit.class})
    static final class Keys extends GroupCommand {}

    @Command(
            name = "root",
            mixinStandardHelpOptions = true,
            description = "A manufacturer's TUF root.",
            subcommands = {UpdateCommand.RootRotate.class})
    static final class Root extends GroupCommand {}

    @Command(
            name = "init",
            mixinStandardHelpOptions = true,
            description = "Make N offline root keys with threshold M in a new directory (no server involved).")
    static final class KeysInit extends ApiCommand {
        @Option(names = "--threshold", required = true, paramLabel = "M", description = "Signatures needed.")
        int threshold;

        @Option(names = "--keys", required = true, paramLabel = "N", description = "Keys to make (1..16).")
        int keys;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new or empty directory.")
        Path out;

        @Option(
                names = "--type",
                paramLabel = "TYPE",
                description = "ed25519 (default) or ecdsa (P-256).",
                defaultValue = "ed25519")
        String type;

        @Override
        int execute() {
            if (keys < 1 || keys > 16 || threshold < 1 || threshold > keys) {
                throw usage("--threshold M and --keys N: expected 1 <= M <= N <= 16");
            }
            if (!type.equals("ed25519") && !type.equals("ecdsa")) {
                throw usage("--type: expected ed25519 or ecdsa");
            }
            try {
                Files.createDirectories(out);
                try (Stream<Path> existing = Files.list(out)) {
                    if (existing.findAny().isPresent()) {
                        throw CliException.badInput("--out: " + out + " is not empty");
                    }
                }
                Map<String, Object> publicKeys = new TreeMap<>();
                for (int i = 0; i < keys; i++) {
                    KeyPair kp = generate(type);
                    TufKey k = TufKey.of(kp.getPublic());
                    publicKeys.put(k.keyId(), k.toJson());
                    writeOwnerOnly(
                            out.resolve(k.keyId() + ".key"),
                            Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded()));
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("threshold", (long) threshold);
                doc.put("keys", publicKeys);
                Files.writeString(
                        out.resolve(KEYS_FILE),
                        io.hallmark.core.CanonicalJson.write(doc) + "\n",
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw CliException.failed("--out: " + out + ": " + e.getMessage(), e);
            }
            if (json) {
                printRaw("{\"keys\":" + keys + ",\"threshold\":" + threshold + "}");
            } else {
                out().println("made " + keys + " " + type + " root keys (threshold " + threshold + ") in " + out
                        + "; keep the .key files offline");
            }
            return 0;
        }
    }

    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            description = "Make the manufacturer's next TUF root from offline keys, sign it here and install it.")
    static final class RootRotate extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The manufacturer (default: your organization).")
        String org;

        @Option(names = "--keys", required = true, paramLabel = "DIR", description = "The new root keys (keys init).")
        Path keysDir;

        @Option(
                names = "--old-keys",
                paramLabel = "DIR",
                description = "The current root's offline keys, when it is offline already.")
        Path oldKeysDir;

        @Option(names = "--days", paramLabel = "N", description = "Validity in days (default 365).")
        int days = 365;

        @Option(
                names = "--new-key",
                paramLabel = "ROLE",
                description = "Give online ROLE (targets, snapshot, timestamp) a new key made in the server's vault;"
                        + " repeatable. The old key no longer counts once this root is installed.")
        List<String> newKeys = new ArrayList<>();

        @Override
        int execute() {
            String orgRef = org == null
                    ? Json.read(client().get("/api/v1/me").body()).get("org").asText()
                    : org;
            String path = "/api/v1/organizations/" + ApiClient.segment(orgRef) + "/tuf/root";
            byte[] currentBytes = client().get(path).body().getBytes(StandardCharsets.UTF_8);
            Signed<Metadata.Root> current = TufCodec.readRoot(currentBytes, 512_000);
            Metadata.Root c = current.signed();
            KeySet next = keySet(keysDir);
            Map<String, TufKey> keys = new HashMap<>();
            Map<String, Metadata.RoleKeys> roles = new HashMap<>();
            for (String role : List.of("targets", "snapshot", "timestamp")) {
                roles.put(role, c.role(role));
                c.role(role).keyIds().forEach(id -> keys.put(id, c.keys().get(id)));
            }
            for (String role : newKeys) {
                JsonNode made = Json.read(client().post(
                                "/api/v1/organizations/" + ApiClient.segment(orgRef) + "/tuf/keys",
                                new io.hallmark.protocol.v1.TufKeyCreate(role))
                        .body());
                TufKey k = TufKey.fromJson(
                        made.get("keyId").asText(),
                        TufJson.read(made.get("key").toString().getBytes(StandardCharsets.UTF_8), 1 << 16));
                c.role(role).keyIds().forEach(keys::remove);
                keys.put(k.keyId(), k);
                roles.put(role, new Metadata.RoleKeys(List.of(k.keyId()), 1));
            }
            keys.putAll(next.keys());
            roles.put("root", new Metadata.RoleKeys(List.copyOf(next.keys().keySet()), next.threshold()));
            Metadata.Root root = new Metadata.Root(
                    c.version() + 1,
                    Instant.now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS),
                    true,
                    keys,
                    roles);
            List<TufSigner> signers = new ArrayList<>(next.signers());
            if (oldKeysDir != null) {
                signers.addAll(keySet(oldKeysDir).signers());
            }
            byte[] signed = TufCodec.write(TufCodec.sign(root, signers));
            ApiClient.Answer a = client().sendBytes("PUT", path, signed, "application/json");
            if (json) {
                printRaw(a.body());
            } else {
                out().println("installed root version "
                        + Json.read(a.body()).get("version").asInt() + " for " + orgRef + " (" + next.threshold()
                        + " of " + next.keys().size() + " offline keys)");
            }
            return 0;
        }
    }

    /** The public keys and threshold of {@code root-keys.json}, and signers of the private keys present. */
    record KeySet(Map<String, TufKey> keys, int threshold, List<TufSigner> signers) {}

    static KeySet keySet(Path dir) {
        try {
            Object doc = TufJson.read(Files.readAllBytes(dir.resolve(KEYS_FILE)), 1 << 20);
            if (!(doc instanceof Map<?, ?> m)
                    || !(m.get("threshold") instanceof Long t)
                    || !(m.get("keys") instanceof Map<?, ?> listed)) {
                throw CliException.badInput(dir.resolve(KEYS_FILE) + ": expected {\"threshold\": M, \"keys\": {...}}");
            }
            Map<String, TufKey> keys = new LinkedHashMap<>();
            List<TufSigner> signers = new ArrayList<>();
            for (Map.Entry<?, ?> e : listed.entrySet()) {
                TufKey k = TufKey.fromJson((String) e.getKey(), e.getValue());
                keys.put(k.keyId(), k);
                Path keyFile = dir.resolve(k.keyId() + ".key");
                if (Files.isRegularFile(keyFile)) {
                    signers.add(signer(k, keyFile));
                }
            }
            return new KeySet(keys, t.intValue(), signers);
        } catch (IOException e) {
            throw CliException.badInput(dir + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    static TufSigner signer(TufKey key, Path file) throws IOException {
        try {
            byte[] der = Pem.decode("PRIVATE KEY", Files.readString(file, StandardCharsets.UTF_8));
            String alg = key.scheme().equals(TufKey.ED25519) ? "Ed25519" : "EC";
            PrivateKey pk = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            return new TufSigner() {
                @Override
                public TufKey key() {
                    return key;
                }

                @Override
                public byte[] sign(byte[] data) {
                    try {
                        Signature s = Signature.getInstance(key.jcaAlgorithm());
                        s.initSign(pk);
                        s.update(data);
                        return s.sign();
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw CliException.badInput(file + ": not a PKCS#8 private key of " + key.keyId(), e);
        }
    }

    private static KeyPair generate(String type) {
        try {
            if (type.equals("ed25519")) {
                return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw CliException.badInput(file + " exists");
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    }
}
