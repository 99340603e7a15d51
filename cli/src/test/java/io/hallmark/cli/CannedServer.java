package io.hallmark.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain-HTTP server on 127.0.0.1 answering canned responses by method and path (query excluded), recording every
 * request. Unknown routes get 404 with a problem document.
 */
final class CannedServer implements AutoCloseable {
    /** A recorded request. */
    record Request(String method, String pathAndQuery, String authorization, String contentType, String body) {}

    /** A canned answer. */
    record Answer(int status, String contentType, String body) {}

    private final HttpServer server;
    private final Map<String, List<Answer>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    CannedServer() throws IOException {
        this(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    CannedServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method path} with JSON; several answers for one route are given in turn, the last repeats. */
    CannedServer json(String method, String path, int status, String body) {
        return answer(method, path, new Answer(status, "application/json", body));
    }

    CannedServer problem(String method, String path, int status, String detail, String requestId) {
        String body = "{\"type\":\"https://hallmark.dev/problems/x\",\"title\":\"T" + status + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"instance\":\"" + path + "\",\"requestId\":\"" + requestId + "\"}";
        return answer(method, path, new Answer(status, "application/problem+json", body));
    }

    CannedServer answer(String method, String path, Answer answer) {
        routes.computeIfAbsent(method + " " + path, k -> new CopyOnWriteArrayList<>())
                .add(answer);
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request lastRequest() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        requests.add(new Request(
                ex.getRequestMethod(),
                query == null ? path : path + "?" + query,
                ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestHeaders().getFirst("Content-Type"),
                body));
        List<Answer> answers = routes.get(ex.getRequestMethod() + " " + path);
        Answer a;
        if (answers == null || answers.isEmpty()) {
            a = new Answer(
                    404,
                    "application/problem+json",
                    "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no route " + path
                            + "\",\"requestId\":\"r-404\"}");
        } else {
            a = answers.size() > 1 ? answers.remove(0) : answers.get(0);
        }
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", a.contentType());
        if (a.status() == 204 || bytes.length == 0) {
            ex.sendResponseHeaders(a.status(), -1);
        } else {
            ex.sendResponseHeaders(a.status(), bytes.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(bytes);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
