package cn.anxin.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The staff console in a real browser: Debian's headless Chromium, driven through Debian's
 * chromedriver, against the whole stack on loopback. Both paths are given, so Selenium Manager is
 * never run and nothing is downloaded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  private HikariDataSource db;
  private RunningStack stack;
  private Path profile;
  private ChromeDriver browser;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium or its driver is not installed (Debian packages chromium and chromium-driver);"
            + " CI installs them");
    profile = Files.createTempDirectory("anxin-chromium-");
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--window-size=1280,800",
            "--user-data-dir=" + profile);
    Files.createDirectories(SCREENSHOTS);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(SCREENSHOTS.resolve("chromedriver.log").toFile())
        .build();
    // A driver session takes seconds to start: start it while the stack starts.
    CompletableFuture<ChromeDriver> starting = CompletableFuture.supplyAsync(() -> new ChromeDriver(service, options));
    try {
      db = TestDatabases.fresh();
      stack = RunningStack.start(db);
    } finally {
      browser = starting.join();
    }
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
    TestAccounts.create(db, "console.admin", Role.ADMIN);
  }

  /** Each test starts signed in as the administrator, through the console's own form. */
  @BeforeEach
  void signedInAsAdministrator() {
    if (browser.manage().getCookieNamed("anxin_session") == null || !"console.admin".equals(signedInAs)) {
      signInThroughForm("console.admin", TestAccounts.PASSWORD);
      await().atMost(PATIENCE).until(() -> browser.findElement(By.id("board")).isDisplayed());
      signedInAs = "console.admin";
    }
  }

  private String signedInAs;

  private void signInThroughForm(String username, String password) {
    browser.manage().deleteAllCookies();
    browser.get(base() + "/");
    await().atMost(PATIENCE).until(() -> browser.findElement(By.id("signin")).isDisplayed());
    browser.findElement(By.id("username")).sendKeys(username);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("signin-submit")).click();
  }

  @Test
  void givenNoSession_whenTheConsoleOpens_thenItAsksToSignInInChineseAndRefusesAWrongPassword() {
    signedInAs = null;
    signInThroughForm("console.admin", "not-the-password");

    await().atMost(PATIENCE).until(() -> browser.findElement(By.id("signin-error")).isDisplayed());
    assertThat(browser.findElement(By.id("signin-error")).getText()).isEqualTo("用户名或密码错误。");
    assertThat(browser.findElement(By.id("board")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.cssSelector("#signin h2")).getText()).isEqualTo("登录");

    signInThroughForm("console.admin", TestAccounts.PASSWORD);
    await().atMost(PATIENCE).until(() -> browser.findElement(By.id("board")).isDisplayed());
    assertThat(browser.findElement(By.id("who")).getText()).contains("管理员");
    signedInAs = "console.admin";
  }

  @Test
  void givenStaffOfAnotherCentre_whenTheirConsoleOpens_thenAnotherCentresAlertIsNotShown() throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "周淑芬", "radar-other-site", "s3cret-other");
    long ownElder = TestRegistry.elderWithRadar(db, "郑大爷", "radar-own-site", "s3cret-own");
    long ownSiteId = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", ownElder);
    TestAccounts.create(db, "console.staff", Role.STAFF, ownSiteId);
    publishFall("radar-other-site", "s3cret-other", "other-1");
    long alertId = stack.awaitOpenAlertFor(elderId).getLong("id");

    signedInAs = "console.staff";
    signInThroughForm("console.staff", TestAccounts.PASSWORD);
    await().atMost(PATIENCE).until(() -> browser.findElement(By.id("board")).isDisplayed());
    awaitLive("实时");
    publishFall("radar-own-site", "s3cret-own", "own-1");
    long ownAlert = stack.awaitOpenAlertFor(ownElder).getLong("id");

    awaitRow(ownAlert);
    assertThat(row(alertId)).as("an alert of another centre's elder").isNull();
    assertThat(browser.findElement(By.id("who")).getText()).contains("护理员");
  }

  @AfterEach
  void keepAPicture(TestInfo test) throws Exception {
    if (browser != null) {
      File shot = browser.getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      try {
        if (stack != null) {
          stack.close();
        }
      } finally {
        if (db != null) {
          db.close();
        }
        deleteProfile();
      }
    }
  }

  @Test
  void givenOpenFallAlert_whenTheConsoleOpens_thenItListsTheAlertInChinese() throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "张桂英", "radar-board", "s3cret-board");
    publishFall("radar-board", "s3cret-board", "board-1");
    long alertId = stack.awaitOpenAlertFor(elderId).getLong("id");

    browser.get(base() + "/");

    Map<String, Object> row = awaitRow(alertId);
    assertThat(cells(row)).startsWith("P1", "跌倒", "张桂英");
    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");
    assertThat(browser.findElement(By.cssSelector("h1")).getText()).contains("告警看板");
    assertThat(browser.findElement(By.id("summary")).getText()).startsWith("未处理告警");
  }

  @Test
  void givenOpenConsole_whenAFallIsRaised_thenItsRowAppearsFlashingWithoutAReload() throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "李正华", "radar-live", "s3cret-live");
    browser.get(base() + "/");
    awaitLive("实时");
    js("window.__marker = 42;");

    publishFall("radar-live", "s3cret-live", "live-1");
    long alertId = stack.awaitOpenAlertFor(elderId).getLong("id");

    Map<String, Object> row = await().atMost(PATIENCE).until(() -> row(alertId),
        r -> r != null && classes(r).contains("new"));
    assertThat(cells(row)).startsWith("P1", "跌倒", "李正华");
    assertThat(js("return window.__marker;")).as("the page was not reloaded").isEqualTo(42L);
  }

  @Test
  void givenEnglishRequested_whenTheConsoleOpens_thenItSpeaksEnglish() throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "王秀兰", "radar-english", "s3cret-english");
    publishFall("radar-english", "s3cret-english", "english-1");
    long alertId = stack.awaitOpenAlertFor(elderId).getLong("id");

    browser.get(base() + "/?lang=en");

    Map<String, Object> row = awaitRow(alertId);
    assertThat(browser.findElement(By.cssSelector("h1")).getText()).contains("Alert board");
    assertThat(cells(row)).startsWith("P1", "Fall", "王秀兰");
    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
  }

  @Test
  void givenTheAlertListStillLoading_whenAFallIsStreamed_thenItStaysOnTheBoardOnceTheListArrives()
      throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "杨国富", "radar-race", "s3cret-race");
    // Hold back the answer of GET /api/alerts (asked for when the stream opens) until told, so a
    // fall can be streamed after the server wrote the list and before the page has read it.
    Map<String, Object> added = browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
        Map.of("source", """
            (function () {
              var realFetch = window.fetch.bind(window), held = [];
              window.__listsFetched = 0;
              window.__listsRead = 0;
              window.__releaseLists = function () { held.splice(0).forEach(function (go) { go(); }); };
              window.fetch = function (url, init) {
                if (String(url).indexOf("/api/alerts") !== 0) { return realFetch(url, init); }
                return realFetch(url, init).then(function (r) { return r.text().then(function (body) {
                  window.__listsFetched++;
                  return new Promise(function (resolve) { held.push(function () {
                    var answer = new Response(body, { status: r.status, headers: r.headers });
                    var json = answer.json.bind(answer);
                    // Counted in a later task, so after the page's own handling of the list.
                    answer.json = function () { return json().then(function (v) {
                      setTimeout(function () { window.__listsRead++; }, 0);
                      return v;
                    }); };
                    resolve(answer);
                  }); });
                }); });
              };
            })();
            """));
    try {
      browser.get(base() + "/");
      awaitLive("实时");
      await().atMost(PATIENCE).until(() -> count("__listsFetched") >= 1);

      publishFall("radar-race", "s3cret-race", "race-1");
      long alertId = stack.awaitOpenAlertFor(elderId).getLong("id");
      await().atMost(PATIENCE).until(() -> row(alertId) != null);

      js("window.__releaseLists();");
      await().atMost(PATIENCE).until(() -> count("__listsRead") >= 1);
      Map<String, Object> row = row(alertId);
      assertThat(row).as("the streamed alert's row once the older list was read").isNotNull();
      assertThat(classes(row)).contains("new");
      assertThat(cells(row)).startsWith("P1", "跌倒", "杨国富");
    } finally {
      browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
          Map.of("identifier", added.get("identifier")));
    }
  }

  private int count(String global) {
    return ((Number) js("return window." + global + ";")).intValue();
  }

  private String base() {
    return "http://127.0.0.1:" + stack.httpPort();
  }

  private Object js(String script) {
    return browser.executeScript(script);
  }

  private void awaitLive(String text) {
    await().atMost(PATIENCE).until(() -> browser.findElement(By.id("live")).getText(), text::equals);
  }

  private Map<String, Object> awaitRow(long alertId) {
    return await().atMost(PATIENCE).until(() -> row(alertId), r -> r != null);
  }

  /** One alert's row read in a single script, so a re-render cannot change it halfway; or null. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> row(long alertId) {
    return (Map<String, Object>) js("""
        var tr = document.querySelector('#alerts tbody tr[data-alert-id="%d"]');
        if (!tr) { return null; }
        return { className: tr.className,
                 cells: Array.from(tr.cells).map(function (td) { return td.innerText.trim(); }) };
        """.formatted(alertId));
  }

  @SuppressWarnings("unchecked")
  private static List<String> cells(Map<String, Object> row) {
    return (List<String>) row.get("cells");
  }

  private static List<String> classes(Map<String, Object> row) {
    return List.of(((String) row.get("className")).split("\\s+"));
  }

  private void publishFall(String deviceId, String secret, String msgId) throws Exception {
    try (MqttClient device = new MqttClient(stack.mqttUri(), deviceId, new MemoryPersistence())) {
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setUserName(deviceId);
      options.setPassword(secret.toCharArray());
      options.setCleanSession(true);
      device.connect(options);
      MqttMessage message = new MqttMessage(Payloads.fallBytes(msgId));
      message.setQos(1);
      device.publish(Payloads.fallTopic(deviceId), message);
      device.disconnect();
    }
  }



  private void deleteProfile() throws Exception {
    if (profile == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(profile)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
