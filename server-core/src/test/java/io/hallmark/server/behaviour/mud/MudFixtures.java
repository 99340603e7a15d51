package io.hallmark.server.behaviour.mud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** MUD files for the tests: the lightbulb of RFC 8520 Appendix C and small files built around one ACL. */
final class MudFixtures {
    private MudFixtures() {}

    static byte[] lightbulb() {
        try (InputStream in = MudFixtures.class.getResourceAsStream("lightbulb.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A MUD file whose from-device policy is the single ACL {@code acl} (named "a"), with no to-device policy. */
    static byte[] fromDevice(String acesJson) {
        return mud(
                "\"from-device-policy\": {\"access-lists\": {\"access-list\": [{\"name\": \"a\"}]}}",
                "{\"name\": \"a\", \"aces\": {\"ace\": [" + acesJson + "]}}");
    }

    static byte[] mud(String policies, String aclsJson) {
        String json = "{\"ietf-mud:mud\": {\"mud-version\": 1, \"mud-url\": \"https://example.com/thing\","
                + " \"last-update\": \"2024-05-01T10:00:00Z\", \"is-supported\": true"
                + (policies.isEmpty() ? "" : ", " + policies)
                + "}, \"ietf-access-control-list:acls\": {\"acl\": [" + aclsJson + "]}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The shared test vectors: {@code HALLMARK_TEST_VECTORS}, else {@code shared/test-vectors} beside an ancestor. */
    static Optional<Path> testVector(String relative) {
        String env = System.getenv("HALLMARK_TEST_VECTORS");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).resolve(relative);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path p = dir.resolveSibling("shared").resolve("test-vectors").resolve(relative);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
