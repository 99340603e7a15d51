package io.hallmark.agent.update;

import io.hallmark.core.Checks;
import io.hallmark.protocol.tuf.Metadata;
import io.hallmark.protocol.tuf.TufClient;
import io.hallmark.protocol.tuf.TufException;
import io.hallmark.protocol.tuf.TufLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * One update check of a device: the TUF client workflow (TUF §5.3–§5.7, {@link TufClient}) against its
 * manufacturer's repository, the choice of the newest release for its model and hardware revision, the download
 * (length and hashes checked) and the installation through an {@link Installer}.
 *
 * <p>State, under {@code dir}: {@code root.json} (provisioned with the device, then the newest trusted root),
 * {@code timestamp.json} and {@code snapshot.json} (kept for the rollback checks of the next check), each replaced
 * atomically. Untrusted input is answered by a {@link Outcome} with the refusal's reason, never by an install.
 */
public final class UpdateCheck {
    private final Path dir;
    private final URI repository;
    private final HttpClient http;
    private static final java.util.regex.Pattern MODEL_DIR = java.util.regex.Pattern.compile("[A-Za-z0-9._+-]{1,64}");

    private final Clock clock;
    private final String model;
    private final String hardware;
    private final Installer installer;
    private final Optional<String> productId;

    /**
     * What one check did.
     *
     * @param result {@code up-to-date}, {@code installed}, {@code failed} or {@code refused}
     * @param version the release installed or tried, if any
     * @param detail why it failed or was refused
     */
    public record Outcome(String result, String version, String detail) {}

    /**
     * A check against {@code repository} ({@code https://host:port/tuf/<manufacturer>/}).
     *
     * @param tls trusts the platform CA of the device port
     * @param model the device's product model (the release's {@code custom.hallmark.model})
     * @param hardware the device's hardware revision
     */
    public UpdateCheck(
            Path dir, URI repository, SSLContext tls, Clock clock, String model, String hardware, Installer installer) {
        this(dir, repository, tls, clock, model, Optional.empty(), hardware, installer);
    }

    /**
     * A check of a device whose product id is known: needed when its model has characters outside {@code
     * [A-Za-z0-9._+-]} (or more than 64), whose releases the server files under the product id ({@code
     * <product id>/<version>/<image>}, delegated to the role {@code product-<product id>}).
     *
     * @param productId the product's id ({@code prd_...}), if known
     */
    public UpdateCheck(
            Path dir,
            URI repository,
            SSLContext tls,
            Clock clock,
            String model,
            Optional<String> productId,
            String hardware,
            Installer installer) {
        this.dir = Checks.notNull(dir, "dir");
        String base = repository.toString();
        this.repository = URI.create(base.endsWith("/") ? base : base + "/");
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.clock = Checks.notNull(clock, "clock");
        this.model = Checks.notBlank(model, "model");
        this.productId = Checks.notNull(productId, "productId");
        this.hardware = Checks.notBlank(hardware, "hardware");
        this.installer = Checks.notNull(installer, "installer");
    }

    /**
     * The first segment of the target paths of {@code model}'s releases, as the server files them: the model itself
     * when it is of {@code [A-Za-z0-9._+-]{1,64}}, else the product's id; empty when that id is needed and unknown.
     */
    public static Optional<String> directory(String model, Optional<String> productId) {
        return MODEL_DIR.matcher(model).matches() ? Optional.of(model) : productId.filter(MODEL_DIR.asMatchPredicate());
    }

    /** Refreshes the metadata, then installs the newest suitable release when it is newer than the running one. */
    public Outcome run() {
        Object refreshed = refresh();
        if (refreshed instanceof Outcome o) {
            return o;
        }
        TufClient client = (TufClient) refreshed;

        // the model's releases, through the delegation to its product's role (TUF §5.6.7)
        Optional<String> under = directory(model, productId);
        if (under.isEmpty()) {
            return new Outcome(
                    "failed", null, "model: its releases are filed under the product id (expected: the product id)");
        }
        Map<String, Metadata.TargetFile> signed = new java.util.LinkedHashMap<>();
        try {
            client.targetsUnder(under.get()).forEach(t -> signed.put(t.path(), t.file()));
        } catch (TufException e) {
            return new Outcome("refused", null, e.getMessage());
        } catch (UncheckedIOException e) {
            return new Outcome("failed", null, "repository: " + e.getMessage());
        }
        Optional<Map.Entry<String, String>> best =
                candidates(new Metadata.Targets(1, clock.instant(), signed, Optional.empty()));
        String running = installer.currentVersion();
        if (best.isEmpty() || Versions.compare(best.get().getValue(), running) <= 0) {
            return new Outcome("up-to-date", running, "");
        }
        return install(client, best.get().getKey(), best.get().getValue());
    }

    /**
     * Installs what a verified {@link Assignment} names, only when the manufacturer's TUF targets sign a target of the
     * same name, length and SHA-256 for this model and it is newer than the running version; a cancelled assignment
     * installs nothing ({@code cancelled}).
     */
    public Outcome run(Assignment assignment) {
        if (assignment.cancelled()) {
            return new Outcome("cancelled", assignment.version(), assignment.reason());
        }
        Object refreshed = refresh();
        if (refreshed instanceof Outcome o) {
            return o;
        }
        TufClient client = (TufClient) refreshed;
        Optional<TufClient.Target> target;
        try {
            target = client.findTarget(assignment.target());
        } catch (TufException e) {
            return new Outcome("refused", assignment.version(), e.getMessage());
        } catch (UncheckedIOException e) {
            return new Outcome("failed", assignment.version(), "repository: " + e.getMessage());
        }
        if (target.isEmpty()) {
            return new Outcome("refused", assignment.version(), "assignment: target not signed by the repository");
        }
        Metadata.TargetFile f = target.get().file();
        boolean same = f.length() == assignment.length()
                && io.hallmark.core.Hashes.constantTimeEquals(
                        String.valueOf(f.hashes().get("sha256")).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        assignment.sha256().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        boolean fits = candidates(
                        new Metadata.Targets(1, clock.instant(), Map.of(assignment.target(), f), Optional.empty()))
                .filter(e -> e.getValue().equals(assignment.version()))
                .isPresent();
        if (!same || !fits) {
            return new Outcome(
                    "refused", assignment.version(), "assignment: differs from the repository's target or model");
        }
        String running = installer.currentVersion();
        if (Versions.compare(assignment.version(), running) <= 0) {
            return new Outcome("up-to-date", running, "");
        }
        return install(client, assignment.target(), assignment.version());
    }

    private Outcome install(TufClient client, String path, String version) {
        byte[] image;
        try {
            image = client.download(client.findTarget(path).orElseThrow());
        } catch (TufException e) {
            return new Outcome("refused", version, e.getMessage());
        } catch (UncheckedIOException e) {
            return new Outcome("failed", version, "download: " + e.getMessage());
        }
        Installer.InstallResult r = installer.install(version, image);
        return r.installed() ? new Outcome("installed", version, "") : new Outcome("failed", version, r.reason());
    }

    /** The refreshed client, or the outcome that stopped the refresh. */
    private Object refresh() {
        TufClient client;
        try {
            client = new TufClient(
                    Files.readAllBytes(dir.resolve("root.json")),
                    read("timestamp.json"),
                    read("snapshot.json"),
                    this::fetch,
                    (path, max) -> fetch("targets/" + path, max),
                    clock,
                    TufLimits.DEFAULT);
            client.refresh();
        } catch (TufException e) {
            return new Outcome("refused", null, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return new Outcome("failed", null, "repository: " + e.getMessage());
        }
        write("root.json", client.trustedRoot());
        client.trustedTimestamp().ifPresent(b -> write("timestamp.json", b));
        client.trustedSnapshot().ifPresent(b -> write("snapshot.json", b));
        return client;
    }

    /** Target path to version of each release for this model and hardware revision, newest last. */
    private Optional<Map.Entry<String, String>> candidates(Metadata.Targets targets) {
        return targets.targets().entrySet().stream()
                .filter(e -> e.getValue().custom().get("hallmark") instanceof Map<?, ?>)
                .map(e -> {
                    Map<?, ?> h = (Map<?, ?>) e.getValue().custom().get("hallmark");
                    boolean fits = model.equals(h.get("model"))
                            && h.get("version") instanceof String
                            && (!(h.get("hardware") instanceof List<?> hw) || hw.isEmpty() || hw.contains(hardware));
                    return fits ? Map.entry(e.getKey(), (String) h.get("version")) : null;
                })
                .filter(java.util.Objects::nonNull)
                .max(Comparator.comparing(Map.Entry::getValue, Versions.ORDER));
    }

    private Optional<byte[]> fetch(String path, long max) throws IOException {
        try {
            HttpResponse<InputStream> r = http.send(
                    HttpRequest.newBuilder(repository.resolve(path))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() == 404) {
                    return Optional.empty();
                }
                if (r.statusCode() != 200) {
                    throw new IOException(path + ": HTTP " + r.statusCode());
                }
                // one byte past the limit tells the client the file is too long, without reading more
                return Optional.of(in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private byte[] read(String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Files.readAllBytes(p) : null;
    }

    private void write(String name, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir.resolve(name) + ": cannot be written", e);
        }
    }
}
