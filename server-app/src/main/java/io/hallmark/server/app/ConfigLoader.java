package io.hallmark.server.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hallmark.core.Checks;
import io.hallmark.server.fleetaudit.FleetAuditSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link ServerConfig} from, in rising precedence: defaults, a YAML file, {@code HALLMARK_*} environment
 * variables and flags. Keys are the flag names ({@code api-port}); nested YAML keys join with a dot
 * ({@code audit.checkpoint-seconds}); the environment variable of a key is {@code HALLMARK_} and the key in upper
 * case with '-' and '.' as '_' ({@code HALLMARK_AUDIT_CHECKPOINT_SECONDS}). An unknown key in the file fails start-up
 * naming the key.
 */
public final class ConfigLoader {
    /** Every key, with its default ("" for none). */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("data", "./data");
        DEFAULTS.put("bind", "127.0.0.1");
        DEFAULTS.put("api-port", "8443");
        DEFAULTS.put("device-port", "8444");
        DEFAULTS.put("mqtt-port", "8883");
        DEFAULTS.put("pki-http-port", "8080");
        DEFAULTS.put("db", "");
        DEFAULTS.put("db-user", "");
        DEFAULTS.put("db-password", "");
        DEFAULTS.put("tls-names", "");
        DEFAULTS.put("max-body-bytes", "65536");
        DEFAULTS.put("pki.public-url", "http://127.0.0.1:8080");
        DEFAULTS.put("vault.pkcs11-library", "");
        DEFAULTS.put("vault.pkcs11-slot", "0");
        DEFAULTS.put("vault.pkcs11-pin-file", "");
        DEFAULTS.put("audit.checkpoint-entries", "1000");
        DEFAULTS.put("audit.checkpoint-seconds", "60");
        DEFAULTS.put("audit.witness-file", "");
        DEFAULTS.put("audit.witness-url", "");
        DEFAULTS.put("fleet-audit.interval-hours", "24");
        DEFAULTS.put("fleet-audit.max-admins", "3");
        DEFAULTS.put("fleet-audit.firmware-behind-days", "30");
        DEFAULTS.put("fleet-audit.weak-key-blocklist", "");
        DEFAULTS.put("mqtt.broker-url", "");
        DEFAULTS.put("mqtt.ca-file", "");
        DEFAULTS.put("mqtt.cert-file", "");
        DEFAULTS.put("mqtt.key-file", "");
        DEFAULTS.put("mqtt.client-id", "hallmark");
        DEFAULTS.put("mqtt.queue-size", "10000");
        DEFAULTS.put("telemetry.intake-burst", "20");
        DEFAULTS.put("telemetry.intake-per-second", "2");
    }

    private ConfigLoader() {}

    private static FleetAuditSettings fleetAudit(Map<String, String> values) {
        long hours = number(values, "fleet-audit.interval-hours");
        Checks.inRange(hours, 1, 24L * 366, "fleet-audit.interval-hours");
        return FleetAuditSettings.defaults()
                .withInterval(Duration.ofHours(hours))
                .withMaxAdmins(integer(values, "fleet-audit.max-admins"))
                .withFirmwareBehindAfter(Duration.ofDays(firmwareBehindDays(values)))
                .withWeakKeyBlocklist(weakKeyBlocklist(values));
    }

    /** The directory of openssl-blacklist files, which must exist when set (its lines are read at start). */
    private static Optional<Path> weakKeyBlocklist(Map<String, String> values) {
        Optional<Path> dir = optional(values, "fleet-audit.weak-key-blocklist").map(Path::of);
        if (dir.isPresent() && !Files.isDirectory(dir.get())) {
            throw new ConfigException("fleet-audit.weak-key-blocklist: " + dir.get()
                    + " (expected: a directory of blacklist.RSA-<bits>" + " files)");
        }
        return dir;
    }

    private static long firmwareBehindDays(Map<String, String> values) {
        long days = number(values, "fleet-audit.firmware-behind-days");
        Checks.inRange(days, 1, 3660, "fleet-audit.firmware-behind-days");
        return days;
    }

    /** A configuration problem a person must fix; the message names the key. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConfigException(String message) {
            super(message);
        }
    }

    /** The environment variable that mirrors {@code key}. */
    public static String envName(String key) {
        return "HALLMARK_" + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /**
     * Loads the configuration.
     *
     * @param file the YAML file, if any (flag {@code --config} or {@code HALLMARK_CONFIG})
     * @param env the process environment
     * @param flags the flags given on the command line, by key
     */
    public static ServerConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        if (file.isPresent()) {
            values.putAll(readYaml(file.get()));
        }
        for (String key : DEFAULTS.keySet()) {
            String v = env.get(envName(key));
            if (v != null && !v.isEmpty()) {
                values.put(key, v);
            }
        }
        for (Map.Entry<String, String> f : flags.entrySet()) {
            if (!DEFAULTS.containsKey(f.getKey())) {
                throw new ConfigException("unknown setting '" + f.getKey() + "'");
            }
            if (f.getValue() != null) {
                values.put(f.getKey(), f.getValue());
            }
        }
        try {
            return new ServerConfig(
                    Path.of(values.get("data")),
                    values.get("bind"),
                    integer(values, "api-port"),
                    port(values, "device-port"),
                    port(values, "mqtt-port"),
                    port(values, "pki-http-port"),
                    optional(values, "db"),
                    optional(values, "db-user"),
                    optional(values, "db-password"),
                    list(values.get("tls-names")),
                    number(values, "max-body-bytes"),
                    number(values, "audit.checkpoint-entries"),
                    number(values, "audit.checkpoint-seconds"),
                    optional(values, "audit.witness-file").map(Path::of),
                    optional(values, "audit.witness-url").map(ConfigLoader::uri),
                    uri(values.get("pki.public-url")),
                    optional(values, "vault.pkcs11-library").map(Path::of),
                    integer(values, "vault.pkcs11-slot"),
                    optional(values, "vault.pkcs11-pin-file").map(Path::of),
                    fleetAudit(values),
                    new ServerConfig.Mqtt(
                            optional(values, "mqtt.broker-url").map(ConfigLoader::uri),
                            optional(values, "mqtt.ca-file").map(Path::of),
                            optional(values, "mqtt.cert-file").map(Path::of),
                            optional(values, "mqtt.key-file").map(Path::of),
                            values.get("mqtt.client-id").strip(),
                            integer(values, "mqtt.queue-size")),
                    new io.hallmark.server.behaviour.TelemetryService.IntakeLimit(
                            integer(values, "telemetry.intake-burst"), decimal(values, "telemetry.intake-per-second")));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Reads the file's keys, flattened with dots; fails on unknown keys and on non-scalar values. */
    static Map<String, String> readYaml(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + file + ": expected a mapping of settings");
        }
        flatten("", root, out, file);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                if (DEFAULTS.keySet().stream().noneMatch(k -> k.startsWith(key + "."))) {
                    throw new ConfigException("config file " + file + ": unknown key '" + key + "'");
                }
                flatten(key + ".", v, out, file);
                continue;
            }
            if (!DEFAULTS.containsKey(key)) {
                throw new ConfigException("config file " + file + ": unknown key '" + key + "'");
            }
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(x -> items.add(x.asText()));
                out.put(key, String.join(",", items));
            } else if (v.isNull()) {
                out.put(key, "");
            } else {
                out.put(key, v.asText());
            }
        }
    }

    private static int integer(Map<String, String> v, String key) {
        try {
            return Integer.parseInt(v.get(key).strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + v.get(key) + "' (expected: an integer)");
        }
    }

    private static int port(Map<String, String> v, String key) {
        // 0 turns a device, MQTT or PKI listener off, as documented for the flags
        int p = integer(v, key);
        return p == 0 ? -1 : p;
    }

    private static long number(Map<String, String> v, String key) {
        try {
            return Long.parseLong(v.get(key).strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + v.get(key) + "' (expected: an integer)");
        }
    }

    private static double decimal(Map<String, String> v, String key) {
        try {
            return Double.parseDouble(v.get(key).strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + v.get(key) + "' (expected: a number)");
        }
    }

    private static Optional<String> optional(Map<String, String> v, String key) {
        String s = v.get(key);
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }

    private static List<String> list(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.split(","))
                .map(String::strip)
                .filter(x -> !x.isEmpty())
                .toList();
    }

    private static URI uri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new ConfigException("'" + s + "' is not a URL");
        }
    }
}
