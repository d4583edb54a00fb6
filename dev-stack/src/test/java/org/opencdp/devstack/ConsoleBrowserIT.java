package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opencdp.avro.CustomerKey;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/**
 * The console in a real browser against the real stack: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}; {@code ./cdp test} installs them) signs in with the admin token, finds a customer written
 * through the API and sees its attributes (hostile values shown as inert text), opens a workflow's runs and a run,
 * the catalog and a dead letter. A screenshot of each page goes to {@code target/console-screenshots/}; the time
 * to first render of a profile page (p95 of 20 loads) to {@code target/console-timing.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag(RunningStack.SHARED_TAG)
class ConsoleBrowserIT {

    @RegisterExtension
    static final RunningStack STACK = RunningStack.shared();

    static final Path CHROMIUM = executable("CDP_CHROMIUM", "chromium");
    static final Path CHROMEDRIVER = executable("CDP_CHROMEDRIVER", "chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Path TIMING = Path.of("target", "console-timing.txt");
    static final Duration SHOWN = Duration.ofSeconds(20);
    static final int LOADS = 20;

    static final String CUSTOMER = "console-1";
    static final String SCRIPT = "<script>window.__pwned = 'script'</script>";
    static final String IMAGE = "<img src=x onerror=\"window.__pwned = 'img'\">";
    static final String LONG = "é𝄞漢".repeat(300);
    static final String CONTROLS = "a\u0001b\u0007c\u202Ed";
    static final String POISON_REQUEST = "console-poison-1";

    private static StackClient client;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static String workflowId;

    @BeforeAll
    static void writeThroughTheApiAndOpenABrowser() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("The console's browser test needs Chromium and its driver (%s, %s). Install them with "
                        + "`apt-get install -y chromium chromium-driver` (./cdp test does it when run as root), or set "
                        + "CDP_CHROMIUM and CDP_CHROMEDRIVER.", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        client = STACK.client();
        // Given a customer with plain, hostile, long multi-byte and control-character values, and an array field
        final ObjectNode customer = StackClient.JSON.createObjectNode().put("id", CUSTOMER).put("first_name", "Ann")
                .put("plan", "pro").put("age", 42).put("xss_script", SCRIPT).put("xss_img", IMAGE)
                .put("long_text", LONG).put("controls", CONTROLS);
        final HttpResponse<String> written = client.send("POST", client.ingest("/customers"), StackClient.keyAndSecret(),
                StackClient.JSON.writeValueAsString(Map.of("customers", List.of(customer))));
        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
        final HttpResponse<String> items = client.send("POST", client.ingest("/arrays"), StackClient.keyAndSecret(),
                "{\"records\":[{\"customer_id\":\"" + CUSTOMER + "\",\"field\":\"cart\",\"data\":"
                        + "[{\"id\":\"p1\",\"name\":\"apple\",\"qty\":2},{\"id\":\"p2\",\"name\":\"<b>pear</b>\"}]}]}");
        assertThat(items.statusCode()).as(items.body()).isEqualTo(200);
        client.profileAfter(CUSTOMER, items);
        // And a workflow the customer's signup started
        workflowId = client.createWorkflow("signup");
        assertThat(client.send("POST", client.ingest("/events"), StackClient.keyAndSecret(),
                "{\"customer_id\":\"" + CUSTOMER + "\",\"event\":\"signup\",\"data\":{}}").statusCode()).isEqualTo(200);
        await().atMost(StackClient.FOLDED).until(() -> client.send("GET", client.ingest("/workflows/" + workflowId
                + "/runs?customer_id=" + CUSTOMER), StackClient.bearer(), null).body().contains(CUSTOMER));
        // And a command the projector cannot read, so dead-lettered
        poisonACommand();
        await().atMost(StackClient.FOLDED).until(() -> client.send("GET",
                client.ingest("/dead-letters?topic=" + Topics.CUSTOMER_COMMANDS_DLQ), admin(), null).body()
                .contains(POISON_REQUEST));
        browser = chromium();
        wait = new WebDriverWait(browser, SHOWN);
        Files.createDirectories(SCREENSHOTS);
    }

    private static void poisonACommand() throws Exception {
        final DevStack stack = STACK.stack();
        final byte[] key = Topics.CUSTOMER_COMMANDS.keySerde(new RestSchemaRegistry(stack.endpoints().registryUrl()))
                .serialize(Topics.CUSTOMER_COMMANDS.name(), new CustomerKey("demo", CUSTOMER));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            final ProducerRecord<byte[], byte[]> poison = new ProducerRecord<>(Topics.CUSTOMER_COMMANDS.name(), key,
                    "not a command <b>at all</b>".getBytes(StandardCharsets.UTF_8));
            poison.headers().add(Topics.REQUEST_ID_HEADER, POISON_REQUEST.getBytes(StandardCharsets.UTF_8));
            producer.send(poison).get();
        }
    }

    private static ChromeDriver chromium() {
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1100", "--disable-extensions", "--no-first-run");
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(7)
    void shouldActWithTheScopesOfTheSignedInTokenOnly() {
        // Given a sign-out, which forgets the admin token
        browser.findElement(By.id("sign-out")).click();
        final WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertThat(browser.executeScript("return sessionStorage.length")).isEqualTo(0L);
        // When signed in with a token that is not the workspace admin's
        token.sendKeys("demo-token");
        browser.findElement(By.id("sign-in-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lookup-value")));
        // Then the dead letters, an admin's page, are refused as the API refuses them
        browser.findElement(By.id("nav-dead-letters")).click();
        final WebElement refusal = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".message.error")));
        assertThat(refusal.getText()).contains("Forbidden");
        assertThat(browser.findElements(By.id("dead-letters"))).isEmpty();
    }

    /** The program the environment variable names, else the first of that name on the PATH, else /usr/bin's. */
    private static Path executable(final String variable, final String name) {
        final String named = System.getenv(variable);
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, name)).filter(Files::isExecutable)
                .findFirst().orElse(Path.of("/usr/bin", name));
    }

    static Map<String, String> admin() {
        return Map.of("Authorization", "Bearer demo-admin");
    }

    @Test
    @Order(1)
    void shouldSignInWithATokenKeptOutOfTheUrl() throws IOException {
        // When the console is opened and the admin token entered
        browser.get(client.ingest("/console/"));
        final WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        screenshot("01-sign-in");
        token.sendKeys("demo-admin");
        browser.findElement(By.id("sign-in-button")).click();
        // Then the profile lookup shows, and the token is in no URL
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lookup-value")));
        assertThat(browser.getCurrentUrl()).doesNotContain("demo-admin");
    }

    @Test
    @Order(2)
    void shouldFindACustomerWrittenThroughTheApiAndShowHostileValuesAsText() throws IOException {
        // When the customer is looked up by id
        final WebElement lookup = browser.findElement(By.id("lookup-value"));
        lookup.clear();
        lookup.sendKeys(CUSTOMER);
        browser.findElement(By.id("lookup-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile-attributes")));

        // Then its attributes show, each value exactly as text (controls made visible)
        final Map<String, String> shown = attributeValues();
        assertThat(shown).containsEntry("first_name", "Ann").containsEntry("plan", "pro").containsEntry("age", "42")
                .containsEntry("xss_script", SCRIPT).containsEntry("xss_img", IMAGE).containsEntry("long_text", LONG)
                .containsEntry("controls", "a\u2401b\u2407c\\u202ed");
        // And the array field and identifiers show
        assertThat(browser.findElement(By.id("profile-arrays")).getText()).contains("cart (2 items)", "apple", "<b>pear</b>");
        assertThat(browser.findElement(By.id("profile-identifiers")).getText()).contains(CUSTOMER);
        // And nothing of the hostile values ran or became markup
        assertThat(browser.findElements(By.cssSelector("#main img, #main script, #main b"))).isEmpty();
        assertThat(browser.executeScript("return window.__pwned === undefined")).isEqualTo(true);
        assertNoAlert();
        screenshot("02-profile");
    }

    @Test
    @Order(3)
    void shouldShowTheCatalog() throws IOException {
        final WebElement catalog = open("nav-catalog", "catalog");
        assertThat(catalog.getText()).contains("first_name", "plan", "xss_img");
        screenshot("03-catalog");
    }

    @Test
    @Order(4)
    void shouldOpenAWorkflowsRunsAndOneRun() throws IOException {
        // When the workflows page is opened and the workflow chosen
        open("nav-workflows", "workflows");
        screenshot("04-workflows");
        browser.findElement(By.linkText("On signup")).click();
        // Then its runs list the customer's run
        final WebElement runs = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("runs")));
        assertThat(runs.getText()).contains(CUSTOMER, "signup");
        screenshot("05-workflow-runs");
        // And a run opens with its context
        runs.findElement(By.cssSelector("a")).click();
        final WebElement facts = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("run-facts")));
        assertThat(facts.getText()).contains(workflowId, CUSTOMER);
        assertThat(browser.findElement(By.id("run-context")).getText()).contains("first_name", "Ann");
        screenshot("06-run");
    }

    @Test
    @Order(5)
    void shouldShowADeadLetterWithItsReason() throws IOException {
        final WebElement list = open("nav-dead-letters", "dead-letters");
        final String text = list.getText();
        assertThat(text).contains(POISON_REQUEST, Topics.CUSTOMER_COMMANDS_DLQ, "not a command <b>at all</b>")
                .containsPattern("reason\\s*\\S+");
        assertThat(browser.findElements(By.cssSelector("#main b"))).isEmpty();
        screenshot("07-dead-letters");
    }

    @Test
    @Order(6)
    void shouldRenderAProfilePageQuickly() throws IOException {
        // When the profile page is loaded afresh 20 times
        final List<Long> renders = new ArrayList<>();
        for (int i = 0; i < LOADS; i++) {
            browser.get("about:blank");
            browser.get(client.ingest("/console/#/profiles?id=" + CUSTOMER));
            final WebElement body = browser.findElement(By.tagName("body"));
            wait.until(driver -> body.getAttribute("data-profile-rendered-ms") != null);
            renders.add(Long.parseLong(body.getAttribute("data-profile-rendered-ms")));
        }
        // Then the time to first render (navigation start to the profile on screen) is measured and kept
        final List<Long> sorted = renders.stream().sorted().toList();
        final long p95 = sorted.get((int) Math.ceil(0.95 * LOADS) - 1);
        final String line = "console profile page, time to first render over " + LOADS + " loads: p95 " + p95
                + " ms, median " + sorted.get(LOADS / 2) + " ms, max " + sorted.getLast() + " ms (all: " + renders + ")";
        System.out.println(line);
        Files.writeString(TIMING, line + System.lineSeparator());
        assertThat(p95).isPositive().isLessThan(10_000);
    }

    /** Follows a link of the console's navigation; the element with id {@code shown} once the page shows it. */
    private static WebElement open(final String link, final String shown) {
        browser.findElement(By.id(link)).click();
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(shown)));
    }

    private static Map<String, String> attributeValues() {
        final Map<String, String> values = new TreeMap<>();
        for (final WebElement row : browser.findElements(By.cssSelector("#profile-attributes tbody tr"))) {
            final List<WebElement> cells = row.findElements(By.tagName("td"));
            values.put(cells.get(0).getDomProperty("textContent"), cells.get(2).getDomProperty("textContent"));
        }
        return values;
    }

    private static void assertNoAlert() {
        try {
            browser.switchTo().alert();
            throw new AssertionError("A hostile value opened an alert");
        } catch (NoAlertPresentException expected) {
            // none: as it should be
        }
    }

    private static void screenshot(final String name) throws IOException {
        final Path taken = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(taken, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
