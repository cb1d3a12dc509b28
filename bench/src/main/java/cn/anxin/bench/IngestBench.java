package cn.anxin.bench;

import ch.qos.logback.classic.Level;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.IMqttToken;
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
        return run(target);
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

  private int run(Target target) throws Exception {
    LoadStats stats = new LoadStats();
    List<Publisher> publishers = new ArrayList<>();
    for (BenchDevice device : target.devices()) {
      publishers.add(new Publisher(target.serverUri(), device, inflight, fallEvery, stats));
    }
    try {
      List<IMqttToken> connecting = new ArrayList<>();
      for (Publisher p : publishers) {
        connecting.add(p.connect());
      }
      for (IMqttToken token : connecting) {
        token.waitForCompletion(60_000);
      }
      System.out.printf("%d publishers connected%n", publishers.size());
      return measure(target, stats, publishers);
    } finally {
      publishers.forEach(Publisher::stop);
      publishers.forEach(Publisher::close);
    }
  }

  private int measure(Target target, LoadStats stats, List<Publisher> publishers)
      throws Exception {
    System.gc();
    long heapBefore = heapUsed();
    long start = System.nanoTime();
    long warmupEnd = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
    // Publishers are stopped explicitly when the window closes; this deadline is only a backstop.
    long publisherDeadline = warmupEnd + TimeUnit.SECONDS.toNanos(durationSeconds + 120L);
    long perPublisher = Math.max(1, maxMessages / publishers.size());
    publishers.forEach(p -> p.start(publisherDeadline, perPublisher));

    // Warm-up: the same load, discarded.
    long tick = start;
    while (System.nanoTime() < warmupEnd) {
      tick = Math.min(tick + TimeUnit.SECONDS.toNanos(5), warmupEnd);
      sleepUntil(tick);
      long acked = stats.acknowledgedCount();
      System.out.printf("  warm-up  %5.1f s: %,d acked so far%n", (System.nanoTime() - start) / 1e9,
          acked);
    }

    // Measured window: observers first (they take a moment), then counts and clock start together.
    Probe probe = noProbe ? Probe.NONE : target.probe();
    CpuMeter cpu = new CpuMeter(target::serverProcesses);
    boolean probing = begin(probe);
    CpuMeter.Snapshot cpuBefore = cpu.snapshot();
    stats.takeLatencyInterval();
    long ackedAtStart = stats.acknowledgedCount();
    long windowStart = System.nanoTime();
    long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(durationSeconds);
    long warmupAcked = ackedAtStart;
    List<Double> perSecond = new ArrayList<>();
    long previousTick = windowStart;
    long lastAcked = stats.acknowledgedCount();
    long fiveAgoAcked = lastAcked;
    long fiveAgoNanos = windowStart;
    int second = 0;
    while (System.nanoTime() < windowEnd) {
      long next = Math.min(windowStart + TimeUnit.SECONDS.toNanos(++second), windowEnd);
      sleepUntil(next);
      long now = System.nanoTime();
      long acked = stats.acknowledgedCount();
      if (now - previousTick > TimeUnit.MILLISECONDS.toNanos(500)) {
        perSecond.add((acked - lastAcked) / ((now - previousTick) / 1e9));
      }
      lastAcked = acked;
      previousTick = now;
      if (probing) {
        try {
          probe.sample();
        } catch (Exception e) {
          System.out.println("probe sample failed: " + e);
        }
      }
      if (second % 5 == 0 || now >= windowEnd) {
        System.out.printf("  measured %5.1f s: %,d acked in the window, %,.0f msg/s over the last"
                + " %.0f s%n", (now - windowStart) / 1e9, acked - ackedAtStart,
            (acked - fiveAgoAcked) / ((now - fiveAgoNanos) / 1e9), (now - fiveAgoNanos) / 1e9);
        fiveAgoAcked = acked;
        fiveAgoNanos = now;
      }
      if (stats.connectionsLostCount() >= publishers.size()) {
        System.out.println("every publisher lost its connection; ending the window early");
        break;
      }
    }
    long ackedAtEnd = stats.acknowledgedCount();
    Histogram latency = stats.takeLatencyInterval();
    long windowNanos = System.nanoTime() - windowStart;
    CpuMeter.Snapshot cpuAfter = cpu.snapshot();
    long heapAfter = heapUsed();
    double seconds = windowNanos / 1e9;
    List<String> probeLines = new ArrayList<>();
    if (probing) {
      try {
        probeLines.addAll(probe.end(seconds));
      } catch (Exception e) {
        probeLines.add("probe failed: " + e);
      }
    }

    // Drain: no new messages; wait (bounded) for those still in flight.
    publishers.forEach(Publisher::stop);
    for (Publisher p : publishers) {
      p.awaitDriver(2_000);
    }
    long drainStart = System.nanoTime();
    long drainDeadline = drainStart + TimeUnit.SECONDS.toNanos(drainSeconds);
    while (stats.outstanding() > 0 && System.nanoTime() < drainDeadline) {
      Thread.sleep(20);
    }
    double drainSecondsTaken = (System.nanoTime() - drainStart) / 1e9;
    long outstanding = stats.outstanding();
    Target.Verdict verdict = target.verify(stats.acknowledgedCount(), "PUBACKs received");

    publishers.forEach(Publisher::close);
    probeLines.addAll(target.afterLoad(catchUpSeconds));
    System.gc();
    long heapAfterGc = heapUsed();

    double rate = (ackedAtEnd - ackedAtStart) / seconds;
    double minSecond = perSecond.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double maxSecond = perSecond.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    System.out.println();
    System.out.printf("--- %s%s, %d publishers x max in-flight %d ---%n", target.name(), label(),
        publishers.size(), inflight);
    System.out.printf("warm-up:   %,d messages acknowledged in %.1f s (discarded)%n", warmupAcked,
        (windowStart - start) / 1e9);
    System.out.printf("measured:  %,d acknowledged in %.2f s = %,.0f msg/s sustained"
            + " (per-second min %,.0f, max %,.0f)%n",
        ackedAtEnd - ackedAtStart, seconds, rate, minSecond, maxSecond);
    System.out.printf("PUBACK latency (publish call -> deliveryComplete), %,d samples:"
            + " p50 %s, p90 %s, p99 %s, max %s%n",
        latency.getTotalCount(), ms(latency.getValueAtPercentile(50)),
        ms(latency.getValueAtPercentile(90)), ms(latency.getValueAtPercentile(99)),
        ms(latency.getMaxValue()));
    System.out.printf("whole run: published %,d, acknowledged %,d, failed %,d, still unacknowledged"
            + " %,d after a %.1f s drain, Paho window-full retries %,d, connections lost %d%n",
        stats.publishedCount(), stats.acknowledgedCount(), stats.failedCount(), outstanding,
        drainSecondsTaken, stats.clientBusyCount(), stats.connectionsLostCount());
    System.out.println("storage check: " + verdict.text());
    System.out.printf("heap used: %d MiB before the run (after GC), %d MiB at the end of the window,"
            + " %d MiB after the run (after GC); max heap %d MiB%n",
        heapBefore >> 20, heapAfter >> 20, heapAfterGc >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
    boolean anxin = target.name().equals("anxin");
    CpuMeter.Usage usage = cpu.describe(cpuBefore, cpuAfter,
        anxin ? "PostgreSQL server processes (postmaster and backends)" : "mosquitto process",
        anxin, ackedAtEnd - ackedAtStart);
    usage.lines().forEach(l -> System.out.println("cpu: " + l));
    probeLines.forEach(l -> System.out.println("probe: " + l));
    String storage = verdict.ok() == null ? "n/a" : verdict.ok() ? "OK" : "MISMATCH";
    System.out.println(String.join("\t",
        "RESULT",
        "target=" + target.name()
            + (gatewayOnly && targetKind == TargetKind.anxin ? "-gateway-only" : "")
            + (productLimits && targetKind == TargetKind.anxin ? "-product-limits" : ""),
        "devices=" + publishers.size(),
        "inflight=" + inflight,
        "seconds=" + String.format(Locale.ROOT, "%.2f", seconds),
        "acked=" + (ackedAtEnd - ackedAtStart),
        "rate=" + String.format(Locale.ROOT, "%.0f", rate),
        "p50_ms=" + msNumber(latency.getValueAtPercentile(50)),
        "p90_ms=" + msNumber(latency.getValueAtPercentile(90)),
        "p99_ms=" + msNumber(latency.getValueAtPercentile(99)),
        "max_ms=" + msNumber(latency.getMaxValue()),
        "storage=" + storage,
        "server_cpu_us_per_msg=" + String.format(Locale.ROOT, "%.0f", usage.serverMicrosPerMessage()),
        "load_cpu_us_per_msg=" + String.format(Locale.ROOT, "%.0f", usage.loadMicrosPerMessage()),
        "other_cores=" + String.format(Locale.ROOT, "%.2f", usage.otherCores()),
        "heap_before_mib=" + (heapBefore >> 20),
        "heap_after_mib=" + (heapAfter >> 20)));
    return 0;
  }

  private String label() {
    if (targetKind != TargetKind.anxin) {
      return "";
    }
    return (gatewayOnly ? " (gateway only)" : "")
        + (productLimits ? " (product rate limit)" : "");
  }

  private boolean begin(Probe probe) {
    try {
      probe.begin();
      return true;
    } catch (Exception e) {
      System.out.println("probe unavailable: " + e);
      return false;
    }
  }

  private static void sleepUntil(long deadlineNanos) {
    long left;
    while ((left = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String ms(long micros) {
    return msNumber(micros) + " ms";
  }

  private static String msNumber(long micros) {
    return String.format(Locale.ROOT, micros < 10_000 ? "%.2f" : "%.1f", micros / 1000.0);
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
