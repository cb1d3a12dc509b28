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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The care map page's safe-zone layer (rule 20), in a real browser. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SafeZoneMapBrowserTest {

  private CompletableFuture<ConsoleBrowser> starting;
  private HikariDataSource db;
  private RunningStack stack;
  private ConsoleBrowser browser;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(ConsoleBrowser.installed(),
        "Chromium or its driver is not installed (Debian packages chromium and chromium-driver); CI installs them");
    starting = ConsoleBrowser.launch("zones");
    db = TestDatabases.fresh();
    stack = RunningStack.start(db);
    ConsoleFixtures fixtures = new ConsoleFixtures(db, stack);
    long elder = TestRegistry.elderWithRadar(db, "周秀英", "radar-zones", "s3cret-zones");
    long site = fixtures.siteOf(elder);
    fixtures.placeSite(site, 101.5461, 25.0328);
    fixtures.placeElder(elder, 101.5420, 25.0361);
    TestAccounts.create(db, "zones.staff", Role.STAFF, site);
    assertThat(stack.signIn("zones.staff").put("/api/elders/" + elder + "/safe-zones", new JsonObject().put("zones",
        new JsonArray().add(new JsonObject().put("name", "家附近").put("shape", "CIRCLE").put("anchor", "HOME")
            .put("radiusM", 400)))).status()).isEqualTo(200);
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

  @Test
  void givenAnElderWithACircleZone_whenStaffTurnOnTheZoneLayer_thenItIsDrawnAroundTheHomeAndScalesWithZoom()
      throws Exception {
    browser.enter(stack.signIn("zones.staff").token());
    browser.go("#/map");
    browser.awaitText("#map-summary", s -> !s.isEmpty());
    assertThat(browser.findAll("#map-plot .safe-zone")).as("off by default").isEmpty();

    browser.find("input[name=layer][value=zones]").click();
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> browser.findAll("#map-plot .safe-zone").size() == 1);
    double radius = Double.parseDouble(browser.find("#map-plot .safe-zone").getAttribute("r"));
    browser.find(".zoom button").click();
    double zoomed = Double.parseDouble(browser.find("#map-plot .safe-zone").getAttribute("r"));

    assertThat(radius).isPositive();
    assertThat(zoomed).isCloseTo(radius * 1.5, org.assertj.core.data.Offset.offset(0.2));
    assertThat(browser.findAll("#map-plot a.elder circle")).hasSize(1);
    assertThat(browser.errors()).as("script errors").isEmpty();
    browser.screenshot("page-map-zones");
  }
}
