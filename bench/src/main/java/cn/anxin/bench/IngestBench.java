package cn.anxin.bench;

import ch.qos.logback.classic.Level;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sustained QoS 1 ingest: N devices publish valid contract-v1 events as fast as a window of M
 * unacknowledged messages each allows, first for a discarded warm-up, then for a measured window.
 * By default the publishers are mosquitto_pub processes ({@link CPublisherRun}) and the rate is
 * counted on the receiving side; with {@code --publishers paho} they are Paho clients in this JVM,
 * counted by their PUBACKs, with PUBACK latency. Against Anxin every message the publishers had
 * acknowledged must be a row in {@code device_event}. Prints figures; a timing never fails it. All
 * traffic stays on 127.0.0.1; every phase is bounded in time and count.
 */
@Command(
    name = "ingest-bench",
    mixinStandardHelpOptions = true,
    description = "Sustained QoS 1 ingest through the Anxin gateway into PostgreSQL, or through the"
        + " Mosquitto baseline.")
public final class IngestBench implements Callable<Integer> {

  enum TargetKind { anxin, mosquitto }

  enum PublisherKind { mosquitto_pub, paho }

  @Spec
  CommandSpec spec;

  @Option(names = "--target", defaultValue = "anxin",
      description = "anxin (the real stack, in this JVM) or mosquitto (the baseline). Default: ${DEFAULT-VALUE}")
  TargetKind targetKind;

  @Option(names = "--publishers", defaultValue = "mosquitto_pub",
      description = "mosquitto_pub: one C publisher process per device (mosquitto_pub -l -q 1 -M"
          + " <inflight>), counted on the receiving side; paho: Paho clients in this JVM, counted"
          + " by their PUBACKs, with PUBACK latency. Default: ${DEFAULT-VALUE}")
  PublisherKind publisherKind;

  @Option(names = "--mosquitto-pub", defaultValue = "mosquitto_pub",
      description = "mosquitto_pub executable. Default: ${DEFAULT-VALUE}")
  String mosquittoPub;

  @Option(names = "--publisher-logs",
      description = "Directory for the mosquitto_pub processes' output. Default: a directory in"
          + " the JVM's temporary directory.")
  Path publisherLogs;

  @Option(names = "--summary",
      description = "Append this case's headline figures to this summary.tsv (run-all's format).")
  Path summary;

  @Option(names = "--devices", defaultValue = "20",
      description = "Publishers, one MQTT connection and device each. Default: ${DEFAULT-VALUE}")
  int devices;

  @Option(names = "--inflight", defaultValue = "20",
      description = "Unacknowledged QoS 1 messages per publisher (Paho maxInflight). Default: ${DEFAULT-VALUE}")
  int inflight;

  @Option(names = "--warmup", defaultValue = "20",
      description = "Warm-up seconds, discarded. Default: ${DEFAULT-VALUE}")
  int warmupSeconds;

  @Option(names = "--duration", defaultValue = "30",
      description = "Measured seconds. Default: ${DEFAULT-VALUE}")
  int durationSeconds;

  @Option(names = "--fall-every", defaultValue = "20",
      description = "Paho: every n-th message of a device is a fall, the rest heartbeats;"
          + " mosquitto_pub (one topic per process): every n-th publisher sends falls, the rest"
          + " heartbeats; 0 for heartbeats only. Default: ${DEFAULT-VALUE}")
  int fallEvery;

  @Option(names = "--max-messages", defaultValue = "20000000",
      description = "Cap on messages sent in the whole run, shared among publishers. Default: ${DEFAULT-VALUE}")
  long maxMessages;

  @Option(names = "--drain-timeout", defaultValue = "60",
      description = "Seconds to wait for the last acknowledgements after the window. Default: ${DEFAULT-VALUE}")
  int drainSeconds;

  @Option(names = "--mosquitto", defaultValue = "mosquitto",
      description = "Mosquitto executable for the baseline. Default: ${DEFAULT-VALUE}")
  String mosquitto;

  @Option(names = "--work-dir",
      description = "Where temporary data directories go. Default: the JVM's temporary directory.")
  Path workDir;

  @Option(names = "--log-level", defaultValue = "WARN",
      description = "Level of the product's logging during the run (INFO logs every fall alert)."
          + " Default: ${DEFAULT-VALUE}")
  String logLevel;

  @Option(names = "--gateway-only",
      description = "Anxin only: run the gateway without the platform, so nothing processes the"
          + " journal while it fills (isolates the ingest path).")
  boolean gatewayOnly;

  @Option(names = "--product-limits",
      description = "Anxin only: keep the gateway's per-device publish rate limit (default 20/s,"
          + " burst 100, or ANXIN_MQTT_RATE_PER_DEVICE); by default it is lifted so the ingest path"
          + " is measured rather than the policy.")
  boolean productLimits;

  @Option(names = "--catch-up", defaultValue = "10",
      description = "Anxin only: seconds after the load to watch the platform work off the journal"
          + " backlog alone; 0 to skip. Default: ${DEFAULT-VALUE}")
  int catchUpSeconds;

  @Option(names = "--no-probe", description = "Skip the pool, PostgreSQL and thread sampling.")
  boolean noProbe;

  public static void main(String[] args) {
    // The product's logback.xml declares an appender it may not use; logback would print its
    // whole configuration status for that warning.
    System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
    int code = new CommandLine(new IngestBench()).execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() throws Exception {
    check(devices >= 1 && devices <= 1_000, "--devices must be 1..1000");
    check(inflight >= 1 && inflight <= 65_000, "--inflight must be 1..65000");
    check(warmupSeconds >= 0 && warmupSeconds <= 600, "--warmup must be 0..600 s");
    check(durationSeconds >= 1 && durationSeconds <= 3_600, "--duration must be 1..3600 s");
    check(drainSeconds >= 1 && drainSeconds <= 600, "--drain-timeout must be 1..600 s");
    check(maxMessages >= devices && maxMessages <= 1_000_000_000L, "--max-messages out of range");
    check(fallEvery >= 0, "--fall-every must be 0 or more");
    check(catchUpSeconds >= 0 && catchUpSeconds <= 600, "--catch-up must be 0..600 s");
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.toLevel(logLevel, Level.WARN));
    Path dir = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"));

    System.out.printf("== IngestBench: %s%s, %d %s publishers, max in-flight %d each, QoS 1, MQTT"
            + " 3.1.1, warm-up %d s, measured %d s ==%n",
        targetKind, label(), devices, publisherKind, inflight, warmupSeconds, durationSeconds);
    machine().forEach(l -> System.out.println("machine: " + l));

    long setupStart = System.nanoTime();
    Target target = targetKind == TargetKind.anxin
        ? AnxinTarget.start(devices, dir, System.getenv(), !gatewayOnly,
            productLimits)
        : MosquittoTarget.start(mosquitto, devices, dir);
    AtomicBoolean closed = new AtomicBoolean();
    Runnable closeTarget = () -> {
      if (closed.compareAndSet(false, true)) {
        target.close();
      }
    };
    Thread hook = new Thread(closeTarget, "bench-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      System.out.printf("target ready in %.1f s%n", (System.nanoTime() - setupStart) / 1e9);
      target.describe().forEach(l -> System.out.println("target: " + l));
      if (publisherKind == PublisherKind.paho) {
        return PahoPublisherRun.run(this, target);
      }
      CPublisherRun.Result result = CPublisherRun.run(this, target, publisherLogs != null
          ? publisherLogs : dir.resolve("mosquitto_pub-logs-" + ProcessHandle.current().pid()));
      String name = result.target()
          + (productLimits && targetKind == TargetKind.anxin ? "-product-limits" : "");
      System.out.println("RESULT\t" + String.join("\t", result.fields())
          .replaceFirst("^target=" + result.target(), "target=" + name));
      if (summary != null) {
        String caseName = name + " M=" + inflight;
        String note = devices + " mosquitto_pub, measured " + durationSeconds + " s";
        SummaryFile.append(summary, "ingest", caseName, "msg_per_s",
            String.format(Locale.ROOT, "%.0f", result.rate()), "msg/s", note);
        SummaryFile.append(summary, "ingest", caseName, "server_cpu_per_msg",
            String.format(Locale.ROOT, "%.0f", result.usage().serverMicrosPerMessage()), "us",
            targetKind == TargetKind.anxin ? "JVM without publishers + PostgreSQL" : "mosquitto");
        SummaryFile.append(summary, "ingest", caseName, "storage", result.storage(), "-",
            targetKind == TargetKind.anxin ? "device_event rows = lines fed, after the drain"
                : "stores nothing");
      }
      return 0;
    } finally {
      closeTarget.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  /** What is special about an Anxin case, for its heading. */
  String label() {
    if (targetKind != TargetKind.anxin) {
      return "";
    }
    return (gatewayOnly ? " (gateway only)" : "")
        + (productLimits ? " (product rate limit)" : "");
  }

  private void check(boolean condition, String message) {
    if (!condition) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }

  private static List<String> machine() {
    List<String> lines = new ArrayList<>();
    String os = "unknown OS";
    try {
      os = Files.readAllLines(Path.of("/etc/os-release")).stream()
          .filter(l -> l.startsWith("PRETTY_NAME="))
          .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", ""))
          .findFirst().orElse(os);
    } catch (Exception e) {
      // keep the default
    }
    String memory = "?";
    try {
      memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith("MemTotal:"))
          .map(l -> String.format("%.1f GiB",
              Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
          .findFirst().orElse(memory);
    } catch (Exception e) {
      // keep the default
    }
    lines.add(String.format("%d cores, %s memory, %s", Runtime.getRuntime().availableProcessors(),
        memory, os));
    lines.add(String.format("%s %s, max heap %d MiB, JVM options %s",
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getRuntimeMXBean().getInputArguments()));
    return lines;
  }
}
