package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The base of every command that may call the server: connection options, {@code --json} and {@code --verbose},
 * and the mapping of failures to a one-line message and an exit code (see {@link CliException}). Subclasses
 * implement {@link #execute()}.
 */
abstract class ApiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print the server's JSON answer as it is.")
    boolean json;

    @Option(names = "--verbose", description = "On failure, also print the stack trace to stderr.")
    boolean verbose;

    private ApiClient client;

    /** Runs the command; returns the exit code. */
    abstract int execute();

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (ParameterException e) {
            throw e; // picocli prints it with the usage, exit code 2
        } catch (CliException e) {
            return fail(e.getMessage(), e, e.exitCode());
        } catch (UncheckedIOException e) {
            return fail(e.getMessage(), e, CliException.FAILED);
        } catch (RuntimeException e) {
            return fail("unexpected error: " + e, e, CliException.FAILED);
        } finally {
            out().flush();
            if (client != null) {
                client.close();
            }
        }
    }

    private int fail(String message, Exception e, int exitCode) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("hallmark: " + message);
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    /** The client for the server, with the caller's token (required). */
    ApiClient client() {
        if (client == null) {
            client = new ApiClient(connection.resolve(env(), true));
        }
        return client;
    }

    /** The client for a public endpoint: the token is sent when one is configured, but none is required. */
    ApiClient publicClient() {
        if (client == null) {
            client = new ApiClient(connection.resolve(env(), false));
        }
        return client;
    }

    Map<String, String> env() {
        return spec.root().userObject() instanceof Main main ? main.env() : System.getenv();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Prints an answer's body as received. */
    void printRaw(String body) {
        out().print(body);
        if (!body.endsWith("\n")) {
            out().println();
        }
    }

    /** Prints a single-record answer: raw with --json, else as details. */
    void printOne(ApiClient.Answer answer, Table table) {
        if (json) {
            printRaw(answer.body());
        } else {
            table.printDetails(out(), Json.read(answer.body()));
        }
    }

    /** Query parameters from name/value pairs; null values are left out. */
    static Map<String, Object> params(Object... nameValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], nameValues[i + 1]);
        }
        return m;
    }

    /** One page, or all pages with --all, of a list; printed as a table or as JSON. */
    void printList(String path, Map<String, Object> params, PageOptions paging, Table table) {
        if (paging.limit != null && paging.limit < 1) {
            throw usage("--limit: " + paging.limit + " (expected: at least 1)");
        }
        Map<String, Object> q = new LinkedHashMap<>(params);
        q.put("cursor", paging.cursor);
        q.put("limit", paging.limit);
        ApiClient.Answer first = client().get(ApiClient.query(path, q));
        JsonNode page = Json.read(first.body());
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        String next = nextCursor(page);
        if (paging.all) {
            Set<String> seen = new HashSet<>();
            while (next != null) {
                if (!seen.add(next)) {
                    throw CliException.failed("the server repeated the cursor " + next + "; stopped");
                }
                q.put("cursor", next);
                page = Json.read(client().get(ApiClient.query(path, q)).body());
                page.path("items").forEach(items::add);
                next = nextCursor(page);
            }
        }
        if (json) {
            if (paging.all) {
                ObjectNode all = Json.object();
                ArrayNode array = all.putArray("items");
                items.forEach(array::add);
                all.putNull("nextCursor");
                printRaw(all.toString());
            } else {
                printRaw(first.body());
            }
            return;
        }
        table.printRows(out(), items);
        if (next != null) {
            out().println("(more: --cursor " + next + ", or --all)");
        }
    }

    private static String nextCursor(JsonNode page) {
        JsonNode n = page.get("nextCursor");
        return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }
}
