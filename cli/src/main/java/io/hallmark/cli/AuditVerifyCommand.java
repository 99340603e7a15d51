package io.hallmark.cli;

import io.hallmark.core.Pem;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.v1.AuditFindingView;
import io.hallmark.protocol.v1.AuditVerificationView;
import io.hallmark.server.audit.AuditExport;
import io.hallmark.server.audit.AuditVerification;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hallmark audit verify}: checks the audit chain and its signed checkpoints, on the server, or offline on an
 * export file ({@code --file FILE.jsonl --key PEM_FILE}) with only the audit public key, without any server.
 *
 * <p>Exit code 0 when the chain verifies, 1 when there is a finding.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verify the audit chain and its signed checkpoints: on the server, or offline on an export with"
                    + " --file FILE.jsonl --key PUBLIC_KEY.pem (no server needed).",
            "Exit code 0 when it verifies, 1 when there is a finding."
        })
final class AuditVerifyCommand extends ApiCommand {
    @Option(names = "--file", paramLabel = "FILE.jsonl", description = "An export (audit export) to verify offline.")
    Path file;

    @Option(names = "--key", paramLabel = "PEM_FILE", description = "The audit public key (audit public-key).")
    Path key;

    @Override
    int execute() {
        if (file == null && key != null) {
            throw usage("--key is for offline verification: give --file too");
        }
        if (file != null && key == null) {
            throw usage("--file needs --key PEM_FILE, the audit public key (see audit public-key)");
        }
        AuditVerificationView result;
        if (file != null) {
            result = verifyOffline(file, readKey(key));
            if (json) {
                printRaw(Json.write(result));
            }
        } else {
            ApiClient.Answer a = client().get(AuditCommand.PATH + "/verify");
            result = Json.read(a.body(), AuditVerificationView.class);
            if (json) {
                printRaw(a.body());
            }
        }
        if (!json) {
            print(out(), result);
        }
        return result.ok() ? 0 : CliException.FAILED;
    }

    static AuditVerificationView verifyOffline(Path file, PublicKey key) {
        if (!Files.isRegularFile(file)) {
            throw CliException.badInput("--file: " + file + " does not exist");
        }
        AuditVerification v;
        try {
            v = AuditExport.verifyFile(file, key);
        } catch (UncheckedIOException e) {
            throw CliException.badInput(file + " cannot be read (" + e.getCause() + ")", e);
        }
        return v.view();
    }

    /** The EC public key in a PEM file ({@code -----BEGIN PUBLIC KEY-----}). */
    static PublicKey readKey(Path pemFile) {
        String text;
        try {
            text = Files.readString(pemFile, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw CliException.badInput("--key: " + pemFile + " does not exist", e);
        } catch (IOException e) {
            throw CliException.badInput("--key: " + pemFile + " cannot be read (" + e + ")", e);
        }
        try {
            byte[] der = Pem.decode("PUBLIC KEY", text);
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (UntrustedInputException | GeneralSecurityException e) {
            throw CliException.badInput(
                    "--key: " + pemFile + " is not an EC public key in PEM (" + e.getMessage() + ")", e);
        }
    }

    /** Prints a verification for people: one summary line, then one line per finding. */
    static void print(PrintWriter out, AuditVerificationView v) {
        String counts = v.entries() + " entries, " + v.checkpoints() + " checkpoints checked, last seq " + v.lastSeq();
        if (v.ok()) {
            out.println("ok: " + counts);
            return;
        }
        out.println("NOT OK: the chain breaks at seq " + v.firstBrokenSeq() + " (" + counts + ")");
        List<AuditFindingView> findings = v.findings() == null ? List.of() : v.findings();
        for (AuditFindingView f : findings) {
            out.println("  seq " + f.seq() + "  " + Table.clean(String.valueOf(f.id())) + "  "
                    + Table.clean(String.valueOf(f.message())));
        }
    }
}
