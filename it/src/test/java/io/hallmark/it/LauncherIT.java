package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands through the real launcher script: {@code ./hallmark demo} starts the platform with its
 * example organizations and stops on Ctrl-C; the launcher finds a new enough JDK by itself. ({@code ./hallmark test}
 * is what CI runs on a clean clone.)
 */
class LauncherIT {
    private static final Path REPO =
            Path.of(System.getProperty("hallmark.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static ProcessBuilder launcher(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(REPO.resolve("hallmark").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true);
        // the build of this very run made the jars: do not rebuild from inside the test
        pb.environment().put("HALLMARK_SKIP_BUILD", "1");
        pb.environment().putAll(env);
        return pb;
    }

    private static String run(Process p, int seconds) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("finished").isTrue();
        return out;
    }

    @Test
    void launcherFindsANewEnoughJdkWhenJavaHomeIsTooOld() throws Exception {
        Path old = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        Assumptions.assumeTrue(Files.isDirectory(old), "no JDK 17 here to pose as the old JAVA_HOME");
        Process p = launcher(Map.of("JAVA_HOME", old.toString()), "--version").start();
        String out = run(p, 60);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("hallmark");
    }

    @Test
    void unknownCommandIsAUsageError() throws Exception {
        Process p = launcher(Map.of(), "no-such-command").start();
        String out = run(p, 60);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
    }

    @Test
    void demoTellsTheStoryOfItsSimulatedFleetThroughTheRealApi() throws Exception {
        int devicePort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            devicePort = free.getLocalPort();
        }
        Process p = launcher(
                        Map.of(),
                        "demo",
                        "--seed-only",
                        "--data",
                        dir.toString(),
                        "--api-port",
                        "0",
                        "--device-port",
                        Integer.toString(devicePort),
                        "--mqtt-port",
                        "0",
                        "--pki-http-port",
                        "0")
                .start();
        String out = run(p, 240);

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("four sold to Northwind and enrolled over EST, CAM-0001 quarantined")
                .contains("[demo] attestation: CAM-0002 affirming, CAM-0003 affirming, CAM-0004 contraindicated")
                .contains("[demo] release: cam-fw 2.0.0 published as a security release")
                .contains("[demo] rollout: rollout rol_")
                .contains("[demo] trust label: level 1 issued")
                .contains("the exposure lists 1 advisory affecting")
                .doesNotContain("not done");
    }

    @Test
    void demoShowsExampleOrganizationsAndStopsOnCtrlC() throws Exception {
        Process p = launcher(
                        Map.of(),
                        "demo",
                        "--data",
                        dir.toString(),
                        "--api-port",
                        "0",
                        "--device-port",
                        "0",
                        "--mqtt-port",
                        "0",
                        "--pki-http-port",
                        "0")
                .start();
        try {
            List<String> lines = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String line;
            while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("Stop with Ctrl-C")) {
                    break;
                }
            }
            String out = String.join("\n", lines);
            assertThat(out).contains("Hallmark is ready", "Acme Devices", "Northwind Facilities", "security-officer");
            String url = Files.readString(dir.resolve("api.url")).strip();
            Process curl = new ProcessBuilder(
                            "curl",
                            "-sS",
                            "--cacert",
                            dir.resolve("trust/platform-ca.pem").toString(),
                            url + "/healthz")
                    .redirectErrorStream(true)
                    .start();
            assertThat(run(curl, 30)).contains("\"ok\"");
            assertThat(Files.readString(dir.resolve("demo-tokens/oscar.token"))).startsWith("hm1.");

            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
            // drain the rest so the process is not blocked on a full pipe, without waiting on it for ever
            Thread drain = new Thread(() -> {
                try {
                    while (r.readLine() != null) {
                        // the log of the shutdown
                    }
                } catch (java.io.IOException e) {
                    // the process is gone
                }
            });
            drain.setDaemon(true);
            drain.start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS))
                    .as("stopped after Ctrl-C (a JVM started with SIGINT ignored, as by a background shell job,"
                            + " cannot see Ctrl-C)")
                    .isTrue();
            assertThat(p.exitValue()).isIn(0, 130);
        } finally {
            p.destroyForcibly();
        }
    }
}
