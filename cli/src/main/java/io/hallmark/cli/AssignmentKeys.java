package io.hallmark.cli;

import io.hallmark.core.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import javax.net.ssl.SSLContext;

/**
 * The platform's assignment key as the agent pins it: given with {@code --assignment-key}, else the one pinned in the
 * state directory, else fetched once from the device port (whose TLS certificate chains to the platform CA) and
 * pinned from then on.
 */
final class AssignmentKeys {
    private AssignmentKeys() {}

    static PublicKey pinned(Path pin, Path given, URI devicePort, SSLContext tls) {
        try {
            String pem;
            if (given != null) {
                pem = Files.readString(given);
                Files.writeString(pin, pem);
            } else if (Files.exists(pin)) {
                pem = Files.readString(pin);
            } else {
                HttpResponse<String> r = HttpClient.newBuilder()
                        .sslContext(tls)
                        .build()
                        .send(
                                HttpRequest.newBuilder(devicePort.resolve("/update/assignment-key"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw CliException.badInput("assignment key: HTTP " + r.statusCode() + " from the device port");
                }
                pem = r.body();
                Files.writeString(pin, pem);
            }
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Pem.decode("PUBLIC KEY", pem)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw CliException.badInput("assignment key: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.badInput("assignment key: interrupted", e);
        }
    }
}
