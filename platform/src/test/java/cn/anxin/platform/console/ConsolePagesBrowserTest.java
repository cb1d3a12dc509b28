package cn.anxin.platform.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The console's pages other than the board, in a real browser: the family view, the care map, an
 * elder's page with an alert's history, the bureau's overview, and the language button. One
 * browser for the class; each test enters as the account it needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsolePagesBrowserTest {

  private CompletableFuture<ConsoleBrowser> starting;
  private HikariDataSource db;
  private RunningStack stack;
  private ConsoleFixtures fixtures;
  private ConsoleBrowser browser;
  private long familyElder;
  private long otherElder;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(ConsoleBrowser.installed(),
        "Chromium or its driver is not installed (Debian packages chromium and chromium-driver); CI installs them");
    starting = ConsoleBrowser.launch("pages");
    db = TestDatabases.fresh();
    stack = RunningStack.start(db);
    fixtures = new ConsoleFixtures(db, stack);

    familyElder = TestRegistry.elderWithRadar(db, "吴桂香", "radar-pages-family", "s3cret-family");
    otherElder = TestRegistry.elderWithRadar(db, "郑国强", "radar-pages-other", "s3cret-other");
    long fineElder = TestRegistry.elderWithRadar(db, "何玉兰", "radar-pages-fine", "s3cret-fine");
    long awayElder = TestRegistry.elderWithRadar(db, "马福生", "radar-pages-away", "s3cret-away");
    long familySite = fixtures.siteOf(familyElder);
    fixtures.moveElder(fineElder, familySite);
    fixtures.moveElder(awayElder, familySite);
    fixtures.placeSite(familySite, 101.5461, 25.0328);
    fixtures.placeElder(familyElder, 101.5420, 25.0361);
    fixtures.placeElder(otherElder, 101.5921, 25.0102);
    fixtures.placeElder(fineElder, 101.5488, 25.0412);
    fixtures.placeElder(awayElder, 101.5447, 25.0316);
    TestRegistry.disable(db, "radar-pages-fine");
    TestRegistry.disable(db, "radar-pages-away");

    TestAccounts.family(db, "pages.family", familyElder);
    TestAccounts.create(db, "pages.bureau", Role.BUREAU);
    TestAccounts.create(db, "pages.admin", Role.ADMIN);
    TestAccounts.create(db, "pages.staff", Role.STAFF, familySite);
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    assertThat(stack.admin().post("/api/elders/" + awayElder + "/status-periods", new JsonObject()
        .put("status", "AWAY").put("fromDate", today.minusDays(3).toString())).status()).isEqualTo(201);
    assertThat(stack.signIn("pages.staff").put("/api/me/duty", new JsonObject().put("onDuty", true)
        .put("location", new JsonObject().put("lon", 101.5458).put("lat", 25.0335))).status()).isEqualTo(200);

    browser = starting.join().at("http://127.0.0.1:" + stack.httpPort());
  }

  @AfterAll
  void stop() throws Exception {
    if (browser == null && starting != null) {
      browser = starting.exceptionally(e -> null).join();
    }
    try (ConsoleBrowser b = browser; RunningStack s = stack; HikariDataSource d = db) {
      // closed in reverse order
    }
  }

  @AfterEach
  void keepAPicture(TestInfo test) throws Exception {
    if (browser != null) {
      browser.screenshot(test.getTestMethod().orElseThrow().getName());
      assertThat(browser.errors()).as("script errors").isEmpty();
    }
  }

  @Test
  void givenAFamilyMember_whenSignedIn_thenTheyLandOnTheirOwnElderAndAnotherEldersAlertNeverShows() throws Exception {
    browser.signIn("pages.family", TestAccounts.PASSWORD);
    assertThat(browser.js("return location.hash;")).isEqualTo("#/family");
    assertThat(menu()).containsExactly("我的家人");
    browser.awaitLive();
    String card = ".family-elder[data-elder-id=\"" + familyElder + "\"]";
    browser.awaitText(card, s -> s.contains("吴桂香目前在家"));

    fixtures.publishFall("radar-pages-other", "s3cret-other", "other-" + System.nanoTime());
    long otherAlert = stack.awaitOpenAlertFor(otherElder).getLong("id");
    fixtures.publishFall("radar-pages-family", "s3cret-family", "family-" + System.nanoTime());
    long ownAlert = stack.awaitOpenAlertFor(familyElder).getLong("id");

    // Streamed in order: had the other elder's alert been sent, it would have come first.
    String text = browser.awaitText(card + " .family-open", s -> s.contains("跌倒"));
    assertThat(text).contains("已收到，正在通知工作人员");
    assertThat(browser.findAll(card + " .family-open li[data-alert-id=\"" + ownAlert + "\"]")).hasSize(1);
    assertThat(browser.findAll(".family-elder")).hasSize(1);
    assertThat(browser.text("main")).doesNotContain("郑国强");
    assertThat(browser.findAll("[data-alert-id=\"" + otherAlert + "\"]")).isEmpty();
    browser.screenshot("page-family");

    browser.go("#/map");
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> browser.js("return location.hash;"), "#/family"::equals);
    browser.go("#/alerts/" + otherAlert);
    browser.awaitText("#alert .page-body", s -> s.contains("找不到该记录"));
    assertThat(browser.text("main")).doesNotContain("郑国强");
  }

  @Test
  void givenPlacedEldersSitesAndStaff_whenTheCareMapOpens_thenEveryElderIsAColouredCircleAndOnlyLoopbackIsAsked()
      throws Exception {
    browser.enter(stack.signIn("pages.admin").token());
    browser.go("#/map");
    browser.awaitText("#map-summary", s -> !s.isEmpty());

    JsonObject map = new JsonObject(stack.admin().get("/api/map").body());
    Map<Long, String> statuses = new HashMap<>();
    Map<String, Integer> layers = new HashMap<>();
    JsonArray features = map.getJsonArray("features");
    for (int i = 0; i < features.size(); i++) {
      JsonObject p = features.getJsonObject(i).getJsonObject("properties");
      layers.merge(p.getString("layer"), 1, Integer::sum);
      if ("elders".equals(p.getString("layer"))) {
        statuses.put(p.getLong("id"), p.getString("mapStatus"));
      }
    }
    assertThat(statuses).containsKeys(familyElder, otherElder);
    assertThat(statuses.values()).contains("AWAY", "FINE");
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> browser.findAll("#map-plot circle").size() == statuses.size());
    assertThat(browser.findAll("#map-plot rect:not(.sea)")).hasSize(layers.getOrDefault("sites", 0));
    assertThat(browser.findAll("#map-plot polygon")).hasSize(layers.getOrDefault("staff", 0)).isNotEmpty();
    @SuppressWarnings("unchecked")
    Map<String, String> drawn = (Map<String, String>) browser.js("""
        var drawn = {};
        document.querySelectorAll("#map-plot a.elder").forEach(function (a) { drawn[a.dataset.elderId] = a.getAttribute("class"); });
        return drawn;
        """);
    statuses.forEach((id, status) -> assertThat(drawn.get(String.valueOf(id))).contains("ms-" + status));
    assertThat(browser.text(".legend")).contains("紧急告警（P1）", "设备离线", "外出 / 住院", "正常", "站点", "在岗人员");
    browser.screenshot("page-map");

    @SuppressWarnings("unchecked")
    List<String> requested = (List<String>) browser.js("""
        return performance.getEntries()
          .filter(function (e) { return e.entryType === "resource" || e.entryType === "navigation"; })
          .map(function (e) { return e.name; });
        """);
    assertThat(requested).isNotEmpty().anySatisfy(url -> assertThat(url).contains("/api/map"));
    assertThat(requested).allSatisfy(url -> assertThat(url).startsWith(browser.base() + "/"));

    long fine = statuses.values().stream().filter("FINE"::equals).count();
    browser.find("#map input[name=status][value=FINE]").click();
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> browser.findAll("#map-plot circle").size() == statuses.size() - fine);
    browser.find("#map input[name=status][value=FINE]").click();

    browser.find("#map-plot a.elder[data-elder-id=\"" + otherElder + "\"]").click();
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> browser.js("return location.hash;"), ("#/elders/" + otherElder)::equals);
    browser.awaitText("#page-title", s -> s.contains("郑国强"));
  }

  @Test
  void givenAnElderWithAFall_whenTheirPageOpens_thenProfileAssessmentContactsAlertsAndNoReadingsAreShown() throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "冯淑珍", "radar-pages-elder", "s3cret-elder");
    fixtures.maskedIdCard(elderId, "0248");
    assertThat(stack.admin().post("/api/elders/" + elderId + "/assessments", new JsonObject().put("score", 52)
        .put("assessedOn", "2025-08-01").put("assessor", "赵敏（楚雄市老年人能力评估中心）")).status()).isEqualTo(201);
    assertThat(stack.admin().post("/api/elders/" + elderId + "/contacts", new JsonObject().put("name", "冯建华")
        .put("relation", "儿子").put("phone", "13800000101").put("channels", new JsonArray().add("SMS"))).status())
        .isEqualTo(201);
    fixtures.publishFall("radar-pages-elder", "s3cret-elder", "elder-" + System.nanoTime());
    long alertId = stack.awaitOpenAlertFor(elderId).getLong("id");

    browser.enter(stack.signIn("pages.admin").token());
    browser.go("#/elders/" + elderId);
    browser.awaitText("#page-title", s -> s.contains("冯淑珍"));
    String page = browser.awaitText("#elder .page-body", s -> s.contains("告警记录"));
    assertThat(page).contains("**************0248").contains("中度失能（52 分）").contains("冯建华").contains("儿子")
        .contains("13800000101").contains("短信");
    assertThat(browser.findAll("#elder-alert-table tr[data-alert-id=\"" + alertId + "\"]")).hasSize(1);
    browser.awaitText("#elder-readings", s -> s.contains("这段时间没有生命体征读数"));
    browser.screenshot("page-elder");

    browser.find("#elder-alert-table tr[data-alert-id=\"" + alertId + "\"] a").click();
    browser.awaitText("#timeline", s -> s.contains("系统生成告警"));
    assertThat(browser.text("#timeline")).contains("设备事件：跌倒（触发本告警）").contains("radar-pages-elder");
    assertThat(browser.text("#alert .actions")).contains("确认", "处置", "误报");
    assertThat(browser.findAll("#alert-readings")).as("a fall's events carry no readings to draw").isEmpty();
  }

  @Test
  void givenAnElderWithADayOfVitalsAndAWeekOfWater_whenTheFamilyOpensTheirPage_thenTheChartsDrawEveryBucketAndBreakAtGaps()
      throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "施桂珍", "radar-pages-chart", "s3cret-chart");
    fixtures.waterMeterBeside("radar-pages-chart", "wm-pages-chart");
    TestAccounts.family(db, "pages.chart.family", elderId);
    java.time.Instant now = java.time.Instant.now();
    // Two readings a minute apart in each of 16 half-hour buckets in a row, a gap of three hours, then 3 more.
    java.time.Instant hour = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    for (int h = 1; h <= 25; h++) {
      if (h >= 4 && h <= 9) {
        continue;
      }
      java.time.Instant at = hour.minus(java.time.Duration.ofMinutes(30L * h)).plus(java.time.Duration.ofMinutes(5));
      fixtures.journal("radar-pages-chart", "VITALS", at, "{\"heartRate\":" + (64 + (h % 5) * 4)
          + ",\"breathingRate\":" + (13 + h % 3) + "}");
      fixtures.journal("radar-pages-chart", "VITALS", at.plusSeconds(60), "{\"heartRate\":" + (70 + (h % 5) * 4)
          + ",\"breathingRate\":" + (15 + h % 3) + "}");
    }
    for (int d = 0; d < 6; d++) {
      fixtures.journal("wm-pages-chart", "WATER_READING", now.minus(java.time.Duration.ofHours(6 + 24L * d)),
          "{\"intervalMinutes\":30,\"volumeL\":" + (20 + d * 7) + ",\"registerL\":1000}");
    }

    browser.enter(stack.signIn("pages.chart.family").token());
    browser.go("#/elders/" + elderId);
    browser.awaitText("#elder-readings", s -> s.contains("心率（次/分）"));
    assertThat(browser.findAll("#elder-readings figure")).hasSize(2);
    assertThat(browser.findAll("#elder-readings figure[data-series=heartRate] circle.reading")).hasSize(19);
    assertThat(browser.findAll("#elder-readings figure[data-series=heartRate] line.range")).hasSize(19);
    assertThat(browser.findAll("#elder-readings figure[data-series=heartRate] polyline.series")).as("split at the gap")
        .hasSize(2);
    assertThat(browser.find("#elder-readings figure[data-series=heartRate] svg").getDomAttribute("aria-label"))
        .isEqualTo("心率（次/分）：67 至 83，共 19 个时段");
    assertThat(browser.find("#elder-readings button[data-kind=vitals]").getDomAttribute("aria-pressed")).isEqualTo("true");
    browser.js("document.getElementById('elder-readings').scrollIntoView();");
    browser.screenshot("page-elder-readings-vitals");

    browser.find("#elder-readings button[data-kind=water]").click();
    browser.awaitText("#elder-readings", s -> s.contains("用水量（升）"));
    assertThat(browser.findAll("#elder-readings figure[data-series=volumeL] rect.bar")).hasSize(6);
    browser.js("document.getElementById('elder-readings').scrollIntoView();");
    browser.screenshot("page-elder-readings-water");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'ELDER_READ'"
        + " AND fields @> ARRAY['readings.water'] AND ? = ANY (elder_ids)", elderId)).isEqualTo(1);
  }

  @Test
  void givenAnAlertWhoseEventsCarryHeartRates_whenItsHistoryOpens_thenTheReadingsAreDrawnFromThoseEvents()
      throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "陶德昌", "radar-pages-vitals", "s3cret-vitals");
    fixtures.publishFall("radar-pages-vitals", "s3cret-vitals", "vitals-fall-" + System.nanoTime());
    long alertId = stack.awaitOpenAlertFor(elderId).getLong("id");
    int[][] readings = {{3, 72, 14}, {2, 128, 22}, {1, 141, 27}};
    for (int[] r : readings) {
      fixtures.publishVitals("radar-pages-vitals", "s3cret-vitals", "vitals-" + r[0] + "-" + System.nanoTime(), r[0], r[1], r[2]);
    }
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> fixtures.events("radar-pages-vitals", "VITALS") == 3);
    fixtures.linkEvents(alertId, "radar-pages-vitals", "VITALS");

    browser.enter(stack.signIn("pages.admin").token());
    browser.go("#/alerts/" + alertId);
    browser.awaitText("#alert-readings", s -> s.contains("心率"));
    assertThat(browser.findAll("#alert-readings figure")).hasSize(2);
    assertThat(browser.findAll("#alert-readings figure[data-field=heartRate] circle.reading")).hasSize(3);
    assertThat(browser.find("#alert-readings figure[data-field=heartRate] svg").getDomAttribute("aria-label"))
        .isEqualTo("心率：72 至 141，共 3 个读数");
    assertThat(browser.text("#timeline")).contains("心率 = 128").contains("在床 = 是");
    browser.screenshot("page-alert-readings");
  }

  @Test
  void givenTheBureau_whenSignedIn_thenTheyLandOnTheOverviewWhoseFiguresAgreeWithTheApi() throws Exception {
    browser.signIn("pages.bureau", TestAccounts.PASSWORD);
    assertThat(browser.js("return location.hash;")).isEqualTo("#/overview");
    assertThat(menu()).containsExactly("关爱地图", "监管概览");
    browser.awaitText("#ov-figures [data-code=familyConsent]", s -> !s.isEmpty());

    long p1 = stack.admin().get("/api/alerts/history?status=open&severity=P1&limit=1").json().getLong("total");
    assertThat(browser.text("#ov-open [data-severity=P1]")).isEqualTo(String.valueOf(p1));
    JsonObject figures = stack.signIn("pages.bureau").get("/api/indicators").json();
    assertThat(browser.findAll("#ov-figures .figure")).hasSize(figures.getJsonArray("figures").size());
    for (Object o : figures.getJsonArray("figures")) {
      JsonObject f = (JsonObject) o;
      String card = "#ov-figures [data-code=" + f.getString("code") + "]";
      assertThat(browser.text(card + " h2")).isEqualTo(f.getString("name"));
      assertThat(browser.text(card + " .source")).contains(f.getString("view"));
      if (f.getValue("denominator") != null) {
        assertThat(browser.text(card + " .basis")).isEqualTo(f.getLong("numerator", 0L) + " / " + f.getLong("denominator"));
      }
      if ("SHARE".equals(f.getString("unit")) && f.getValue("value") != null) {
        assertThat(browser.text(card + " .big"))
            .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f%%", 100 * f.getDouble("value")));
      }
    }
    assertThat(browser.text("#ov-figures [data-code=nursingBedShare] .target")).isEqualTo("规划目标 55%");
    browser.screenshot("page-overview");

    browser.go("#/board");
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> browser.js("return location.hash;"), "#/overview"::equals);
  }

  @Test
  void givenTheCareMapInChinese_whenTheLanguageButtonIsPressed_thenItSpeaksEnglishAndBack() throws Exception {
    browser.enter(stack.signIn("pages.staff").token());
    assertThat(menu()).containsExactly("告警看板", "关爱地图");
    browser.go("#/map");
    browser.awaitText(".legend", s -> s.contains("图例"));

    browser.find("#lang").click();

    browser.awaitText(".legend", s -> s.contains("Legend"));
    assertThat(browser.text("h1")).contains("Care map");
    assertThat(browser.find("html").getDomAttribute("lang")).isEqualTo("en");
    assertThat(menu()).containsExactly("Alert board", "Care map");
    assertThat(browser.text("#map .filters")).contains("Urgent alert (P1)");
    assertThat(browser.text("#lang")).isEqualTo("中文");
    assertThat(browser.text(".foot")).contains("Beijing time");
    browser.screenshot("page-map-en");

    browser.find("#lang").click();
    browser.awaitText(".legend", s -> s.contains("图例"));
    assertThat(browser.text("h1")).contains("关爱地图");
  }

  @SuppressWarnings("unchecked")
  private List<String> menu() {
    return (List<String>) browser.js(
        "return Array.from(document.querySelectorAll('#nav a')).map(function (a) { return a.innerText.trim(); });");
  }
}
