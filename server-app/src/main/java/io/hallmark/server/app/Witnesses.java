package io.hallmark.server.app;

import io.hallmark.server.audit.AuditCheckpoint;
import io.hallmark.server.audit.AuditExport;
import io.hallmark.server.audit.CheckpointWitness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The checkpoint witnesses the configuration names: an append-only file, an HTTP endpoint, both or none. */
final class Witnesses {
    private Witnesses() {}

    static CheckpointWitness of(Optional<Path> file, Optional<URI> url) {
        List<CheckpointWitness> all = new ArrayList<>();
        file.ifPresent(f -> all.add(cp -> appendLine(f, AuditExport.checkpointLine(cp))));
        url.ifPresent(u -> all.add(new UrlWitness(u)));
        return cp -> {
            Exception first = null;
            for (CheckpointWitness w : all) {
                try {
                    w.publish(cp);
                } catch (Exception e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        };
    }

    /** Appends one line and forces it to disk, so a witnessed checkpoint survives a crash. */
    static void appendLine(Path file, String line) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }

    /** POSTs each checkpoint as a JSON line; any 2xx is an acknowledgement. */
    private record UrlWitness(URI url) implements CheckpointWitness {
        private static final HttpClient CLIENT =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        @Override
        public void publish(AuditCheckpoint cp) throws Exception {
            HttpRequest req = HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(AuditExport.checkpointLine(cp)))
                    .build();
            HttpResponse<Void> res = CLIENT.send(req, HttpResponse.BodyHandlers.discarding());
            if (res.statusCode() / 100 != 2) {
                throw new IOException("witness " + url + " answered " + res.statusCode());
            }
        }
    }
}
