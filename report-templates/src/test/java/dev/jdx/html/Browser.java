package dev.jdx.html;

import dev.jdx.fixtures.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by the system chromedriver through Selenium. Both binaries are named
 * explicitly so Selenium Manager never runs (it would try to download a browser; nothing can be downloaded here).
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() throws IOException {
        Path chromium = Requirements.tool("chromium");
        Path chromedriver = Requirements.tool("chromedriver");
        System.setProperty("webdriver.chrome.driver", chromedriver.toString());
        System.setProperty("SE_AVOID_STATS", "true");
        Path profile = Files.createTempDirectory("jdx-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,1000", "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    void open(Path file) {
        driver.get(file.toAbsolutePath().toUri().toString());
        waitUntil(Duration.ofSeconds(30), () -> driver.findElement(By.tagName("html")).getAttribute("data-ready") != null);
    }

    /** Milliseconds from navigation start until the report's script declared the page interactive. */
    double readyMillis() {
        return Double.parseDouble(driver.findElement(By.tagName("html")).getAttribute("data-ready"));
    }

    /** Console messages at SEVERE (errors, CSP violations, failed loads) plus what the page's error collector caught. */
    List<String> errors() {
        List<String> out = new java.util.ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) out.add(e.getMessage());
        }
        Object collected = js("return window.__jdxErrors || ['no error collector installed'];");
        for (Object o : (List<?>) collected) out.add("window.onerror: " + o);
        return out;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, timeout, Duration.ofMillis(50)).until(d -> condition.getAsBoolean());
    }

    /** Emulates a CSS media feature or type through the DevTools protocol (chromedriver's goog/cdp endpoint). */
    void emulate(String media, String colorScheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", media,
                "features", List.of(Map.of("name", "prefers-color-scheme", "value", colorScheme))));
    }

    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path dest = SCREENSHOTS.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), dest, StandardCopyOption.REPLACE_EXISTING);
        return dest;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
