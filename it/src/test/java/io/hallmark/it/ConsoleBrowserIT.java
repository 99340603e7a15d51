package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.agent.Agent;
import io.hallmark.agent.TelemetryClient;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.FakeClock;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real headless Chromium driven by Selenium WebDriver: sign in, find a device, see its
 * state change live when it is quarantined elsewhere, release and quarantine it with a reason, find the audit entry,
 * sign out. Screenshots of each page go to {@code docs/console/}. Skipped when Debian's {@code chromium} and {@code
 * chromium-driver} are not installed (the test script installs them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;

    private TestServer server;
    private WebDriver driver;
    private WebDriverWait wait;
    private String serial;
    private String owner;

    @BeforeAll
    void start() throws Exception {
        Optional<Path> chromium = onPath("chromium");
        Optional<Path> chromedriver = onPath("chromedriver");
        Assumptions.assumeTrue(
                chromium.isPresent() && chromedriver.isPresent(),
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver):"
                        + " browser tests skipped");
        server = TestServer.givenServer(Store.H2);
        owner = server.givenOrganization("Browser Owner", "owner");
        ConsoleHttpIT.givenPasswordUser(server, owner, "ops", "security-officer");
        ConsoleHttpIT.givenPasswordUser(server, owner, "ann", "auditor");
        serial = "CB-7001";
        Api.Response added =
                server.api().post("/api/v1/devices", server.adminToken(), Map.of("org", owner, "serial", serial));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        Agent.builder()
                .stateDirectory(tmp.resolve("agent"))
                .server(URI.create(
                        "https://127.0.0.1:" + server.server().devicePort().orElseThrow()))
                .trustAnchor(server.dataDir().resolve("trust/platform-ca.pem"))
                .serial(serial)
                .clock(FakeClock.atNow())
                .maxAttempts(3)
                .timeout(Duration.ofSeconds(10))
                .sleeper(w -> {
                    throw new AssertionError("no wait expected");
                })
                .build()
                .enroll(added.json().get("enrollmentSecret").asText());
        // one report with telnet listening: a high behaviour alert (behaviour.listen.telnet) in a device incident
        String report = "{\"v\":1,\"dev\":\"" + serial + "\",\"seq\":1,\"t\":1795000000,\"dur\":60,\"bo\":900,"
                + "\"bi\":400,\"po\":12,\"pi\":9,\"ca\":2,\"ce\":2,\"dst\":[{\"h\":\"api.example.com\",\"p\":443,"
                + "\"pr\":\"tcp\",\"n\":1}],\"lsn\":[{\"p\":23,\"pr\":\"tcp\"}],\"af\":0,\"cpu\":3,\"mem\":4096,"
                + "\"fw\":\"2.0.1\",\"up\":600,\"ev\":[]}";
        int sent = TelemetryClient.open(
                        tmp.resolve("agent"),
                        URI.create("https://127.0.0.1:"
                                + server.server().devicePort().orElseThrow()),
                        server.dataDir().resolve("trust/platform-ca.pem"),
                        Duration.ofSeconds(10))
                .send(report.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(sent).isEqualTo(202);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,900",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        // the server's certificate is issued by the platform CA, which this throw-away profile does not know
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver.get().toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, WAIT);
        // a form that submits replaces the document; Chromium may then answer a lookup that raced the navigation
        // with an inspector error ("Node with given id does not belong to the document"): look again until the wait
        // ends
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
    }

    /** Each test starts signed out, whatever the one before it left behind. */
    @org.junit.jupiter.api.BeforeEach
    void signedOut() {
        driver.manage().deleteAllCookies();
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void operatorFindsADeviceSeesItQuarantinedLiveActsWithAReasonAndSignsOut() throws Exception {
        driver.get(server.url() + "/login");
        shot("login");
        driver.findElement(By.id("username")).sendKeys("ops");
        driver.findElement(By.id("password")).sendKeys(ConsoleHttpIT.PASSWORD);
        driver.findElement(By.cssSelector("form.login button")).click();
        wait.until(ExpectedConditions.titleContains("Fleet"));
        // the charts state their numbers for screen readers: the device added and its telnet alert, both today
        assertThat(driver.findElement(By.cssSelector("#chart-added desc")).getAttribute("textContent"))
                .contains("1 in all (added 1)");
        assertThat(driver.findElement(By.cssSelector("#chart-alerts desc")).getAttribute("textContent"))
                .contains("(alerts 1)");
        shot("fleet");

        driver.findElement(By.linkText("Devices")).click();
        wait.until(ExpectedConditions.titleContains("Devices"));
        // htmx replaces only the results: a mark on the page survives the search, and the address follows
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.hallmarkMark = 1;");
        driver.findElement(By.id("q")).sendKeys(serial);
        driver.findElement(By.cssSelector("form.filters button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText(serial)));
        wait.until(ExpectedConditions.urlContains("q=" + serial));
        assertThat(((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return window.hallmarkMark"))
                .as("no full reload")
                .isEqualTo(1L);
        // the filters: the device reported firmware 2.0.1 in its telemetry and never attested (integrity unknown)
        driver.findElement(By.id("q")).clear();
        driver.findElement(By.id("firmware")).sendKeys("2.0.1");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("integrity"))).selectByValue("unknown");
        driver.findElement(By.cssSelector("form.filters button")).click();
        wait.until(ExpectedConditions.urlContains("firmware=2.0.1"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText(serial)));
        assertThat(driver.getCurrentUrl()).contains("integrity=unknown");
        shot("devices");
        driver.findElement(By.id("firmware")).clear();
        driver.findElement(By.id("firmware")).sendKeys("9.9.9");
        driver.findElement(By.cssSelector("form.filters button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), "No devices match"));
        // without JavaScript the same filter is a plain GET
        driver.get(server.url() + "/devices?firmware=2.0.1&integrity=affirming");
        assertThat(driver.findElement(By.id("results")).getText()).contains("No devices match");
        driver.get(server.url() + "/devices?firmware=2.0.1&state=active");
        assertThat(driver.findElement(By.id("results")).getText()).contains(serial);

        driver.findElement(By.linkText(serial)).click();
        wait.until(ExpectedConditions.titleContains("Device " + serial));
        awaitLive();
        // quarantined elsewhere (the API, as a script or the behaviour monitor would): the open page follows
        Api.Response q = server.api()
                .post("/api/v1/devices/" + serial + "/quarantine", server.adminToken(), Map.of("reason", "elsewhere"));
        assertThat(q.status()).as("%s", q).isEqualTo(200);
        wait.until(ExpectedConditions.textToBe(By.id("device-state"), "quarantined"));
        assertThat(driver.findElement(By.id("live-note")).getText()).contains("quarantined");

        driver.navigate().refresh();
        driver.findElement(By.id("reason")).sendKeys("cleared after review");
        driver.findElement(By.id("release")).click();
        wait.until(ExpectedConditions.textToBe(By.id("device-state"), "active"));
        driver.findElement(By.id("reason")).sendKeys("beaconing to 203.0.113.9");
        driver.findElement(By.id("quarantine")).click();
        wait.until(ExpectedConditions.textToBe(By.id("device-state"), "quarantined"));
        assertThat(driver.findElement(By.cssSelector(".timeline")).getText()).contains("beaconing to 203.0.113.9");
        shot("device");

        driver.get(server.url() + "/audit?action=device.quarantine");
        assertThat(driver.findElement(By.cssSelector("main table")).getText())
                .contains("beaconing to 203.0.113.9")
                .contains("elsewhere");
        driver.findElement(By.cssSelector("form[action='/audit/verify'] button"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verification"), "no finding"));
        shot("audit");

        driver.get(server.url() + "/alerts");
        wait.until(ExpectedConditions.titleContains("Alerts"));
        assertThat(driver.findElement(By.id("alerts-table")).getText()).contains("behaviour.listen.telnet");
        driver.findElement(By.cssSelector("#alerts-table input[name=note]"))
                .sendKeys("telnet left on by the installer");
        driver.findElement(By.cssSelector("#alerts-table button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alerts-table"), "acknowledged"));
        // suppress the finding on this device for 30 days, with a reason: listed in force, audited
        driver.findElement(By.cssSelector("#alerts-table form.suppress input[name=reason]"))
                .sendKeys("telnet kept for the installer until the next firmware");
        new org.openqa.selenium.support.ui.Select(
                        driver.findElement(By.cssSelector("#alerts-table form.suppress select[name=days]")))
                .selectByValue("30");
        driver.findElement(By.cssSelector("#alerts-table form.suppress button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("suppressions-table")));
        assertThat(driver.findElement(By.id("suppressions-table")).getText())
                .contains("behaviour.listen.telnet")
                .contains("device")
                .contains("telnet kept for the installer");
        assertThat(server.api()
                        .get("/api/v1/audit/entries?action=alert.suppress", server.adminToken())
                        .body())
                .contains("alert.suppress");
        shot("alerts");

        driver.findElement(By.cssSelector("form.signout button")).click();
        wait.until(ExpectedConditions.urlContains("signed=out"));
        assertThat(driver.findElement(By.cssSelector(".notice")).getText()).isEqualTo("You are signed out.");
        driver.get(server.url() + "/devices");
        wait.until(ExpectedConditions.titleContains("Sign in"));
        assertThat(server.api()
                        .get("/api/v1/audit/entries?action=console.logout", server.adminToken())
                        .body())
                .contains("console.logout");
    }

    @Test
    void anAuditorSeesNoSuppressActionAndIsRefusedWhenForcingIt() {
        String alert = server.api()
                .get("/api/v1/alerts?org=" + owner, server.adminToken())
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asText();
        driver.get(server.url() + "/login");
        driver.findElement(By.id("username")).sendKeys("ann");
        driver.findElement(By.id("password")).sendKeys(ConsoleHttpIT.PASSWORD);
        driver.findElement(By.cssSelector("form.login button")).click();
        wait.until(ExpectedConditions.titleContains("Fleet"));
        driver.get(server.url() + "/alerts");
        wait.until(ExpectedConditions.titleContains("Alerts"));
        assertThat(driver.findElements(By.cssSelector("form.suppress"))).isEmpty();
        // forced: the same form post with the session's own CSRF token
        Object status = ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "const body = new URLSearchParams({csrf:"
                                + " document.querySelector('input[name=csrf]').value, reason: 'forcing it', days: '7'});"
                                + "fetch('/alerts/' + arguments[0] + '/suppress', {method: 'POST', body: body,"
                                + " redirect: 'manual'}).then(r => done(r.status));",
                        alert);
        assertThat(status).isEqualTo(403L);
        assertThat(server.api()
                        .get("/api/v1/audit/entries?action=access.denied", server.adminToken())
                        .body())
                .contains("alert.suppress");
    }

    @Test
    void aUserTurnsOnTwoStepSignInAndThenSignsInWithACodeFromTheirAuthenticator() throws Exception {
        driver.get(server.url() + "/login");
        driver.findElement(By.id("username")).sendKeys("ann");
        driver.findElement(By.id("password")).sendKeys(ConsoleHttpIT.PASSWORD);
        driver.findElement(By.cssSelector("form.login button")).click();
        wait.until(ExpectedConditions.titleContains("Fleet"));
        driver.findElement(By.cssSelector("a.who")).click();
        wait.until(ExpectedConditions.titleContains("Account"));
        assertThat(driver.findElement(By.id("totp-state")).getText()).isEqualTo("off");
        driver.findElement(By.id("password")).sendKeys(ConsoleHttpIT.PASSWORD);
        driver.findElement(By.cssSelector("form[action='/account/totp'] button"))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("totp-secret")));
        String secret = driver.findElement(By.id("totp-secret")).getText();
        assertThat(driver.findElement(By.cssSelector("svg.qr title")).getAttribute("textContent"))
                .contains("QR code");
        shot("account-totp");
        driver.findElement(By.id("code"))
                .sendKeys(TotpCodes.at(secret, server.clock().instant()));
        driver.findElement(By.cssSelector("form[action='/account/totp/confirm'] button"))
                .click();
        wait.until(ExpectedConditions.textToBe(By.id("totp-state"), "on"));
        driver.findElement(By.cssSelector("form.signout button")).click();
        wait.until(ExpectedConditions.urlContains("signed=out"));

        // the confirming code is used up: the authenticator shows the next one half a minute later
        server.clock().advance(Duration.ofSeconds(30));
        driver.findElement(By.id("username")).sendKeys("ann");
        driver.findElement(By.id("password")).sendKeys(ConsoleHttpIT.PASSWORD);
        driver.findElement(By.cssSelector("form.login button")).click();
        wait.until(ExpectedConditions.titleContains("Two-step"));
        shot("login-code");
        driver.findElement(By.id("code"))
                .sendKeys(TotpCodes.at(secret, server.clock().instant()));
        driver.findElement(By.cssSelector("form.login button")).click();
        wait.until(ExpectedConditions.titleContains("Fleet"));
        assertThat(driver.findElement(By.cssSelector("a.who")).getText()).contains("ann");
        driver.findElement(By.cssSelector("form.signout button")).click();
        wait.until(ExpectedConditions.urlContains("signed=out"));
    }

    @Test
    void aManufacturerSeesItsRolloutPausesItAndSeesLabelsTheOrganizationAndTheBreakGlassBanner() throws Exception {
        String org = server.givenOrganization("Browser Maker", "manufacturer", "owner");
        String token = ConsoleHttpIT.givenPasswordUser(server, org, "maker", "admin");
        TestServer.Actor officer = server.givenUser(org, "security-officer");
        Api.Response p = server.api()
                .post(
                        "/api/v1/products",
                        token,
                        Map.of("model", "cam-9", "name", "Cam 9", "supportUntil", "2031-06-30"));
        assertThat(p.status()).as("%s", p).isEqualTo(201);
        String product = p.json().get("id").asText();
        Api.Response label = server.api()
                .post(
                        "/api/v1/labels",
                        token,
                        Map.of(
                                "product",
                                product,
                                "level",
                                "L1",
                                "profile",
                                Files.readString(Path.of("..", "examples", "camera.yaml"))));
        assertThat(label.status()).as("%s", label).isEqualTo(201);
        String labelId = label.json().get("id").asText();
        assertThat(server.api()
                        .post("/api/v1/labels/" + labelId + "/issue", token, Map.of())
                        .status())
                .isEqualTo(200);
        Api.Response added = server.api().post("/api/v1/devices", token, Map.of("serial", "CAM-1", "product", product));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        enroll("CAM-1", added.json().get("enrollmentSecret").asText());
        Api.Response up = server.api()
                .send(
                        "POST",
                        "/api/v1/releases/uploads",
                        token,
                        "cam firmware 2.0".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "application/octet-stream");
        assertThat(up.status()).as("%s", up).isEqualTo(201);
        Api.Response release = server.api()
                .post(
                        "/api/v1/releases",
                        token,
                        Map.of(
                                "product",
                                "cam-9",
                                "version",
                                "2.0.0",
                                "image",
                                up.json().get("sha256").asText(),
                                "imageName",
                                "cam.img"));
        assertThat(release.status()).as("%s", release).isEqualTo(201);
        Api.Response rollout = server.api()
                .post(
                        "/api/v1/rollouts",
                        token,
                        Map.of("release", release.json().get("id").asText(), "waves", java.util.List.of("100%")));
        assertThat(rollout.status()).as("%s", rollout).isEqualTo(201);
        String rolloutId = rollout.json().get("id").asText();

        driver.get(server.url() + "/login");
        driver.findElement(By.id("username")).sendKeys("maker");
        driver.findElement(By.id("password")).sendKeys(ConsoleHttpIT.PASSWORD);
        driver.findElement(By.cssSelector("form.login button")).click();
        wait.until(ExpectedConditions.titleContains("Fleet"));
        driver.findElement(By.linkText("Rollouts")).click();
        wait.until(ExpectedConditions.titleContains("Rollouts"));
        By section = By.id("rollout-" + rolloutId);
        assertThat(driver.findElement(section).getText())
                .contains("running")
                .contains("100%")
                .contains("Failures by reason");
        assertThat(driver.findElement(By.cssSelector("#rollout-" + rolloutId + " svg.bar title"))
                        .getAttribute("textContent"))
                .contains("Installed 0 of 1");
        driver.findElement(By.id("reason-" + rolloutId)).sendKeys("field reports of reboots");
        driver.findElement(By.cssSelector("form[action='/rollouts/" + rolloutId + "/pause'] button"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(section, "paused"));
        assertThat(driver.findElement(section).getText()).contains("field reports of reboots");
        shot("rollouts");
        // the fleet page shows it among the rollouts in progress, with its bar, linking to it
        driver.findElement(By.linkText("Fleet")).click();
        wait.until(ExpectedConditions.titleContains("Fleet"));
        assertThat(driver.findElement(By.id("fleet-rollouts")).getText()).contains("paused");
        assertThat(driver.findElement(By.cssSelector("#fleet-rollouts a")).getAttribute("href"))
                .endsWith("/rollouts#rollout-" + rolloutId);
        assertThat(driver.findElement(By.cssSelector("#fleet-rollouts svg.bar title"))
                        .getAttribute("textContent"))
                .contains("Installed 0 of 1");

        driver.findElement(By.linkText("Products and labels")).click();
        wait.until(ExpectedConditions.titleContains("Products"));
        assertThat(driver.findElement(By.tagName("main")).getText())
                .contains("cam-9")
                .contains(labelId);
        wait.until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return document.querySelector('img.label-image').naturalWidth > 0"));
        shot("products");

        Api.Response glass = server.api()
                .post(
                        "/api/v1/access/break-glass",
                        officer.token(),
                        Map.of("reason", "restore the CA after an outage", "minutes", 30));
        assertThat(glass.status()).as("%s", glass).isEqualTo(201);
        driver.findElement(By.linkText("Organization")).click();
        wait.until(ExpectedConditions.titleContains("Organization"));
        assertThat(driver.findElement(By.id("break-glass-banner")).getText()).contains("Break-glass is active");
        assertThat(driver.findElement(By.id("break-glass-table")).getText()).contains("restore the CA after an outage");
        assertThat(driver.findElement(By.id("users-table")).getText())
                .contains("maker")
                .contains("admin");
        shot("organization");
        driver.findElement(By.cssSelector("form.signout button")).click();
        wait.until(ExpectedConditions.urlContains("signed=out"));
    }

    private void enroll(String deviceSerial, String secret) throws Exception {
        Agent.builder()
                .stateDirectory(tmp.resolve("agent-" + deviceSerial))
                .server(URI.create(
                        "https://127.0.0.1:" + server.server().devicePort().orElseThrow()))
                .trustAnchor(server.dataDir().resolve("trust/platform-ca.pem"))
                .serial(deviceSerial)
                .clock(FakeClock.atNow())
                .maxAttempts(3)
                .timeout(Duration.ofSeconds(10))
                .sleeper(w -> {
                    throw new AssertionError("no wait expected");
                })
                .build()
                .enroll(secret);
    }

    private void awaitLive() {
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-live]"), "data-live-connected", "true"));
    }

    private void shot(String name) throws Exception {
        Path repo = Path.of(System.getProperty("hallmark.repo", "."));
        Path dir = Files.createDirectories(repo.resolve("docs/console"));
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Optional<Path> onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(p -> !p.isBlank())
                .map(p -> Path.of(p, binary))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
