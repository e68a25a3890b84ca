package io.jobhistory.web;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.web.jetty.HistoryWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dashboard in a real headless Chromium: each page is opened over {@link TestData} and checked for what a person
 * sees. Screenshots of every page go to {@code target/screenshots/}. Skips with one line when Chromium or its driver
 * is missing ({@code apt-get install chromium chromium-driver}); {@code CHROME_BIN} and {@code CHROMEDRIVER} point
 * elsewhere.
 */
class DashboardBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static WebDriver driver;
    private static String skipReason;

    private TestData data;
    private HistoryWebServer server;

    @BeforeAll
    static void startBrowser() throws IOException {
        File browser = new File(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
        File chromedriver = new File(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
        if (!browser.canExecute() || !chromedriver.canExecute()) {
            skipReason = "Browser tests skipped: no " + (browser.canExecute() ? chromedriver : browser)
                    + " (apt-get install chromium chromium-driver, or set CHROME_BIN and CHROMEDRIVER)";
            System.err.println(skipReason);
            return;
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", "UTC"))
                .build();
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void startServer() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
        data = new TestData();
        server = HistoryWebServer.start(data.web().build(), new InetSocketAddress("127.0.0.1", 0));
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void overviewShowsFailingJobsFirstWithTheirLastTwentyOutcomes() throws IOException {
        open("");
        List<WebElement> rows = waitForRows("#jobs tbody tr", TestData.OVERVIEW_ORDER.size());
        assertThat(rows).extracting(row -> row.getAttribute("data-job-id"))
                .containsExactlyElementsOf(TestData.OVERVIEW_ORDER);
        WebElement aapl = rows.get(0);
        assertThat(aapl.findElement(By.cssSelector("a.job-name")).getText()).isEqualTo("Daily AAPL");
        assertThat(aapl.findElements(By.cssSelector(".strip .outcome"))).hasSize(20);
        assertThat(aapl.findElements(By.cssSelector(".strip .outcome")).get(19).getAttribute("data-status"))
                .isEqualTo("failed");
        assertThat(aapl.getText()).contains("Failed").contains("84 %").contains("✗ 3")
                .contains("Failed to fetch AAPL: HTTP 503 (run 25)");
        assertThat(aapl.findElement(By.cssSelector(".strip")).getAttribute("aria-label"))
                .isEqualTo("Last 20 runs: 16 success, 1 partial, 3 failed");
        WebElement sync = rows.get(2);
        assertThat(sync.findElements(By.cssSelector(".strip .outcome"))).hasSize(4);
        assertThat(sync.findElements(By.cssSelector(".strip .slot"))).hasSize(16);
        assertThat(sync.getText()).contains("Running").contains("1 running").contains("1 abandoned");
        assertThat(rows.get(3).getText()).contains("Never run");
        List<WebElement> report = rows.get(4).findElements(By.cssSelector(".strip .outcome"));
        assertThat(report).hasSize(6);
        assertThat(report.get(5).getAttribute("data-status")).isEqualTo("skipped");
        assertThat(report.get(5).getText()).isEqualTo("–");
        assertThat(report.get(5).getCssValue("border-top-style")).isEqualTo("dashed");
        assertThat(report.get(5).getAttribute("title")).startsWith("Skipped (3 due runs)");
        assertThat(driver.findElement(By.id("totals")).getText())
                .startsWith("5 jobs · 2 failing · 1 running · 1 abandoned");
        assertThat(rows.get(4).getText()).contains("Skipped");
        screenshot("overview");
    }

    @Test
    void aHostileJobNameIsShownAsTextAndRunsNoScript() throws IOException {
        open("");
        List<WebElement> rows = waitForRows("#jobs tbody tr", TestData.OVERVIEW_ORDER.size());
        WebElement hostile = rows.get(1);
        assertThat(hostile.findElement(By.cssSelector("a.job-name")).getText()).isEqualTo(TestData.HOSTILE_NAME);
        assertThat(hostile.findElement(By.cssSelector(".job-id")).getText()).isEqualTo(TestData.HOSTILE_ID);
        assertThat(hostile.findElements(By.tagName("img"))).isEmpty();
        assertThat(hostile.findElements(By.tagName("b"))).isEmpty();
        hostile.findElement(By.cssSelector("a.job-name")).click();
        waitFor(() -> driver.findElement(By.id("job-name")).getText().equals(TestData.HOSTILE_NAME));
        assertThat(driver.findElement(By.id("banner")).getText()).contains(TestData.HOSTILE_ERROR);
        assertThat(driver.findElements(By.cssSelector("main img, main script"))).isEmpty();
        driver.findElement(By.linkText("Open the run")).click();
        waitFor(() -> !driver.findElement(By.id("fields")).getText().isEmpty());
        assertThat(driver.findElement(By.id("trace")).getText()).contains("<img src=y onerror=alert(3)>");
        assertThat(driver.findElement(By.id("attributes")).getText()).contains("<i>worker-1</i>");
        assertThat(driver.findElements(By.cssSelector("main img, main script, main i"))).isEmpty();
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(((JavascriptExecutor) driver).executeScript("return document.querySelectorAll('img').length"))
                .isEqualTo(0L);
        screenshot("run-hostile");
    }

    @Test
    void overviewRefreshesInPlaceKeepingScrollAndUnchangedRows() {
        driver.manage().window().setSize(new Dimension(900, 420));
        open("");
        waitForRows("#jobs tbody tr", TestData.OVERVIEW_ORDER.size());
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("window.scrollTo(0, 200);"
                + "document.querySelector('tr[data-job-id=\"nightly-report\"]').dataset.marker = 'kept';");
        long scroll = (Long) js.executeScript("return Math.round(window.scrollY)");
        assertThat(scroll).isPositive();
        data.registry.save(ExecutionRecord.builder("aapl-26", "daily-aapl", "Daily AAPL",
                        TestData.NOW.minusSeconds(30))
                .finished(ExecutionStatus.FAILED, TestData.NOW.minusSeconds(20)).errors(List.of("HTTP 500")).build());
        waitFor(() -> driver.findElement(By.cssSelector("tr[data-job-id=\"daily-aapl\"]")).getText().contains("✗ 4"));
        assertThat(js.executeScript("return Math.round(window.scrollY)")).isEqualTo(scroll);
        assertThat(js.executeScript(
                "return document.querySelector('tr[data-job-id=\"nightly-report\"]').dataset.marker")).isEqualTo("kept");
        assertThat(driver.findElements(By.cssSelector("#jobs tbody tr"))).hasSize(TestData.OVERVIEW_ORDER.size());
    }

    @Test
    void jobPageShowsTheBannerTheChartAndPagesThroughRuns() throws IOException {
        open("job.html?job=daily-aapl");
        waitForRows("#runs tbody tr", 20);
        assertThat(driver.findElement(By.id("job-name")).getText()).isEqualTo("Daily AAPL");
        WebElement banner = driver.findElement(By.id("banner"));
        assertThat(banner.isDisplayed()).isTrue();
        assertThat(banner.getText()).contains("The latest run failed").contains("Failed to fetch AAPL: HTTP 503 (run 25)")
                .contains("Failed to fetch GOOGL: HTTP 503");
        List<WebElement> bars = driver.findElements(By.cssSelector("#chart rect.bar"));
        assertThat(bars).hasSize(25);
        assertThat(bars.stream().filter(bar -> "failed".equals(bar.getAttribute("data-status"))).count()).isEqualTo(3);
        assertThat(Double.parseDouble(bars.get(24).getAttribute("height")))
                .isGreaterThan(Double.parseDouble(bars.get(0).getAttribute("height")));
        assertThat(driver.findElement(By.id("chart")).getText()).contains("Failed: 3").contains("Success: 21");
        List<WebElement> rows = driver.findElements(By.cssSelector("#runs tbody tr"));
        assertThat(rows.get(0).getAttribute("data-execution-id")).isEqualTo("aapl-25");
        assertThat(rows.get(0).getText()).contains("25 s").contains("Failed").contains("0 / 3")
                .contains("Failed to fetch AAPL: HTTP 503 (run 25)");
        assertThat(driver.findElement(By.id("stats")).getText()).contains("Failures in a row\n3");
        screenshot("job");

        driver.findElement(By.id("older")).click();
        waitFor(() -> driver.getCurrentUrl().contains("cursor="));
        List<WebElement> older = waitForRows("#runs tbody tr", 5);
        assertThat(older.get(0).getAttribute("data-execution-id")).isEqualTo("aapl-5");
        assertThat(driver.findElement(By.id("pager")).getText()).contains("No older runs");
        driver.findElement(By.id("newest")).click();
        waitForRows("#runs tbody tr", 20);
        assertThat(driver.getCurrentUrl()).doesNotContain("cursor=");
    }

    @Test
    void jobPageFiltersByStatusAndTimeWithTheStateInTheUrl() throws IOException {
        open("job.html?job=daily-aapl");
        waitForRows("#runs tbody tr", 20);
        new Select(driver.findElement(By.id("f-status"))).selectByVisibleText("Success");
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        waitFor(() -> driver.getCurrentUrl().contains("status=success"));
        List<WebElement> rows = waitForRows("#runs tbody tr", 20);
        assertThat(rows).allSatisfy(row -> assertThat(row.getAttribute("data-status")).isEqualTo("success"));
        assertThat(driver.findElement(By.id("banner")).isDisplayed()).isTrue(); // the latest run, whatever the filter

        // Shared link: failed runs started from 11:24 (UTC, the browser's zone here) on.
        open("job.html?job=daily-aapl&status=failed&from=2025-10-29T11:24:00");
        List<WebElement> failed = waitForRows("#runs tbody tr", 2);
        assertThat(failed).extracting(row -> row.getAttribute("data-execution-id")).containsExactly("aapl-25", "aapl-24");
        assertThat(new Select(driver.findElement(By.id("f-status"))).getFirstSelectedOption().getText()).isEqualTo("Failed");
        assertThat(driver.findElement(By.id("f-from")).getAttribute("value")).startsWith("2025-10-29T11:24");
        assertThat(driver.findElements(By.cssSelector("#chart rect.bar"))).hasSize(2);
        screenshot("job-filtered");
    }

    @Test
    void runPageShowsEveryField() throws IOException {
        open("run.html?id=sync-4");
        waitFor(() -> !driver.findElement(By.id("fields")).getText().isEmpty());
        String fields = driver.findElement(By.id("fields")).getText();
        assertThat(fields).contains("Execution id\nsync-4").contains("Flaky Sync").contains("sync-flaky")
                .contains("Running").contains("Started\n2025-10-29 11:58:30").contains("Ended\nnot yet")
                .contains("Duration\nstill running").contains("10 in total, 1 succeeded, 0 failed")
                .contains("Heartbeat deadline\n2025-10-29 12:02:00");
        assertThat(driver.findElement(By.id("ok-title")).getText()).isEqualTo("Succeeded (1)");
        assertThat(driver.findElement(By.id("attributes")).getText()).contains("region eu-west-1");
        screenshot("run-running");

        open("run.html?id=aapl-25");
        waitFor(() -> driver.findElement(By.id("errors-section")).isDisplayed());
        assertThat(driver.findElements(By.cssSelector("#errors li"))).hasSize(3);
        assertThat(driver.findElement(By.id("trace")).getText()).contains("at example.Fetcher.fetch(Fetcher.java:42)");
        assertThat(driver.findElement(By.id("failed-items")).getText()).contains("AAPL\nMSFT\nGOOGL");
        assertThat(driver.findElement(By.id("no-attributes")).isDisplayed()).isTrue();
        screenshot("run-failed");

        open("run.html?id=report-skip");
        waitFor(() -> !driver.findElement(By.id("fields")).getText().isEmpty());
        assertThat(driver.findElement(By.id("fields")).getText()).contains("Skipped").contains("Due runs skipped\n3")
                .contains("Last due time\n2025-10-29 11:29:00");
        assertThat(driver.findElement(By.id("errors")).getText()).isEqualTo("the previous run was still running");

        open("run.html?id=" + URLEncoder.encode("sync-2", StandardCharsets.UTF_8));
        waitFor(() -> !driver.findElement(By.id("fields")).getText().isEmpty());
        assertThat(driver.findElement(By.id("fields")).getText()).contains("Abandoned")
                .contains("passed: the process running it most likely died");
    }

    @Test
    void unknownRunShowsTheServersMessage() {
        open("run.html?id=nope");
        waitFor(() -> driver.findElement(By.id("problem")).isDisplayed());
        assertThat(driver.findElement(By.id("problem")).getText()).contains("Unknown execution 'nope'");
    }

    @Test
    void theKeyboardReachesAJobAndOpensIt() {
        open("");
        waitForRows("#jobs tbody tr", TestData.OVERVIEW_ORDER.size());
        WebElement body = driver.findElement(By.tagName("body"));
        body.sendKeys(Keys.TAB);
        assertThat(driver.switchTo().activeElement().getText()).isEqualTo("Skip to content");
        for (int i = 0; i < 10 && !"job-name".equals(driver.switchTo().activeElement().getAttribute("class")); i++) {
            driver.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        WebElement focused = driver.switchTo().activeElement();
        assertThat(focused.getText()).isEqualTo("Daily AAPL");
        focused.sendKeys(Keys.ENTER);
        waitFor(() -> driver.getCurrentUrl().contains("job.html?job=daily-aapl"));
    }

    @Test
    void readableAtPhoneWidth() throws IOException {
        driver.manage().window().setSize(new Dimension(390, 844));
        open("");
        List<WebElement> rows = waitForRows("#jobs tbody tr", TestData.OVERVIEW_ORDER.size());
        JavascriptExecutor js = (JavascriptExecutor) driver;
        assertThat((Long) js.executeScript("return document.documentElement.scrollWidth"))
                .isLessThanOrEqualTo((Long) js.executeScript("return window.innerWidth"));
        assertThat(js.executeScript("return getComputedStyle(arguments[0], '::before').content",
                rows.get(0).findElements(By.tagName("td")).get(3))).isEqualTo("\"Success rate\"");
        screenshot("overview-phone");
        open("job.html?job=daily-aapl");
        waitForRows("#runs tbody tr", 20);
        assertThat((Long) js.executeScript("return document.documentElement.scrollWidth"))
                .isLessThanOrEqualTo((Long) js.executeScript("return window.innerWidth"));
        screenshot("job-phone");
    }

    @Test
    void theAccessHookRefusesThePage() throws IOException {
        server.close();
        server = HistoryWebServer.start(data.web().accessControl(request -> false).build(),
                new InetSocketAddress("127.0.0.1", 0));
        open("");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("Access denied");
        assertThat(driver.findElements(By.id("jobs"))).isEmpty();
        screenshot("refused");
    }

    private void open(String page) {
        driver.get(server.dashboardUri() + page);
    }

    private List<WebElement> waitForRows(String selector, int count) {
        waitFor(() -> driver.findElements(By.cssSelector(selector)).size() == count);
        return driver.findElements(By.cssSelector(selector));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        // A refresh may replace an element between finding it and reading it: look again then.
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .until(d -> condition.getAsBoolean());
    }

    private void screenshot(String name) throws IOException {
        // The whole page: the window grows to the document's height for the shot.
        Dimension size = driver.manage().window().getSize();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
        long chrome = size.getHeight() - (Long) js.executeScript("return window.innerHeight");
        driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(4000, height + chrome)));
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(size);
    }

    @SuppressWarnings("unused")
    private static String texts(List<WebElement> elements) {
        return elements.stream().map(WebElement::getText).collect(Collectors.joining(" | "));
    }
}
