package io.hallmark.server.vuln;

import io.hallmark.core.UntrustedInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A package URL (purl specification, "package-url/purl-spec": {@code pkg:type/namespace/name@version?qualifiers#subpath}),
 * parsed for matching: type, namespace, name and version, percent-decoded; qualifiers and subpath are dropped.
 *
 * @param type the package type, lowercase ({@code npm}, {@code maven}, {@code pypi}, {@code golang}, ...)
 * @param namespace the namespace, or empty
 * @param name the name
 * @param version the version, or empty
 */
public record Purl(String type, String namespace, String name, String version) {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9.+-]*");

    /** Parses a purl, or {@link UntrustedInputException}. */
    public static Purl parse(String s) {
        if (s.length() > 2048 || !s.startsWith("pkg:")) {
            throw new UntrustedInputException("purl: not a package URL (expected: pkg:type/name@version)");
        }
        String rest = s.substring(4);
        int hash = rest.indexOf('#');
        rest = hash < 0 ? rest : rest.substring(0, hash);
        int q = rest.indexOf('?');
        rest = q < 0 ? rest : rest.substring(0, q);
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        String version = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0 && at > rest.lastIndexOf('/')) {
            version = decode(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw new UntrustedInputException("purl: no name");
        }
        String type = rest.substring(0, slash).toLowerCase(Locale.ROOT);
        if (!TYPE.matcher(type).matches()) {
            throw new UntrustedInputException("purl: bad type");
        }
        String path = rest.substring(slash + 1);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        int last = path.lastIndexOf('/');
        String name = decode(path.substring(last + 1));
        String namespace = last < 0 ? "" : decodeSegments(path.substring(0, last));
        if (name.isEmpty()) {
            throw new UntrustedInputException("purl: no name");
        }
        return new Purl(type, namespace, name, version);
    }

    /**
     * The OSV ecosystem and package name this purl denotes, for the types whose mapping is plain (OSV schema
     * "Affected package" ecosystems): npm, Maven, PyPI, Go, crates.io, RubyGems, NuGet, Packagist, Hex, Pub.
     */
    public Optional<String[]> osvPackage() {
        String ns = namespace;
        return Optional.ofNullable(
                switch (type) {
                    case "npm" -> new String[] {"npm", ns.isEmpty() ? name : ns + "/" + name};
                    case "maven" -> new String[] {"Maven", ns + ":" + name};
                    case "pypi" -> new String[] {"PyPI", pypiName(name)};
                    case "golang" -> new String[] {"Go", ns.isEmpty() ? name : ns + "/" + name};
                    case "cargo" -> new String[] {"crates.io", name};
                    case "gem" -> new String[] {"RubyGems", name};
                    case "nuget" -> new String[] {"NuGet", name};
                    case "composer" -> new String[] {"Packagist", ns.isEmpty() ? name : ns + "/" + name};
                    case "hex" -> new String[] {"Hex", name};
                    case "pub" -> new String[] {"Pub", name};
                    default -> null;
                });
    }

    /** PEP 503 name normalisation: lowercase, runs of {@code -_.} become one {@code -}. */
    static String pypiName(String n) {
        return n.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    private static String decodeSegments(String s) {
        StringBuilder b = new StringBuilder();
        for (String seg : s.split("/")) {
            if (!seg.isEmpty()) {
                b.append(b.isEmpty() ? "" : "/").append(decode(seg));
            }
        }
        return b.toString();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UntrustedInputException("purl: bad percent-encoding");
        }
    }
}
