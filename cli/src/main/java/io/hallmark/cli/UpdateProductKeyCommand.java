package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.protocol.tuf.Metadata;
import io.hallmark.protocol.tuf.Signed;
import io.hallmark.protocol.tuf.TufCodec;
import io.hallmark.protocol.tuf.TufSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hallmark update product-key ...}: the keys of a product's delegated TUF role (TUF §4.5). {@code rotate}
 * replaces its online vault key; {@code offline} hands it to release managers' keys made with {@code update keys
 * init} (threshold M); {@code sign} signs its pending version here with the private keys in a directory and uploads
 * the signatures; {@code show} prints its keys and what awaits signatures.
 */
@Command(
        name = "product-key",
        mixinStandardHelpOptions = true,
        description = "The keys of a product's delegated TUF role: rotate, hand to offline keys, sign, show.",
        subcommands = {
            UpdateProductKeyCommand.Rotate.class,
            UpdateProductKeyCommand.Offline.class,
            UpdateProductKeyCommand.Sign.class,
            UpdateProductKeyCommand.Show.class
        })
final class UpdateProductKeyCommand extends GroupCommand {
    /** The options naming a product. */
    abstract static class RoleCommand extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The manufacturer (default: your organization).")
        String org;

        @Option(names = "--product", required = true, paramLabel = "P", description = "The product (id or model).")
        String product;

        String path(String rest) {
            return "/api/v1/products/" + ApiClient.segment(product) + "/tuf" + rest
                    + (org == null ? "" : "?org=" + ApiClient.segment(org));
        }

        void printRole(String body, String done) {
            if (json) {
                printRaw(body);
                return;
            }
            JsonNode r = Json.read(body);
            out().println(done + r.get("role").asText() + " version "
                    + r.get("version").asInt() + ", "
                    + r.get("threshold").asInt() + " of " + r.get("keyIds").size() + " keys"
                    + (r.get("offline").asBoolean() ? " (signed offline)" : " (signed online)"));
            if (r.hasNonNull("pendingVersion")) {
                out().println("version " + r.get("pendingVersion").asInt() + " awaits signatures: "
                        + r.get("signedBy").size() + " of "
                        + r.get("pendingThreshold").asInt() + " made");
            }
        }
    }

    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            description = "Give the product's role a new online key in the server's vault; the old one no longer"
                    + " counts.")
    static final class Rotate extends RoleCommand {
        @Override
        int execute() {
            ApiClient.Answer a = client().sendBytes("POST", path("/key-rotations"), new byte[0], "application/json");
            if (json) {
                printRaw(a.body());
            } else {
                out().println("new key " + Json.read(a.body()).get("keyId").asText() + " for product " + product
                        + "; the role is signed again with it");
            }
            return 0;
        }
    }

    @Command(
            name = "offline",
            mixinStandardHelpOptions = true,
            description = "Hand the product's role to release managers' offline keys (update keys init --out DIR).")
    static final class Offline extends RoleCommand {
        @Option(names = "--keys", required = true, paramLabel = "DIR", description = "The managers' keys directory.")
        Path keysDir;

        @Override
        int execute() {
            byte[] doc;
            try {
                doc = Files.readAllBytes(keysDir.resolve(UpdateCommand.KEYS_FILE));
            } catch (IOException e) {
                throw CliException.badInput(keysDir + ": cannot be read (" + e.getMessage() + ")", e);
            }
            ApiClient.Answer a = client().sendBytes("PUT", path("/keys"), doc, "application/json");
            printRole(a.body(), "offline keys set; ");
            return 0;
        }
    }

    @Command(
            name = "sign",
            mixinStandardHelpOptions = true,
            description = "Sign the version of the product's role awaiting signatures with the private keys in DIR.")
    static final class Sign extends RoleCommand {
        @Option(names = "--keys", required = true, paramLabel = "DIR", description = "Keys directory (keys init).")
        Path keysDir;

        @Override
        int execute() {
            String pendingBody = client().get(path("/pending")).body();
            Signed<Metadata.Targets> pending =
                    TufCodec.readTargets(pendingBody.getBytes(StandardCharsets.UTF_8), 5_000_000);
            UpdateCommand.KeySet keys = UpdateCommand.keySet(keysDir);
            if (keys.signers().isEmpty()) {
                throw CliException.badInput(keysDir + ": no private key (expected: <key id>.key files)");
            }
            String role = Json.read(client().get(path("")).body()).get("role").asText();
            // TUF §4.2: each signature covers the canonical JSON of the "signed" object, as the server prepared it
            byte[] data = pending.canonicalSigned();
            List<Object> sigs = new ArrayList<>();
            for (TufSigner s : keys.signers()) {
                Map<String, Object> sig = new LinkedHashMap<>();
                sig.put("keyid", s.key().keyId());
                sig.put("sig", HexFormat.of().formatHex(s.sign(data)));
                sigs.add(sig);
            }
            Map<String, Object> upload = new LinkedHashMap<>();
            upload.put("role", role);
            upload.put("version", (long) pending.signed().version());
            upload.put("signatures", sigs);
            byte[] body = io.hallmark.core.CanonicalJson.write(upload).getBytes(StandardCharsets.UTF_8);
            ApiClient.Answer a = client().sendBytes("POST", path("/signatures"), body, "application/json");
            printRole(a.body(), keys.signers().size() + " signatures sent; ");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The keys of the product's role.")
    static final class Show extends RoleCommand {
        @Override
        int execute() {
            printRole(client().get(path("")).body(), "");
            return 0;
        }
    }
}
