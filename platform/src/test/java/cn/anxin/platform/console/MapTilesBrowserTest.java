package cn.anxin.platform.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.caremap.MapTiles;
import cn.anxin.platform.launch.StackOptions;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The care map over raster tiles, in a real browser: a stack configured with a tile server of the
 * test's own on loopback, which serves a generated PNG for every /{z}/{x}/{y}.png and records what
 * it was asked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MapTilesBrowserTest {

  private static final Pattern TILE_PATH = Pattern.compile("^/(\\d+)/(\\d+)/(\\d+)\\.png$");
  private static final String ATTRIBUTION = "© 测试底图 Test tiles";

  /** Elders' homes, all different, spread over a few kilometres of Chuxiong. */
  private static final double[][] HOMES = {{101.5420, 25.0361}, {101.5921, 25.0102}, {101.5488, 25.0412}};

  private final List<String> requested = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> pngs = new ConcurrentHashMap<>();
  private CompletableFuture<ConsoleBrowser> starting;
  private HttpServer tileServer;
  private HikariDataSource db;
  private RunningStack stack;
  private ConsoleBrowser browser;
  private String tileOrigin;
  private final Map<Long, double[]> homes = new LinkedHashMap<>();

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(ConsoleBrowser.installed(),
        "Chromium or its driver is not installed (Debian packages chromium and chromium-driver); CI installs them");
    starting = ConsoleBrowser.launch("tiles");
    tileServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tileServer.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      requested.add(path);
      Matcher m = TILE_PATH.matcher(path);
      byte[] body = m.matches() ? pngs.computeIfAbsent(path, p -> png(Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)))) : new byte[0];
      exchange.getResponseHeaders().add("Content-Type", m.matches() ? "image/png" : "text/plain");
      exchange.sendResponseHeaders(m.matches() ? 200 : 404, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    tileServer.start();
    tileOrigin = "http://127.0.0.1:" + tileServer.getAddress().getPort();

    db = TestDatabases.fresh();
    stack = RunningStack.start(db, StackOptions.loopback()
        .withMapTiles(MapTiles.of(tileOrigin + "/{z}/{x}/{y}.png", ATTRIBUTION)));
    ConsoleFixtures fixtures = new ConsoleFixtures(db, stack);
    for (int i = 0; i < HOMES.length; i++) {
      long elder = TestRegistry.elderWithRadar(db, "瓦片老人" + i, "radar-tiles-" + i, "s3cret-tiles-" + i);
      fixtures.placeElder(elder, HOMES[i][0], HOMES[i][1]);
      fixtures.placeSite(fixtures.siteOf(elder), HOMES[i][0] + 0.004, HOMES[i][1] - 0.003);
      homes.put(elder, HOMES[i]);
    }
    TestAccounts.create(db, "tiles.admin", Role.ADMIN);
    browser = starting.join().at("http://127.0.0.1:" + stack.httpPort());
  }

  @AfterAll
  void stop() throws Exception {
    if (browser == null && starting != null) {
      browser = starting.exceptionally(e -> null).join();
    }
    try (ConsoleBrowser b = browser; RunningStack s = stack; HikariDataSource d = db) {
      // closed in reverse order
    } finally {
      if (tileServer != null) {
        tileServer.stop(0);
      }
    }
  }

  @Test
  void givenATileServer_whenTheCareMapOpens_thenTilesCoveringTheAreaAreFetchedAndDrawnUnderMarkersInTheSameProjection()
      throws Exception {
    JsonObject settings = stack.signIn("tiles.admin").get("/api/map/tiles").json();
    assertThat(settings.getBoolean("enabled")).isTrue();
    assertThat(settings.getString("url")).isEqualTo(tileOrigin + "/{z}/{x}/{y}.png");
    assertThat(settings.getString("attribution")).isEqualTo(ATTRIBUTION);

    browser.enter(stack.signIn("tiles.admin").token());
    browser.go("#/map");
    browser.awaitText("#map-summary", s -> !s.isEmpty());
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> browser.findAll("#map-plot a.elder circle").size() == HOMES.length
        && !browser.findAll("#map-plot image.tile").isEmpty());

    List<Tile> tiles = drawnTiles();
    int z = tiles.get(0).z;
    double[] plot = rect("#map-plot");
    assertThat(tiles).allSatisfy(t -> assertThat(t.z).isEqualTo(z));
    // The zoom level whose tiles show at about their own size: 256 px within a factor of the square root of 2.
    assertThat(tiles.get(0).width).isBetween(256 / Math.sqrt(2) - 1, 256 * Math.sqrt(2) + 1);
    assertThat(z).isBetween(10, 18);
    // Exactly the tiles that overlap the plot: a full rectangle of them, each one overlapping, together covering it.
    Set<Integer> xs = new HashSet<>();
    Set<Integer> ys = new HashSet<>();
    tiles.forEach(t -> { xs.add(t.x); ys.add(t.y); });
    assertThat(tiles).hasSize(xs.size() * ys.size());
    assertThat(tiles).allSatisfy(t -> {
      assertThat(t.left).isLessThan(plot[2]);
      assertThat(t.left + t.width).isGreaterThan(plot[0]);
      assertThat(t.top).isLessThan(plot[3]);
      assertThat(t.top + t.height).isGreaterThan(plot[1]);
    });
    assertThat(tiles.stream().mapToDouble(t -> t.left).min().orElseThrow()).isLessThanOrEqualTo(plot[0] + 0.5);
    assertThat(tiles.stream().mapToDouble(t -> t.left + t.width).max().orElseThrow()).isGreaterThanOrEqualTo(plot[2] - 0.5);
    assertThat(tiles.stream().mapToDouble(t -> t.top).min().orElseThrow()).isLessThanOrEqualTo(plot[1] + 0.5);
    assertThat(tiles.stream().mapToDouble(t -> t.top + t.height).max().orElseThrow()).isGreaterThanOrEqualTo(plot[3] - 0.5);
    assertThat(tiles).allSatisfy(t -> assertThat(t.href).isEqualTo(tileOrigin + "/" + t.z + "/" + t.x + "/" + t.y + ".png"));

    // Every elder sits in the tile the tile maths puts it in, at the same place within it (one projection for both).
    for (Map.Entry<Long, double[]> home : homes.entrySet()) {
      double lon = home.getValue()[0];
      double lat = home.getValue()[1];
      int n = 1 << z;
      double wx = mercatorX(lon) * n;
      double wy = mercatorY(lat) * n;
      Tile tile = tiles.stream().filter(t -> t.x == (int) Math.floor(wx) && t.y == (int) Math.floor(wy)).findFirst()
          .orElseThrow(() -> new AssertionError("no tile drawn under elder " + home.getKey()));
      double[] marker = rect("#map-plot a.elder[data-elder-id=\"" + home.getKey() + "\"] circle");
      double cx = (marker[0] + marker[2]) / 2;
      double cy = (marker[1] + marker[3]) / 2;
      assertThat(cx).as("elder " + home.getKey() + " across").isCloseTo(tile.left + (wx - Math.floor(wx)) * tile.width, Offset.offset(1.5));
      assertThat(cy).as("elder " + home.getKey() + " down").isCloseTo(tile.top + (wy - Math.floor(wy)) * tile.height, Offset.offset(1.5));
    }

    // The tile server was asked for every tile drawn, and for nothing else.
    Set<String> drawnPaths = new HashSet<>();
    tiles.forEach(t -> drawnPaths.add("/" + t.z + "/" + t.x + "/" + t.y + ".png"));
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> new HashSet<>(requested).containsAll(drawnPaths));
    assertThat(requested).allSatisfy(p -> assertThat(p).matches(TILE_PATH));
    assertThat(browser.js("return document.querySelector('#map-plot text.attribution').textContent;"))
        .isEqualTo(ATTRIBUTION);
    assertThat((Boolean) browser.js("""
        return Array.from(document.querySelectorAll("#map-plot image.tile"))
          .every(function (i) { return i.compareDocumentPosition(document.querySelector("#map-plot .markers"))
            & Node.DOCUMENT_POSITION_FOLLOWING; });
        """)).as("tiles under the markers").isTrue();
    @SuppressWarnings("unchecked")
    List<String> fetched = (List<String>) browser.js("""
        return performance.getEntries()
          .filter(function (e) { return e.entryType === "resource" || e.entryType === "navigation"; })
          .map(function (e) { return e.name; });
        """);
    assertThat(fetched).allSatisfy(url -> assertThat(url).satisfiesAnyOf(
        u -> assertThat(u).startsWith(browser.base() + "/"), u -> assertThat(u).startsWith(tileOrigin + "/")));
    browser.js("document.getElementById('map-plot').scrollIntoView({block: 'center'});");
    browser.screenshot("page-map-tiles");

    // Zooming in twice (2.25 times) goes at least one tile level deeper and fetches those tiles.
    browser.find(".zoom button").click();
    browser.find(".zoom button").click();
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> drawnTiles().stream().allMatch(t -> t.z > z));
    List<Tile> deeper = drawnTiles();
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> deeper.stream()
        .allMatch(t -> requested.contains("/" + t.z + "/" + t.x + "/" + t.y + ".png")));
    assertThat(deeper.get(0).width).isBetween(256 / Math.sqrt(2) - 1, 256 * Math.sqrt(2) + 1);
    assertThat(browser.errors()).as("script errors").isEmpty();
    browser.screenshot("page-map-tiles-zoomed");
  }

  @Test
  void givenTheConsolesTileMaths_whenAskedForKnownPoints_thenItAgreesWithTheXyzScheme() {
    browser.driver().get(browser.base() + "/");
    double[][] points = {{0, 0, 1}, {-180, 85, 0}, {179.999, -85, 2}, {101.5420, 25.0361, 14}, {102.7123, 25.0406, 17},
        {13.3777, 52.5163, 17}};
    for (double[] p : points) {
      int z = (int) p[2];
      int n = 1 << z;
      int x = Math.min(n - 1, (int) Math.floor(mercatorX(p[0]) * n));
      int y = Math.min(n - 1, (int) Math.floor(mercatorY(p[1]) * n));
      @SuppressWarnings("unchecked")
      Map<String, Object> tile = (Map<String, Object>) browser.driver().executeAsyncScript("""
          var a = arguments;
          var done = a[a.length - 1];
          import("/js/tiles.js").then(function (m) { done(m.tileOf(a[0], a[1], a[2])); })
            .catch(function (e) { done({ error: String(e) }); });
          """, p[0], p[1], z);
      assertThat(tile).doesNotContainKey("error");
      assertThat(((Number) tile.get("x")).intValue()).as("x of " + p[0] + "," + p[1] + " at " + z).isEqualTo(x);
      assertThat(((Number) tile.get("y")).intValue()).as("y of " + p[0] + "," + p[1] + " at " + z).isEqualTo(y);
    }
    assertThat(Math.floor(mercatorX(0) * 2)).isEqualTo(1);
    assertThat(Math.floor(mercatorY(0) * 2)).isEqualTo(1);
    // Berlin's Brandenburg Gate, a common worked example of the scheme: 17/70406/42987.
    assertThat((int) Math.floor(mercatorX(13.3777) * (1 << 17))).isEqualTo(70406);
    assertThat((int) Math.floor(mercatorY(52.5163) * (1 << 17))).isEqualTo(42987);
  }

  private static double mercatorX(double lon) {
    return (lon + 180) / 360;
  }

  private static double mercatorY(double lat) {
    double phi = Math.toRadians(Math.max(-85.0511287798066, Math.min(85.0511287798066, lat)));
    return (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2;
  }

  /** The screen rectangle [left, top, right, bottom] of the first element matching. */
  @SuppressWarnings("unchecked")
  private double[] rect(String css) {
    List<Number> r = (List<Number>) browser.js(
        "var b = document.querySelector(arguments[0]).getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom];", css);
    return new double[] {r.get(0).doubleValue(), r.get(1).doubleValue(), r.get(2).doubleValue(), r.get(3).doubleValue()};
  }

  record Tile(String href, int z, int x, int y, double left, double top, double width, double height) {}

  @SuppressWarnings("unchecked")
  private List<Tile> drawnTiles() {
    List<Map<String, Object>> raw = (List<Map<String, Object>>) browser.js("""
        return Array.from(document.querySelectorAll("#map-plot image.tile")).map(function (i) {
          var b = i.getBoundingClientRect();
          return { href: i.getAttribute("href"), z: Number(i.dataset.z), x: Number(i.dataset.x), y: Number(i.dataset.y),
                   left: b.left, top: b.top, width: b.width, height: b.height };
        });
        """);
    List<Tile> tiles = new ArrayList<>();
    for (Map<String, Object> t : raw) {
      tiles.add(new Tile((String) t.get("href"), ((Number) t.get("z")).intValue(), ((Number) t.get("x")).intValue(),
          ((Number) t.get("y")).intValue(), ((Number) t.get("left")).doubleValue(), ((Number) t.get("top")).doubleValue(),
          ((Number) t.get("width")).doubleValue(), ((Number) t.get("height")).doubleValue()));
    }
    return tiles;
  }

  /** A tile image: a pale land colour that varies by tile, with its border drawn, so tiles show in screenshots. */
  private static byte[] png(int x, int y) {
    BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(220 + (x % 3) * 10, 232, 205 + (y % 3) * 15));
    g.fillRect(0, 0, 256, 256);
    g.setColor(new Color(150, 170, 150));
    g.drawRect(0, 0, 255, 255);
    g.drawLine(0, 128, 255, 128);
    g.drawLine(128, 0, 128, 255);
    g.dispose();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
