package cn.anxin.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.IMqttToken;

/**
 * One case with Paho publishers inside the bench JVM ({@link Publisher}): warm-up (discarded),
 * measured window with PUBACK latency, drain, storage check; the RESULT line.
 */
final class PahoPublisherRun {

  private PahoPublisherRun() {}

  static int run(IngestBench o, Target target) throws Exception {
    LoadStats stats = new LoadStats();
    List<Publisher> publishers = new ArrayList<>();
    for (BenchDevice device : target.devices()) {
      publishers.add(new Publisher(target.serverUri(), device, o.inflight, o.fallEvery, stats));
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
      return measure(o, target, stats, publishers);
    } finally {
      publishers.forEach(Publisher::stop);
      publishers.forEach(Publisher::close);
    }
  }

  private static int measure(IngestBench o, Target target, LoadStats stats, List<Publisher> publishers)
      throws Exception {
    System.gc();
    long heapBefore = heapUsed();
    long start = System.nanoTime();
    long warmupEnd = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds);
    // Publishers are stopped explicitly when the window closes; this deadline is only a backstop.
    long publisherDeadline = warmupEnd + TimeUnit.SECONDS.toNanos(o.durationSeconds + 120L);
    long perPublisher = Math.max(1, o.maxMessages / publishers.size());
    publishers.forEach(p -> p.start(publisherDeadline, perPublisher));

    // Warm-up: the same load, discarded.
    long tick = start;
    while (System.nanoTime() < warmupEnd) {
      tick = Math.min(tick + TimeUnit.SECONDS.toNanos(5), warmupEnd);
      Pacing.sleepUntil(tick);
      long acked = stats.acknowledgedCount();
      System.out.printf("  warm-up  %5.1f s: %,d acked so far%n", (System.nanoTime() - start) / 1e9,
          acked);
    }

    // Measured window: observers first (they take a moment), then counts and clock start together.
    Probe probe = o.noProbe ? Probe.NONE : target.probe();
    CpuMeter cpu = new CpuMeter(target::serverProcesses);
    boolean probing = Pacing.begin(probe);
    CpuMeter.Snapshot cpuBefore = cpu.snapshot();
    stats.takeLatencyInterval();
    long ackedAtStart = stats.acknowledgedCount();
    long windowStart = System.nanoTime();
    long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(o.durationSeconds);
    long warmupAcked = ackedAtStart;
    List<Double> perSecond = new ArrayList<>();
    long previousTick = windowStart;
    long lastAcked = stats.acknowledgedCount();
    long fiveAgoAcked = lastAcked;
    long fiveAgoNanos = windowStart;
    int second = 0;
    while (System.nanoTime() < windowEnd) {
      long next = Math.min(windowStart + TimeUnit.SECONDS.toNanos(++second), windowEnd);
      Pacing.sleepUntil(next);
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
    long drainDeadline = drainStart + TimeUnit.SECONDS.toNanos(o.drainSeconds);
    while (stats.outstanding() > 0 && System.nanoTime() < drainDeadline) {
      Thread.sleep(20);
    }
    double drainSecondsTaken = (System.nanoTime() - drainStart) / 1e9;
    long outstanding = stats.outstanding();
    Target.Verdict verdict = target.verify(stats.acknowledgedCount(), "PUBACKs received");

    publishers.forEach(Publisher::close);
    probeLines.addAll(target.afterLoad(o.catchUpSeconds));
    System.gc();
    long heapAfterGc = heapUsed();

    double rate = (ackedAtEnd - ackedAtStart) / seconds;
    double minSecond = perSecond.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double maxSecond = perSecond.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    System.out.println();
    System.out.printf("--- %s%s, %d publishers x max in-flight %d ---%n", target.name(), o.label(),
        publishers.size(), o.inflight);
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
            + (o.gatewayOnly && o.targetKind == IngestBench.TargetKind.anxin ? "-gateway-only" : "")
            + (o.productLimits && o.targetKind == IngestBench.TargetKind.anxin ? "-product-limits" : ""),
        "devices=" + publishers.size(),
        "inflight=" + o.inflight,
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

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String ms(long micros) {
    return msNumber(micros) + " ms";
  }

  private static String msNumber(long micros) {
    return String.format(Locale.ROOT, micros < 10_000 ? "%.2f" : "%.1f", micros / 1000.0);
  }
}
