package cn.anxin.platform.launch;

import cn.anxin.gateway.mqtt.GatewayOptions;
import cn.anxin.platform.caremap.MapTiles;
import cn.anxin.platform.privacy.PiiKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What runs in this process and where it listens. Environment variables: {@code ANXIN_HTTP_HOST},
 * {@code ANXIN_HTTP_PORT}, {@code ANXIN_JOURNAL_POLL_MS}, {@code ANXIN_SESSION_HOURS}, {@code ANXIN_PII_*}, {@code ANXIN_MAP_TILES*}, plus the gateway's {@code ANXIN_MQTT_*}.
 *
 * @param runGateway start the MQTT gateway
 * @param runPlatform start the platform: journal processing, HTTP API and console
 * @param gateway the MQTT listener's options
 * @param httpHost address the HTTP server binds
 * @param httpPort its port; 0 picks a free one
 * @param journalPollMillis how often the platform looks for events stored by other processes
 * @param clock the time source for everything the stack stamps
 * @param piiKeys the keys that protect ID-card numbers ({@code ANXIN_PII_KEYS}, {@code ANXIN_PII_HASH_KEY});
 *     the platform does not start without them
 * @param sessionLifetime how long a sign-in lasts ({@code ANXIN_SESSION_HOURS}, 12 by default: a shift)
 * @param trustedProxies addresses of the reverse proxies in front of the HTTP port
 *     ({@code ANXIN_HTTP_TRUSTED_PROXIES}, comma-separated): only from them are X-Forwarded-For and
 *     X-Forwarded-Proto believed
 * @param mapTiles the raster tiles the care map draws under its features ({@code ANXIN_MAP_TILES},
 *     {@code ANXIN_MAP_TILES_ATTRIBUTION}, {@code ANXIN_MAP_TILES_MAX_ZOOM}); {@link MapTiles#NONE} by default
 */
public record StackOptions(
    boolean runGateway,
    boolean runPlatform,
    GatewayOptions gateway,
    String httpHost,
    int httpPort,
    long journalPollMillis,
    Clock clock,
    PiiKeys piiKeys,
    Duration sessionLifetime,
    java.util.Set<String> trustedProxies,
    MapTiles mapTiles) {

  public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final long DEFAULT_JOURNAL_POLL_MILLIS = 1_000;

  public StackOptions {
    mapTiles = mapTiles == null ? MapTiles.NONE : mapTiles;
  }

  /** Without map tiles, as before tiles were configurable. */
  public StackOptions(boolean runGateway, boolean runPlatform, GatewayOptions gateway, String httpHost, int httpPort,
      long journalPollMillis, Clock clock, PiiKeys piiKeys, Duration sessionLifetime,
      java.util.Set<String> trustedProxies) {
    this(runGateway, runPlatform, gateway, httpHost, httpPort, journalPollMillis, clock, piiKeys, sessionLifetime,
        trustedProxies, MapTiles.NONE);
  }

  /** @throws SettingRefused when a setting (so far: the map tiles) is not usable */
  public static StackOptions fromEnv(Map<String, String> env) {
    MapTiles tiles;
    try {
      tiles = MapTiles.fromEnv(env);
    } catch (IllegalArgumentException e) {
      throw new SettingRefused(e.getMessage());
    }
    String port = env.get("ANXIN_HTTP_PORT");
    String poll = env.get("ANXIN_JOURNAL_POLL_MS");
    return new StackOptions(
        true,
        true,
        GatewayOptions.fromEnv(env),
        env.getOrDefault("ANXIN_HTTP_HOST", DEFAULT_HTTP_HOST),
        port == null || port.isBlank() ? DEFAULT_HTTP_PORT : Integer.parseInt(port.trim()),
        poll == null || poll.isBlank() ? DEFAULT_JOURNAL_POLL_MILLIS : Long.parseLong(poll.trim()),
        Clock.systemUTC(),
        PiiKeys.fromEnvironment(env),
        Duration.ofHours(Long.parseLong(env.getOrDefault("ANXIN_SESSION_HOURS", "12").trim())),
        java.util.Arrays.stream(env.getOrDefault("ANXIN_HTTP_TRUSTED_PROXIES", "").split(","))
            .map(String::strip).filter(a -> !a.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet()),
        tiles);
  }

  /** Both parts on loopback, on free ports, with keys that last as long as the JVM: for tests and tools. */
  public static StackOptions loopback() {
    return new StackOptions(
        true, true, GatewayOptions.defaults().onFreePorts("127.0.0.1"),
        "127.0.0.1", 0, DEFAULT_JOURNAL_POLL_MILLIS, Clock.systemUTC(), PiiKeys.ephemeral(),
        Duration.ofHours(12), java.util.Set.of());
  }

  public StackOptions withGateway(GatewayOptions newGateway) {
    return new StackOptions(runGateway, runPlatform, newGateway, httpHost, httpPort, journalPollMillis, clock,
        piiKeys, sessionLifetime, trustedProxies, mapTiles);
  }

  public StackOptions only(boolean gatewayPart, boolean platformPart) {
    return new StackOptions(gatewayPart, platformPart, gateway, httpHost, httpPort, journalPollMillis, clock,
        piiKeys, sessionLifetime, trustedProxies, mapTiles);
  }

  /** The same options with these map tiles (tests set them without the environment). */
  public StackOptions withMapTiles(MapTiles tiles) {
    return new StackOptions(runGateway, runPlatform, gateway, httpHost, httpPort, journalPollMillis, clock,
        piiKeys, sessionLifetime, trustedProxies, java.util.Objects.requireNonNull(tiles, "tiles"));
  }

  /** The same options on another clock (a {@link SimulatedClock} for simulated days). */
  public StackOptions withClock(Clock newClock) {
    return new StackOptions(runGateway, runPlatform, gateway, httpHost, httpPort, journalPollMillis,
        java.util.Objects.requireNonNull(newClock, "clock"), piiKeys, sessionLifetime, trustedProxies, mapTiles);
  }

  public StackOptions withPiiKeys(PiiKeys keys) {
    return new StackOptions(runGateway, runPlatform, gateway, httpHost, httpPort, journalPollMillis, clock,
        keys, sessionLifetime, trustedProxies, mapTiles);
  }
}
