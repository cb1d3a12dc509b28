package cn.anxin.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One case with C publishers ({@link CPublishers}): warm-up (discarded), measured window, drain,
 * storage check. mosquitto_pub reports no PUBACKs, so the rate is counted on the receiving side
 * ({@link Target#received()}): for Anxin the heartbeat and fall rows committed in
 * {@code device_event} over the window, for Mosquitto its $SYS count of PUBLISHes received.
 */
final class CPublisherRun {

  /** The figures of one case, for the RESULT line and the summary file. */
  record Result(String target, int devices, int inflight, double seconds, long received,
      double rate, String storage, CpuMeter.Usage usage, List<String> fields) {}

  private CPublisherRun() {}

  static Result run(IngestBench o, Target target, Path logDir) throws Exception {
    try (CPublishers publishers = CPublishers.start(o.mosquittoPub, target, o.inflight, o.fallEvery,
        logDir)) {
      System.out.printf("%d mosquitto_pub processes (-q 1 -M %d -l, %s), %d of them publishing falls;"
              + " logs in %s%n", target.devices().size(), o.inflight,
          target.authenticates() ? "-u/-P device id and secret" : "anonymous",
          publishers.fallPublishers(), logDir);
      return measure(o, target, publishers);
    }
  }

  private static Result measure(IngestBench o, Target target, CPublishers publishers)
      throws Exception {
    publishers.feed();
    // The warm-up starts once every publisher is in: on a busy machine the gateway's Argon2id
    // checks of 20 secrets can take a good part of a 20 s warm-up.
    long connectStart = System.nanoTime();
    long connectDeadline = connectStart + TimeUnit.SECONDS.toNanos(120);
    int expected = target.devices().size();
    long connected;
    while ((connected = target.connectedDevices()) >= 0 && connected < expected
        && System.nanoTime() < connectDeadline && publishers.exited() == 0) {
      Thread.sleep(50);
    }
    if (connected >= 0) {
      System.out.printf("%d of %d publishers connected in %.1f s%n", connected, expected,
          (System.nanoTime() - connectStart) / 1e9);
    }
    long start = System.nanoTime();
    long warmupEnd = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds);
    long tick = start;
    while (System.nanoTime() < warmupEnd) {
      tick = Math.min(tick + TimeUnit.SECONDS.toNanos(5), warmupEnd);
      Pacing.sleepUntil(tick);
      System.out.printf("  warm-up  %5.1f s: %,d taken in so far, %,d lines fed%n",
          (System.nanoTime() - start) / 1e9, target.progress(), publishers.written());
    }
    if (publishers.exited() > 0) {
      System.out.printf("%d publisher(s) exited during the warm-up (see their logs)%n",
          publishers.exited());
    }

    Probe probe = o.noProbe ? Probe.NONE : target.probe();
    CpuMeter cpu = new CpuMeter(target::serverProcesses, publishers::processes);
    boolean probing = Pacing.begin(probe);
    CpuMeter.Snapshot cpuBefore = cpu.snapshot();
    Target.Received first = target.received();
    long windowStart = System.nanoTime();
    long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(o.durationSeconds);
    long fiveAgo = target.progress();
    long fiveAgoNanos = windowStart;
    List<Double> perFive = new ArrayList<>();
    int second = 0;
    while (System.nanoTime() < windowEnd) {
      Pacing.sleepUntil(Math.min(windowStart + TimeUnit.SECONDS.toNanos(++second), windowEnd));
      long now = System.nanoTime();
      if (probing) {
        try {
          probe.sample();
        } catch (Exception e) {
          System.out.println("probe sample failed: " + e);
        }
      }
      if (second % 5 == 0 || now >= windowEnd) {
        long count = target.progress();
        double rate = (count - fiveAgo) / ((now - fiveAgoNanos) / 1e9);
        perFive.add(rate);
        System.out.printf("  measured %5.1f s: %,.0f msg/s over the last %.0f s (%s count)%n",
            (now - windowStart) / 1e9, rate, (now - fiveAgoNanos) / 1e9,
            target.name().equals("anxin") ? "gateway's stored-events" : "$SYS");
        fiveAgo = count;
        fiveAgoNanos = now;
      }
      if (publishers.exited() >= target.devices().size()) {
        System.out.println("every publisher has exited; ending the window early");
        break;
      }
    }
    Target.Received last = target.received();
    CpuMeter.Snapshot cpuAfter = cpu.snapshot();
    double cpuSeconds = (cpuAfter.wallNanos() - cpuBefore.wallNanos()) / 1e9;
    List<String> probeLines = new ArrayList<>();
    if (probing) {
      try {
        probeLines.addAll(probe.end(cpuSeconds));
      } catch (Exception e) {
        probeLines.add("probe failed: " + e);
      }
    }
    long received = last.count() - first.count();
    double seconds = (last.atNanos() - first.atNanos()) / 1e9;
    double endPoints = seconds > 0 ? received / seconds : 0;
    java.util.OptionalDouble fitted = target.rate(windowStart, System.nanoTime());
    double rate = fitted.orElse(endPoints);

    // Drain: stdin closed; each publisher sends what it holds and exits after its last PUBACK.
    long drainStart = System.nanoTime();
    CPublishers.Outcome outcome = publishers.drain(TimeUnit.SECONDS.toMillis(o.drainSeconds));
    double drainTaken = (System.nanoTime() - drainStart) / 1e9;
    Target.Verdict verdict = target.verify(outcome.writtenByClean(),
        "lines fed to the " + outcome.clean() + " publishers that exited cleanly");
    if (outcome.clean() < outcome.total()) {
      verdict = new Target.Verdict(verdict.ok() == null ? null : false,
          verdict.text() + "; " + (outcome.total() - outcome.clean())
              + " publisher(s) did not finish cleanly, so their lines are not counted");
    }
    probeLines.addAll(target.afterLoad(o.catchUpSeconds));

    System.out.println();
    System.out.printf("--- %s, %d mosquitto_pub x max in-flight %d ---%n", target.name(),
        outcome.total(), o.inflight);
    System.out.printf("measured:  %,d messages taken in over %.2f s = %,.0f msg/s sustained"
            + " (5-second rates: min %,.0f, max %,.0f); counted as %s%s%n", received, seconds, rate,
        perFive.stream().mapToDouble(Double::doubleValue).min().orElse(0),
        perFive.stream().mapToDouble(Double::doubleValue).max().orElse(0),
        target.name().equals("anxin")
            ? "heartbeat and fall rows committed in device_event"
            : "Mosquitto's " + SysCounter.TOPIC,
        fitted.isPresent() ? String.format(Locale.ROOT, " (least-squares slope of its values,"
            + " one every 2 s; first to last value: %,.0f msg/s)", endPoints) : "");
    System.out.printf("whole run: %,d lines fed, %d of %d publishers exited cleanly after a %.1f s"
        + " drain%n", outcome.written(), outcome.clean(), outcome.total(), drainTaken);
    outcome.problems().forEach(p -> System.out.println("publisher: " + p));
    System.out.println("storage check: " + verdict.text());
    boolean anxin = target.name().equals("anxin");
    CpuMeter.Usage usage = cpu.describe(cpuBefore, cpuAfter,
        anxin ? "PostgreSQL server processes (postmaster and backends)" : "mosquitto process",
        anxin, Math.round(rate * cpuSeconds));
    usage.lines().forEach(l -> System.out.println("cpu: " + l));
    probeLines.forEach(l -> System.out.println("probe: " + l));
    String storage = verdict.ok() == null ? "n/a" : verdict.ok() ? "OK" : "MISMATCH";
    List<String> fields = List.of(
        "target=" + target.name(),
        "publishers=mosquitto_pub",
        "devices=" + outcome.total(),
        "inflight=" + o.inflight,
        "seconds=" + String.format(Locale.ROOT, "%.2f", seconds),
        "received=" + received,
        "rate=" + String.format(Locale.ROOT, "%.0f", rate),
        "storage=" + storage,
        "server_cpu_us_per_msg=" + String.format(Locale.ROOT, "%.0f", usage.serverMicrosPerMessage()),
        "load_cpu_us_per_msg=" + String.format(Locale.ROOT, "%.0f", usage.loadMicrosPerMessage()),
        "other_cores=" + String.format(Locale.ROOT, "%.2f", usage.otherCores()),
        "fed=" + outcome.written(),
        "clean=" + outcome.clean());
    return new Result(target.name(), outcome.total(), o.inflight, seconds, received, rate, storage,
        usage, fields);
  }

}
