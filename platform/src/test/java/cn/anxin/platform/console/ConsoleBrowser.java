package cn.anxin.platform.console;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium (Debian's, driven by Debian's chromedriver; Selenium Manager never runs)
 * with its own profile, for the console's browser tests: sign in through the console's form, read
 * the page in single scripts, keep screenshots under {@code target/console-screenshots}. Every page
 * records its script errors in {@code window.__consoleErrors}.
 */
final class ConsoleBrowser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  static final Duration PATIENCE = Duration.ofSeconds(15);

  private final ChromeDriver driver;
  private final Path profile;
  private String base;

  private ConsoleBrowser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  static boolean installed() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /**
   * Starts a browser in the background (a driver session takes seconds to start, so tests start
   * theirs while the stack starts); give it the console's address with {@link #at(String)}.
   */
  static CompletableFuture<ConsoleBrowser> launch(String name) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return open(name);
      } catch (Exception e) {
        throw new IllegalStateException("cannot start Chromium", e);
      }
    }, runnable -> new Thread(runnable, "chromium-" + name).start());
  }

  /** This browser, for the console served at this base address ("http://127.0.0.1:port"). */
  ConsoleBrowser at(String consoleBase) {
    this.base = consoleBase;
    return this;
  }

  private static ConsoleBrowser open(String name) throws Exception {
    Path profile = Files.createTempDirectory("anxin-chromium-" + name + "-");
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--window-size=1280,900",
            "--autoplay-policy=no-user-gesture-required", "--user-data-dir=" + profile);
    Files.createDirectories(SCREENSHOTS);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(SCREENSHOTS.resolve("chromedriver-" + name + ".log").toFile())
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
        window.__consoleErrors = [];
        window.addEventListener("error", function (e) { window.__consoleErrors.push(String(e.message)); });
        window.addEventListener("unhandledrejection", function (e) { window.__consoleErrors.push(String(e.reason)); });
        """));
    return new ConsoleBrowser(driver, profile);
  }

  ChromeDriver driver() {
    return driver;
  }

  String base() {
    return base;
  }

  /** Signs in through the console's form, from a fresh page without a session or a remembered language. */
  void signIn(String username, String password) {
    forget();
    driver.get(base + "/");
    await().atMost(PATIENCE).until(() -> driver.findElement(By.id("signin")).isDisplayed());
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("signin-submit")).click();
    awaitSignedIn();
  }

  /**
   * Opens the console with a session already issued (its token as the console's cookie), as after
   * a sign-in in an earlier visit; quicker than typing into the form.
   */
  void enter(String token) {
    forget();
    driver.executeCdpCommand("Network.setCookie", Map.of("name", "anxin_session", "value", token,
        "url", base + "/", "httpOnly", true, "sameSite", "Strict"));
    driver.get(base + "/");
    awaitSignedIn();
  }

  private void forget() {
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", base, "storageTypes", "local_storage"));
  }

  private void awaitSignedIn() {
    await().atMost(PATIENCE).until(() -> !driver.findElement(By.id("signin")).isDisplayed()
        && driver.findElement(By.id("who")).isDisplayed());
  }

  /** Goes to a route of the console (e.g. "#/map") in the page already open. */
  void go(String hash) {
    js("location.hash = arguments[0];", hash);
  }

  Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The visible text of the first element matching, or null when there is none. */
  String text(String css) {
    return (String) js("var n = document.querySelector(arguments[0]); return n ? n.innerText.trim() : null;", css);
  }

  String awaitText(String css, java.util.function.Predicate<String> condition) {
    return await().atMost(PATIENCE).until(() -> text(css), s -> s != null && condition.test(s));
  }

  void awaitLive() {
    await().atMost(PATIENCE).until(() -> "实时".equals(text("#live")) || "Live".equals(text("#live")));
  }

  /** Script errors the pages recorded. */
  @SuppressWarnings("unchecked")
  List<String> errors() {
    Object errors = js("return window.__consoleErrors || [];");
    return (List<String>) errors;
  }

  void screenshot(String name) throws Exception {
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() throws Exception {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> paths = Files.walk(profile)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
