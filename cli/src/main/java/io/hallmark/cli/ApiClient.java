package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLException;

/**
 * The operator REST API over {@link HttpClient}: bearer token, JSON bodies, and RFC 9457 problem documents turned
 * into a {@link CliException} with the exit code for the status (see {@link CliException#exitCodeFor}).
 *
 * <p>Defaults: connect timeout 10 s, request timeout 60 s (none for a download), no redirects followed.
 */
final class ApiClient implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final Connection connection;
    private final HttpClient http;

    ApiClient(Connection connection) {
        this.connection = connection;
        HttpClient.Builder b =
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
        connection.caFile().ifPresent(ca -> b.sslContext(CaTrust.sslContext(ca)));
        this.http = b.build();
    }

    /**
     * A successful answer.
     *
     * @param status the HTTP status (2xx)
     * @param body the body text, empty for 204
     */
    record Answer(int status, String body) {
        boolean hasBody() {
            return !body.isBlank();
        }
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer post(String path, Object body) {
        return send("POST", path, body);
    }

    Answer put(String path, Object body) {
        return send("PUT", path, body);
    }

    Answer patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    Answer delete(String path) {
        return send("DELETE", path, null);
    }

    /** GETs {@code path} and hands the body, as it streams in, to {@code reader}; returns what it returns. */
    <T> T download(String path, BodyReader<T> reader) {
        HttpRequest request = request("GET", path, null).build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                String body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                throw error("GET", path, response.statusCode(), body);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw CliException.failed("download of " + path + " failed: " + e.getMessage(), e);
        }
    }

    /** Reads a streamed body. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /** PUTs raw bytes of {@code contentType} (a MUD file), answering as JSON. */
    Answer putBytes(String path, byte[] body, String contentType) {
        return sendBytes("PUT", path, body, contentType);
    }

    /** Sends raw bytes of {@code contentType} (a MUD file, a release image) with {@code method}, answering JSON. */
    Answer sendBytes(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder b = request(method, path, null)
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response = exchange(
                b.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw error(method, path, response.statusCode(), response.body());
        }
        return new Answer(response.statusCode(), response.body() == null ? "" : response.body());
    }

    private Answer send(String method, String path, Object body) {
        HttpRequest request =
                request(method, path, body).timeout(REQUEST_TIMEOUT).build();
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw error(method, path, response.statusCode(), response.body());
        }
        return new Answer(response.statusCode(), response.body() == null ? "" : response.body());
    }

    private HttpRequest.Builder request(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(connection.url() + path))
                .header("Accept", "application/json, application/problem+json;q=0.9, */*;q=0.1")
                .header("User-Agent", "hallmark-cli");
        connection.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        }
        return b;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        String where = "cannot reach " + connection.url() + ": ";
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw CliException.failed(where + "connection timed out", e);
        } catch (HttpTimeoutException e) {
            throw CliException.failed(
                    "no answer from " + connection.url() + " within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw CliException.failed(where + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted", e);
        }
    }

    /** A short reason for a failed exchange; the JDK's messages are often null or nested. */
    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                String m = String.valueOf(ssl.getMessage());
                if (m.contains("PKIX") || m.contains("certification path")) {
                    return "TLS: the server's certificate is not trusted (give the platform CA with --ca-file or"
                            + " --data)";
                }
                return "TLS: " + m;
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The error for a non-2xx answer: the problem's title, detail and request id when the body is a problem. */
    static CliException error(String method, String path, int status, String body) {
        StringBuilder m = new StringBuilder("HTTP ").append(status);
        JsonNode problem = parseProblem(body);
        if (problem != null) {
            String title = text(problem, "title");
            String detail = text(problem, "detail");
            String requestId = text(problem, "requestId");
            if (title != null) {
                m.append(' ').append(title);
            }
            if (detail != null) {
                m.append(": ").append(detail);
            }
            m.append(" (").append(method).append(' ').append(path);
            if (requestId != null) {
                m.append(", request id ").append(requestId);
            }
            m.append(')');
        } else {
            m.append(" from ").append(method).append(' ').append(path);
            String snippet = body == null ? "" : Table.clean(body.strip());
            if (!snippet.isEmpty()) {
                m.append(": ").append(snippet.length() > 200 ? snippet.substring(0, 200) + "..." : snippet);
            }
        }
        return new CliException(CliException.exitCodeFor(status), m.toString());
    }

    private static JsonNode parseProblem(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode n = Json.read(body);
            return n.isObject() && (n.has("title") || n.has("detail")) ? n : null;
        } catch (CliException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Table.clean(v.asText());
    }

    /** {@code segment} encoded for a URL path. */
    static String segment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code path} with the query parameters whose values are not null, encoded. */
    static String query(String path, Map<String, ?> params) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((k, v) -> {
            if (v != null) {
                q.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        });
        return path + q;
    }

    @Override
    public void close() {
        http.close();
    }
}
