package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import io.hallmark.core.Jws;
import io.hallmark.core.Pem;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.v1.LabelRequest;
import io.hallmark.protocol.v1.LabelReview;
import io.hallmark.protocol.v1.LabelRevoke;
import io.hallmark.protocol.v1.LabelView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark label request|list|show|review|issue|revoke|verify}: trust labels. {@code verify} runs offline: it
 * checks a label's ES256 signature (RFC 7515, RFC 7518 §3.4) with the label public key and prints its claims.
 */
@Command(
        name = "label",
        mixinStandardHelpOptions = true,
        description = "Trust labels: request, review (assessors), issue, revoke, and verify offline.",
        subcommands = {
            LabelCommand.Request.class,
            LabelCommand.ListAll.class,
            LabelCommand.Show.class,
            LabelCommand.Review.class,
            LabelCommand.Issue.class,
            LabelCommand.Revoke.class,
            LabelCommand.Verify.class
        })
final class LabelCommand extends GroupCommand {
    static final String PATH = "/api/v1/labels";
    /** The label format this command knows. */
    static final String SCHEME = "hallmark-label/1";

    static final Table TABLE = Table.of(LabelView.class)
            .column("ID", "id")
            .column("PRODUCT", "productModel")
            .column("LEVEL", "level")
            .column("REACHED", "reached")
            .column("STATE", "state")
            .column("STATUS", "status")
            .column("REVIEWER", "reviewer")
            .column("EXPIRES", "expiresAt")
            .column("STATUS URL", "statusUrl");

    @Command(name = "request", mixinStandardHelpOptions = true, description = "Request a label for a product.")
    static final class Request extends ApiCommand {
        @Option(names = "--product", required = true, paramLabel = "ID|MODEL", description = "The product.")
        String product;

        @Option(names = "--level", required = true, paramLabel = "N", description = "The level: 1..4 (or L1..L4).")
        String level;

        @Option(names = "--profile", required = true, paramLabel = "FILE", description = "The product profile (YAML).")
        Path profile;

        @Override
        int execute() {
            String text;
            try {
                text = Files.readString(profile, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw CliException.badInput("--profile: " + profile + " does not exist", e);
            } catch (IOException e) {
                throw CliException.badInput("--profile: " + profile + " cannot be read (" + e + ")", e);
            }
            ApiClient.Answer a = client().post(PATH, new LabelRequest(product, level, text));
            if (!json) {
                out().println("requested label");
            }
            printOne(a, TABLE);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List labels.")
    static final class ListAll extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The manufacturer (default: your organization).")
        String org;

        @Option(
                names = "--awaiting-review",
                description = "Requests of every manufacturer awaiting review (assessors).")
        boolean awaitingReview;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(PATH, params("org", org, "awaiting", awaitingReview ? "review" : null), paging, TABLE);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one label.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The label's id.")
        String id;

        @Override
        int execute() {
            printOne(client().get(PATH + "/" + ApiClient.segment(id)), TABLE);
            return 0;
        }
    }

    /** Exactly one of --approve and --reject. */
    static final class Decision {
        @Option(names = "--approve", required = true, description = "Approve the request.")
        boolean approve;

        @Option(names = "--reject", required = true, description = "Reject the request.")
        boolean reject;
    }

    @Command(
            name = "review",
            mixinStandardHelpOptions = true,
            description = "Approve or reject a label request (assessors; required for L3 and L4).")
    static final class Review extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The label's id.")
        String id;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Decision decision;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
        String reason;

        @Override
        int execute() {
            String d = decision.approve ? "approve" : "reject";
            ApiClient.Answer a =
                    client().post(PATH + "/" + ApiClient.segment(id) + "/review", new LabelReview(d, reason));
            printOne(a, TABLE);
            return 0;
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true, description = "Sign and publish a label.")
    static final class Issue extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The label's id.")
        String id;

        @Option(names = "--out", paramLabel = "FILE.jws", description = "Also write the signed label to this file.")
        Path outFile;

        @Override
        int execute() {
            ApiClient.Answer a = client().post(PATH + "/" + ApiClient.segment(id) + "/issue", null);
            if (outFile != null) {
                String jws = Json.read(a.body()).path("jws").asText();
                try {
                    Files.writeString(outFile, jws + "\n", StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw CliException.failed("--out: " + outFile + " cannot be written (" + e + ")", e);
                }
            }
            printOne(a, TABLE);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an issued label.")
    static final class Revoke extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The label's id.")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; shown publicly.")
        String reason;

        @Override
        int execute() {
            printOne(client().post(PATH + "/" + ApiClient.segment(id) + "/revoke", new LabelRevoke(reason)), TABLE);
            return 0;
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Verify a signed label offline with the label public key and print its claims.",
                "Without --key the key is fetched from the server (GET /api/v1/labels/public-key, no token).",
                "Exit code 0 when the signature verifies and the label has not expired, 1 otherwise."
            })
    static final class Verify extends ApiCommand {
        @Parameters(index = "0", paramLabel = "FILE.jws", description = "The signed label (compact JWS).")
        Path file;

        @Option(names = "--key", paramLabel = "PEM_FILE", description = "The label public key (PEM).")
        Path key;

        @Override
        int execute() {
            String compact;
            try {
                compact = Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (NoSuchFileException e) {
                throw CliException.badInput(file + " does not exist", e);
            } catch (IOException e) {
                throw CliException.badInput(file + " cannot be read (" + e + ")", e);
            }
            PublicKey publicKey = key != null
                    ? AuditVerifyCommand.readKey(key)
                    : parseKey(publicClient().get(PATH + "/public-key").body());
            JWSObject jws;
            try {
                jws = Jws.verify(compact, publicKey, JWSAlgorithm.ES256);
            } catch (UntrustedInputException e) {
                out().println("signature: INVALID (" + e.getMessage() + ")");
                return CliException.FAILED;
            }
            JsonNode claims = Json.read(jws.getPayload().toString());
            if (!SCHEME.equals(claims.path("scheme").asText())) {
                out().println("signature: valid, but scheme "
                        + claims.path("scheme").asText() + " is unknown");
                return CliException.FAILED;
            }
            Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong());
            boolean expired = !Instant.now().isBefore(expires);
            if (json) {
                printRaw(Json.write(claims));
            } else {
                out().println("signature: valid (ES256, key " + jws.getHeader().getKeyID() + ")");
                out().println("label:        " + Table.clean(claims.path("jti").asText()));
                out().println("product:      "
                        + Table.clean(claims.at("/product/name").asText()) + " ("
                        + Table.clean(claims.at("/product/model").asText()) + ")");
                out().println("manufacturer: "
                        + Table.clean(claims.at("/manufacturer/name").asText()));
                out().println("level:        "
                        + Table.clean(claims.path("level").asText()));
                out().println("issued:       "
                        + Instant.ofEpochSecond(claims.path("iat").asLong()));
                out().println("expires:      " + expires + (expired ? " (EXPIRED)" : ""));
                for (JsonNode s : claims.path("signers")) {
                    out().println("signer:       " + Table.clean(s.path("role").asText()) + " "
                            + Table.clean(
                                    s.has("name")
                                            ? s.path("name").asText()
                                            : s.path("kid").asText()));
                }
                for (JsonNode c : claims.path("catalogs")) {
                    out().println("catalog:      " + Table.clean(c.path("id").asText()) + " "
                            + Table.clean(c.path("version").asText()));
                }
                out().println("profile:      sha256 "
                        + Table.clean(claims.at("/evidence/profile_sha256").asText()));
                out().println("suspended:    when more than "
                        + claims.path("integrity_threshold_percent").asInt() + "% of the fleet fails attestation"
                        + (claims.has("critical_fix_days")
                                ? ", or a critical vulnerability stays unfixed past "
                                        + claims.path("critical_fix_days").asInt() + " days"
                                : ""));
                out().println("status:       "
                        + Table.clean(claims.path("status_url").asText())
                        + " (the live status; this check is offline)");
            }
            return expired ? CliException.FAILED : 0;
        }

        private static PublicKey parseKey(String pem) {
            try {
                byte[] der = Pem.decode("PUBLIC KEY", pem);
                return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            } catch (UntrustedInputException | GeneralSecurityException e) {
                throw CliException.failed("the server's label key is not an EC public key (" + e.getMessage() + ")", e);
            }
        }
    }
}
