package io.hallmark.agent;

import io.hallmark.protocol.attestation.DebugStatus;
import io.hallmark.protocol.attestation.Measurement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent measures and reports in its evidence: the (simulated) images of its components, measured with
 * SHA-256, the software name and version, the debug status and the boot state ({@code docs/protocol/attestation.md}).
 *
 * @param images component name to the bytes of its image, in measuring order
 * @param hwmodel the product model, if known
 */
public record Firmware(
        Map<String, byte[]> images,
        Optional<String> hwmodel,
        String swname,
        String swversion,
        DebugStatus dbgstat,
        boolean oemboot) {
    /** Copies the map, keeping its order. */
    public Firmware {
        images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }

    /**
     * The simulated firmware of a device: bootloader, kernel and application images derived from the version, debug
     * permanently disabled, a verified boot.
     */
    public static Firmware simulated(String swname, String swversion, Optional<String> hwmodel) {
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (String component : List.of("bootloader", "kernel", "application")) {
            images.put(component, image(swname, swversion, component));
        }
        return new Firmware(images, hwmodel, swname, swversion, DebugStatus.DISABLED_PERMANENTLY, true);
    }

    /** The image bytes of a simulated component. */
    public static byte[] image(String swname, String swversion, String component) {
        return (swname + " " + swversion + " " + component + " image").getBytes(StandardCharsets.UTF_8);
    }

    /** This firmware with {@code component}'s image changed (a tampered device). */
    public Firmware tampered(String component) {
        Map<String, byte[]> changed = new LinkedHashMap<>(images);
        changed.put(component, (component + " with an implant").getBytes(StandardCharsets.UTF_8));
        return new Firmware(changed, hwmodel, swname, swversion, dbgstat, oemboot);
    }

    /** This firmware with debug enabled. */
    public Firmware withDebug(DebugStatus status) {
        return new Firmware(images, hwmodel, swname, swversion, status, oemboot);
    }

    /** The measurements (RFC 9711 §4.2.16): SHA-256 of each image. */
    public List<Measurement> measure() {
        List<Measurement> out = new ArrayList<>();
        images.forEach((name, bytes) -> out.add(new Measurement(name, "sha-256", sha256(bytes))));
        return out;
    }

    /** The reference values of this firmware, {@code sha-256:hex} per component, as a manufacturer publishes them. */
    public Map<String, String> referenceValues() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Measurement m : measure()) {
            out.put(m.component(), "sha-256:" + m.hex());
        }
        return out;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
