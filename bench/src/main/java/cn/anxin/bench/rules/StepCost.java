package cn.anxin.bench.rules;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the time of the measured iterations went, per event: CPU of the thread running the rule
 * step, CPU of its PostgreSQL backend and of all PostgreSQL processes (WAL writer, checkpointer
 * ...), and how busy the whole machine was (other work on it slows the figures down).
 */
final class StepCost {

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Optional<ProcessHandle> backend;
  private long events;
  private long wallNanos;
  private long threadNanos;
  private long backendNanos;
  private long postgresNanos;
  private long machineBusyTicks;
  private long machineTotalTicks;
  private long[] start;

  /** @param backendPid the PostgreSQL backend serving the rule step's connection */
  StepCost(long backendPid) {
    this.backend = ProcessHandle.of(backendPid);
  }

  void start(long judged) {
    long[] machine = machineTicks();
    start = new long[] {judged, System.nanoTime(), threads.getCurrentThreadCpuTime(), cpu(backend),
        postgresCpu(), machine[0], machine[1]};
  }

  void stop(long judged) {
    if (start == null) {
      return;
    }
    long[] machine = machineTicks();
    events += judged - start[0];
    wallNanos += System.nanoTime() - start[1];
    threadNanos += threads.getCurrentThreadCpuTime() - start[2];
    backendNanos += cpu(backend) - start[3];
    postgresNanos += postgresCpu() - start[4];
    machineBusyTicks += machine[0] - start[5];
    machineTotalTicks += machine[1] - start[6];
    start = null;
  }

  String summary() {
    if (events == 0) {
      return "no measured events";
    }
    int cores = Runtime.getRuntime().availableProcessors();
    return String.format("measured %,d events in %.1f s: per event %.0f us wall = rule-step thread %.0f us CPU"
            + " + its PostgreSQL backend %.0f us CPU + waiting %.0f us; all PostgreSQL processes %.0f us CPU;"
            + " machine %.0f%% busy of %d cores",
        events, wallNanos / 1e9, perEvent(wallNanos), perEvent(threadNanos), perEvent(backendNanos),
        perEvent(wallNanos - threadNanos - backendNanos), perEvent(postgresNanos),
        machineTotalTicks == 0 ? 0.0 : 100.0 * machineBusyTicks / machineTotalTicks, cores);
  }

  private double perEvent(long nanos) {
    return nanos / 1e3 / events;
  }

  private long postgresCpu() {
    return backend.flatMap(ProcessHandle::parent)
        .map(postmaster -> cpu(Optional.of(postmaster))
            + postmaster.children().mapToLong(p -> cpu(Optional.of(p))).sum())
        .orElse(0L);
  }

  private static long cpu(Optional<ProcessHandle> process) {
    return process.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
  }

  /** Busy and total jiffies of all CPUs (/proc/stat); zeros elsewhere. */
  private static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }
}
