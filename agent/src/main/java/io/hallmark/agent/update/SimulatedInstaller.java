package io.hallmark.agent.update;

import io.hallmark.core.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * A simulated A/B installer: two slots under a directory, one active. An image is written to the inactive slot, a
 * self-test runs on it, and only when it passes does the inactive slot become active; otherwise the device stays on
 * (falls back to) the previous slot. The firmware version never goes down.
 *
 * <p>Files: {@code slot-a.img}, {@code slot-b.img}, {@code slots.properties} ({@code active}, {@code a.version},
 * {@code b.version}); each replaced atomically.
 */
public final class SimulatedInstaller implements Installer {
    private final Path dir;
    private final Predicate<byte[]> selfTest;

    /**
     * An installer over {@code dir}, starting (when empty) with slot A running {@code factoryVersion}.
     *
     * @param selfTest runs on a written image: true when the device would boot and work with it
     */
    public SimulatedInstaller(Path dir, String factoryVersion, Predicate<byte[]> selfTest) {
        this.dir = Checks.notNull(dir, "dir");
        this.selfTest = Checks.notNull(selfTest, "selfTest");
        Checks.notBlank(factoryVersion, "factoryVersion");
        if (!Files.exists(dir.resolve("slots.properties"))) {
            Properties p = new Properties();
            p.setProperty("active", "a");
            p.setProperty("a.version", factoryVersion);
            write(p);
        }
    }

    /** The active slot, {@code a} or {@code b}. */
    public String activeSlot() {
        return read().getProperty("active");
    }

    @Override
    public String currentVersion() {
        Properties p = read();
        return p.getProperty(p.getProperty("active") + ".version");
    }

    @Override
    public synchronized InstallResult install(String version, byte[] image) {
        Properties p = read();
        String active = p.getProperty("active");
        String running = p.getProperty(active + ".version");
        if (Versions.compare(version, running) <= 0) {
            return new InstallResult(false, running, "version " + version + " is not newer than " + running);
        }
        String inactive = active.equals("a") ? "b" : "a";
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".slot-", ".tmp");
            Files.write(tmp, image);
            move(tmp, dir.resolve("slot-" + inactive + ".img"));
            byte[] written = Files.readAllBytes(dir.resolve("slot-" + inactive + ".img"));
            if (!selfTest.test(written)) {
                return new InstallResult(
                        false,
                        running,
                        "self-test of " + version + " failed: stayed on slot " + active + " (" + running + ")");
            }
        } catch (IOException e) {
            return new InstallResult(false, running, "writing slot " + inactive + " failed: " + e.getMessage());
        }
        p.setProperty(inactive + ".version", version);
        p.setProperty("active", inactive);
        write(p);
        return new InstallResult(true, version, "");
    }

    private Properties read() {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("slots.properties"), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private void write(Properties p) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".slots-", ".tmp");
            try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, "A/B slots");
            }
            move(tmp, dir.resolve("slots.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
