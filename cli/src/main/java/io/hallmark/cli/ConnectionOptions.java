package io.hallmark.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The connection options of every command that calls the server.
 *
 * <p>Each of URL, token file and CA file is taken from the first place that has it:
 *
 * <ol>
 *   <li>its explicit flag ({@code --url}, {@code --token-file}, {@code --ca-file});
 *   <li>the data directory given with {@code --data}: {@code api.url}, {@code admin.token},
 *       {@code trust/platform-ca.pem};
 *   <li>its environment variable ({@code HALLMARK_URL}, {@code HALLMARK_TOKEN_FILE}, {@code HALLMARK_CA});
 *   <li>the data directory named by {@code HALLMARK_DATA}.
 * </ol>
 *
 * Without a CA file the JDK's default trust store is used.
 */
final class ConnectionOptions {
    static final String ENV_URL = "HALLMARK_URL";
    static final String ENV_TOKEN_FILE = "HALLMARK_TOKEN_FILE";
    static final String ENV_CA = "HALLMARK_CA";
    static final String ENV_DATA = "HALLMARK_DATA";
    static final String DATA_URL = "api.url";
    static final String DATA_TOKEN = "admin.token";
    static final String DATA_CA = "trust/platform-ca.pem";

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The server, e.g. https://127.0.0.1:8443 (default: from --data, or $" + ENV_URL + ").")
    String url;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "A file holding the API token (default: from --data, or $" + ENV_TOKEN_FILE + ").")
    Path tokenFile;

    @Option(
            names = "--ca-file",
            paramLabel = "PEM",
            description = "The CA certificate(s) to trust for TLS (default: from --data, or $" + ENV_CA
                    + ", else the JDK's trust store).")
    Path caFile;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "A platform data directory: reads " + DATA_URL + ", " + DATA_TOKEN + " and " + DATA_CA
                    + " from it (default: $" + ENV_DATA + ").")
    Path data;

    /**
     * Resolves the connection.
     *
     * @param env the environment variables
     * @param tokenRequired whether a missing token is an error (false for public endpoints)
     * @throws CliException (exit 2) when no URL, or no token while one is required, can be found, or a named file
     *     cannot be read
     */
    Connection resolve(Map<String, String> env, boolean tokenRequired) {
        Optional<Path> envData =
                Optional.ofNullable(env.get(ENV_DATA)).filter(s -> !s.isBlank()).map(Path::of);
        Optional<Path> flagData = Optional.ofNullable(data);

        String urlText = Optional.ofNullable(url)
                .or(() -> flagData.flatMap(d -> existing(d.resolve(DATA_URL))).map(ConnectionOptions::firstLine))
                .or(() -> Optional.ofNullable(env.get(ENV_URL)).filter(s -> !s.isBlank()))
                .or(() -> envData.flatMap(d -> existing(d.resolve(DATA_URL))).map(ConnectionOptions::firstLine))
                .orElseThrow(() -> CliException.badInput("no server given: use --url or --data DIR, or set " + ENV_URL
                        + " or " + ENV_DATA + dataHint(flagData.or(() -> envData), DATA_URL)));

        Optional<Path> token = pick(tokenFile, flagData, DATA_TOKEN, env.get(ENV_TOKEN_FILE), envData);
        if (token.isEmpty() && tokenRequired) {
            throw CliException.badInput("no API token given: use --token-file FILE or --data DIR, or set "
                    + ENV_TOKEN_FILE + " or " + ENV_DATA + dataHint(flagData.or(() -> envData), DATA_TOKEN));
        }
        Optional<Path> ca = pick(caFile, flagData, DATA_CA, env.get(ENV_CA), envData);
        return new Connection(parseUrl(urlText), token.map(ConnectionOptions::readToken), ca);
    }

    private static Optional<Path> pick(
            Path flag, Optional<Path> flagData, String name, String env, Optional<Path> envData) {
        return Optional.ofNullable(flag)
                .or(() -> flagData.flatMap(d -> existing(d.resolve(name))))
                .or(() -> Optional.ofNullable(env).filter(s -> !s.isBlank()).map(Path::of))
                .or(() -> envData.flatMap(d -> existing(d.resolve(name))));
    }

    private static Optional<Path> existing(Path p) {
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    private static String dataHint(Optional<Path> dataDir, String name) {
        return dataDir.map(d -> " (" + d.resolve(name) + " does not exist: is the server running on this data?)")
                .orElse("");
    }

    private static String firstLine(Path file) {
        String text = read(file, "URL file").strip();
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }

    private static String readToken(Path file) {
        String token = read(file, "token file").strip();
        if (token.isEmpty()) {
            throw CliException.badInput("token file " + file + " is empty");
        }
        return token;
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.badInput(what + " " + file + " does not exist", e);
        } catch (IOException e) {
            throw CliException.badInput(what + " " + file + " cannot be read (" + e + ")", e);
        }
    }

    static URI parseUrl(String text) {
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw CliException.badInput("server URL: " + text + " (expected: https://HOST:PORT)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliException.badInput("server URL: " + text + " (expected: https://HOST:PORT)", e);
        }
    }
}
