package io.hallmark.server.http;

import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.update.TufRepositoryService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The manufacturers' TUF repositories on the device port, in the layout every TUF client reads (TUF §5, consistent
 * snapshots): {@code /tuf/{manufacturer}/N.root.json}, {@code timestamp.json}, {@code N.snapshot.json}, {@code
 * N.targets.json}, {@code N.product-<dir>.json} (delegated targets), {@code targets/<dir>/<sha256>.<name>} (release
 * images) and {@code targets/<sha256>.idevid-chain.pem} (the manufacturer's IDevID chain). No client certificate is
 * needed: what is served is signed. Answers carry a strong ETag (the SHA-256 of the bytes) and {@code If-None-Match} is answered 304 (RFC 9110
 * §13.1.2), which is what thousands of devices polling {@code timestamp.json} mostly get.
 */
final class TufRoutes {
    /** Hash-named and versioned files never change. */
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** Release images served lately; a fleet downloads the same few. */
    private static final int MAPPED_IMAGES = 32;

    private final TufRepositoryService repositories;
    private final MappedFiles images = new MappedFiles(MAPPED_IMAGES);

    TufRoutes(TufRepositoryService repositories) {
        this.repositories = repositories;
    }

    void register(RoutesConfig routes) {
        routes.get("/tuf/{manufacturer}/targets/<path>", this::target);
        routes.get("/tuf/{manufacturer}/{file}", this::metadata);
    }

    private void metadata(Context ctx) {
        String name = ctx.pathParam("file");
        TufRepositoryService.MetadataFile file = repositories
                .metadata(ctx.pathParam("manufacturer"), name)
                .orElseThrow(() -> new NotFoundException("no such TUF metadata file"));
        // bytes and ETag come from memory: a poll answered 304 touches neither the store nor a digest; versioned
        // files never change, timestamp.json must be fetched again each time
        serve(ctx, file, name.equals("timestamp.json") ? "no-cache" : IMMUTABLE, "application/json");
    }

    /** {@code file} with its ETag, or 304 when the client holds it (RFC 9110 §13.1.2). */
    private static void serve(
            Context ctx, TufRepositoryService.MetadataFile file, String cacheControl, String contentType) {
        ctx.header("Cache-Control", cacheControl);
        ctx.header("ETag", file.etag());
        if (matches(ctx.header("If-None-Match"), file.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(contentType);
        ctx.result(file.body());
    }

    private void target(Context ctx) throws IOException {
        String path = ctx.pathParam("path");
        Optional<Path> file = repositories.target(ctx.pathParam("manufacturer"), path);
        if (file.isEmpty()) {
            // the manufacturer's IDevID chain, the top-level targets' one entry
            TufRepositoryService.MetadataFile anchors = repositories
                    .anchorsTarget(ctx.pathParam("manufacturer"), path)
                    .orElseThrow(() -> new NotFoundException("no such TUF target"));
            serve(ctx, anchors, IMMUTABLE, "application/pem-certificate-chain");
            return;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        String etag = "\"" + name.substring(0, 64) + "\"";
        ctx.header("Cache-Control", IMMUTABLE);
        ctx.header("ETag", etag);
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        long size = Files.size(file.get());
        ctx.header("Accept-Ranges", "bytes");
        // a device resuming a download asks for the rest (RFC 9110 §14.2); If-Range must name this very file
        String ifRange = ctx.header("If-Range");
        Optional<ByteRange> range = ifRange == null || ifRange.strip().equals(etag)
                ? ByteRange.parse(ctx.header("Range"), size)
                : Optional.empty();
        if (range.isPresent() && range.get().unsatisfiable()) {
            ctx.header("Content-Range", range.get().contentRange(size));
            Problems.write(
                    ctx,
                    Problems.problem(
                            416,
                            "range-not-satisfiable",
                            "Range not satisfiable",
                            "the image has " + size + " bytes",
                            ctx));
            return;
        }
        ByteRange part = range.orElse(new ByteRange(0, size - 1));
        if (range.isPresent()) {
            ctx.status(206);
            ctx.header("Content-Range", part.contentRange(size));
        }
        ctx.contentType("application/octet-stream");
        ctx.header("Content-Length", Long.toString(size == 0 ? 0 : part.length()));
        if (size > 0) {
            serveFile(ctx, file.get(), part);
        }
    }

    /**
     * Bytes {@code part} of the file, straight from the page cache: mapped, and handed to Jetty as one buffer, so that
     * the TLS layer encrypts from the mapping (no read into the heap, no copy per block); a container without Jetty's
     * output, or a file too large for one mapping, is copied in blocks of 64 KiB.
     */
    private void serveFile(Context ctx, Path path, ByteRange part) throws IOException {
        if (ctx.res().getOutputStream() instanceof org.eclipse.jetty.ee10.servlet.HttpOutput jetty) {
            Optional<java.nio.ByteBuffer> mapped = images.map(path);
            if (mapped.isPresent()) {
                jetty.sendContent(mapped.get().slice((int) part.first(), (int) part.length()));
                return;
            }
        }
        try (InputStream in = Files.newInputStream(path);
                OutputStream out = ctx.outputStream()) {
            in.skipNBytes(part.first());
            byte[] block = new byte[64 * 1024];
            long left = part.length();
            for (int n; left > 0 && (n = in.read(block, 0, (int) Math.min(block.length, left))) >= 0; ) {
                out.write(block, 0, n);
                left -= n;
            }
        }
    }

    /** RFC 9110 §13.1.2: a list of entity tags, or {@code *}; weak comparison. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
