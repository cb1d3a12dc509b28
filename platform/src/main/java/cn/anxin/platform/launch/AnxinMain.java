package cn.anxin.platform.launch;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.store.Database;
import cn.anxin.platform.store.DatabaseOptions;
import cn.anxin.platform.privacy.PiiKeys;
import cn.anxin.sim.DemoScenario;
import cn.anxin.sim.DemoSettings;
import cn.anxin.sim.DeviceCredential;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar anxin.jar [run|demo|gateway|platform|rotate-pii-keys]}: configuration from the environment. */
@Command(
    name = "anxin",
    mixinStandardHelpOptions = true,
    description = "安心 Anxin smart elderly-care platform. Without a command: gateway and platform.",
    subcommands = {AnxinMain.Demo.class, AnxinMain.GatewayOnly.class, AnxinMain.PlatformOnly.class,
        AnxinMain.RotatePiiKeys.class})
public final class AnxinMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(AnxinMain.class);

  @CommandLine.Mixin
  ClockOptions clock = new ClockOptions();

  public static void main(String[] args) {
    System.exit(new CommandLine(new AnxinMain()).setExecutionExceptionHandler((e, command, parsed) -> {
      if (e instanceof SettingRefused refused) {
        System.err.println("安心 Anxin cannot start: " + refused.getMessage());
        return 2;
      }
      throw e;
    }).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    clock.apply(StackOptions.fromEnv(System.getenv())); // refuses wrong options before anything starts
    return serve(StackOptions.fromEnv(System.getenv()), false, clock);
  }

  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "The whole stack with a seeded demo registry and simulated devices playing a fall.")
  static final class Demo implements Callable<Integer> {
    @CommandLine.Mixin
    ClockOptions clock = new ClockOptions();

    @Override
    public Integer call() throws Exception {
      clock.apply(StackOptions.fromEnv(System.getenv()));
      return serve(StackOptions.fromEnv(System.getenv()), true, clock);
    }
  }

  @Command(name = "gateway", mixinStandardHelpOptions = true,
      description = "Only the gateway (MQTT listeners and HTTP ingest); needs ANXIN_DB_URL, the"
          + " database a platform processes.")
  static final class GatewayOnly implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      if (System.getenv("ANXIN_DB_URL") == null) {
        System.err.println("The gateway alone needs ANXIN_DB_URL: the PostgreSQL a platform processes.");
        return 2;
      }
      return serve(StackOptions.fromEnv(System.getenv()).only(true, false), false);
    }
  }

  @Command(name = "platform", mixinStandardHelpOptions = true,
      description = "Only the platform (journal processing, API, console), beside separate gateways.")
  static final class PlatformOnly implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      return serve(StackOptions.fromEnv(System.getenv()).only(false, true), false);
    }
  }

  @Command(name = "rotate-pii-keys", mixinStandardHelpOptions = true,
      description = "Re-encrypts every ID-card number under the current (first) key of ANXIN_PII_KEYS and"
          + " recomputes its look-up hash with ANXIN_PII_HASH_KEY; see docs/privacy.md. Without those"
          + " settings and ANXIN_DB_URL: the embedded database's keys file (stop the platform first).")
  static final class RotatePiiKeys implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Map<String, String> env = System.getenv();
      DatabaseOptions databaseOptions = DatabaseOptions.fromEnv(env);
      PiiKeys keys = PiiKeys.fromEnvironment(env);
      if (keys == null) {
        java.nio.file.Path file = databaseOptions.dataDir().resolve("pii-keys");
        if (databaseOptions.url().isPresent() || !java.nio.file.Files.exists(file)) {
          System.err.println("Set ANXIN_PII_KEYS (new key first) and ANXIN_PII_HASH_KEY to rotate.");
          return 2;
        }
        keys = PiiKeys.inFile(file);
      }
      try (Database database = Database.open(databaseOptions)) {
        var result = cn.anxin.platform.privacy.PiiRotation.run(
            database.dataSource(), new cn.anxin.platform.privacy.IdCardVault(keys));
        System.out.println("PII keys rotated to " + keys.currentId() + ": " + result);
        return result.unreadable() == 0 ? 0 : 1;
      }
    }
  }

  /** Where runs on a simulated clock keep their embedded database, unless ANXIN_DATA_DIR says otherwise. */
  static final String SIMULATED_DATA_DIR = "anxin-data-simulated";

  private static int serve(StackOptions options, boolean demo) throws Exception {
    return serve(options, demo, null);
  }

  /** With {@code clock}, the simulated clock starts when the stack does, after the database is up. */
  private static int serve(StackOptions options, boolean demo, ClockOptions clock) throws Exception {
    Map<String, String> env = System.getenv();
    DatabaseOptions databaseOptions = DatabaseOptions.fromEnv(env);
    if (clock != null && clock.given() && databaseOptions.url().isEmpty() && !env.containsKey("ANXIN_DATA_DIR")) {
      // Simulated days leave future-dated timers, events and sign-in records behind: they get an
      // embedded database of their own, never the one real-time runs use.
      databaseOptions = DatabaseOptions.embeddedAt(Path.of(SIMULATED_DATA_DIR));
      LOG.info("simulated clock: the embedded database is in {}, apart from real-time runs", SIMULATED_DATA_DIR);
    }
    if (options.runPlatform() && options.piiKeys() == null && databaseOptions.url().isEmpty()) {
      // The embedded database keeps its PII keys beside its data, readable by this user only.
      options = options.withPiiKeys(PiiKeys.inFile(databaseOptions.dataDir().resolve("pii-keys")));
    }
    Database database = Database.open(databaseOptions);
    if (demo) {
      DemoRegistry.seed(database.dataSource(), new SecretHasher(), options.piiKeys());
    }
    if (options.runPlatform()) {
      AdminBootstrap.ensureAdmin(database.dataSource(), new SecretHasher(), env.get("ANXIN_ADMIN_PASSWORD"),
          databaseOptions.dataDir());
    }
    if (clock != null) {
      options = clock.apply(options);
    }
    Vertx vertx = Vertx.vertx();
    Stack stack;
    try {
      stack = Stack.start(vertx, database.dataSource(), options)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("could not start: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
      vertx.close();
      database.close();
      return 1;
    }
    DemoScenario scenario = demo ? startScenario(stack, options.clock()) : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (scenario != null) {
        scenario.close();
      }
      stack.close();
      vertx.close().toCompletionStage().toCompletableFuture().join();
      try {
        database.close();
      } catch (Exception e) {
        LOG.warn("database did not close cleanly: {}", e.toString());
      }
      stopped.countDown();
    }, "anxin-shutdown"));
    if (options.clock() instanceof SimulatedClock simulated) {
      LOG.info("simulated clock: {} now, {} times real time", simulated.instant(), simulated.speed());
    }
    if (options.runPlatform()) {
      LOG.info("安心 Anxin is running: console http://localhost:{}/  (Ctrl+C stops)", stack.httpPort());
    } else {
      LOG.info("安心 Anxin gateway is running: MQTT on {}, HTTP ingest on {}  (Ctrl+C stops)",
          stack.mqttPort(), stack.httpPort());
    }
    stopped.await();
    return 0;
  }

  private static DemoScenario startScenario(Stack stack, java.time.Clock clock) {
    var devices = DemoRegistry.DEVICES.stream()
        .map(d -> new DeviceCredential(d.id(), d.secret()))
        .toList();
    DemoScenario scenario = new DemoScenario(
        DemoSettings.of("127.0.0.1", stack.mqttPort(), devices).withDuration(Duration.ZERO),
        System.out, clock.withZone(java.time.ZoneId.systemDefault()));
    Thread player = new Thread(() -> {
      try {
        scenario.run();
      } catch (Exception e) {
        LOG.warn("demo scenario stopped: {}", e.toString());
      }
    }, "anxin-demo-devices");
    player.setDaemon(true);
    player.start();
    return scenario;
  }
}
