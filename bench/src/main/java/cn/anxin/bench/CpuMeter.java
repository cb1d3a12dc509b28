package cn.anxin.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who used the two cores during the measured window: the whole machine ({@code /proc/stat}), this
 * JVM split by thread group (load generator, event loops, JDBC workers, the rest of the JVM: GC and
 * JIT), the target's server processes (PostgreSQL or Mosquitto), and the garbage collector.
 */
final class CpuMeter {

  private static final String LOAD = "load generator (Paho client threads, publisher loops, mosquitto_pub feeders)";
  private static final String OBSERVERS = "bench observers (sampler, clock)";

  record Snapshot(
      long wallNanos,
      long machineBusyTicks,
      long machineStealTicks,
      long machineTotalTicks,
      double loadAverage,
      long processCpuNanos,
      Map<Long, Long> threadCpuNanos,
      Map<Long, String> threadNames,
      long serverCpuNanos,
      long loadProcessCpuNanos,
      long gcCount,
      long gcMillis) {}

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final Supplier<List<ProcessHandle>> serverProcesses;
  private final Supplier<List<ProcessHandle>> loadProcesses;

  CpuMeter(Supplier<List<ProcessHandle>> serverProcesses) {
    this(serverProcesses, List::of);
  }

  /** @param loadProcesses publishers outside this JVM (mosquitto_pub), part of the load generator */
  CpuMeter(Supplier<List<ProcessHandle>> serverProcesses,
      Supplier<List<ProcessHandle>> loadProcesses) {
    this.serverProcesses = serverProcesses;
    this.loadProcesses = loadProcesses;
  }

  private static long cpuNanos(List<ProcessHandle> processes) {
    long sum = 0;
    for (ProcessHandle p : processes) {
      sum += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
    return sum;
  }

  Snapshot snapshot() {
    long[] machine = machineTicks();
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (var info : threads.dumpAllThreads(false, false)) {
      long t = threads.getThreadCpuTime(info.getThreadId());
      if (t >= 0) {
        cpu.put(info.getThreadId(), t);
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    long server = cpuNanos(serverProcesses.get());
    long loadProcessesCpu = cpuNanos(loadProcesses.get());
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    return new Snapshot(System.nanoTime(), machine[0], machine[1], machine[2],
        os.getSystemLoadAverage(), os.getProcessCpuTime(), cpu, names, server, loadProcessesCpu, gcCount, gcMillis);
  }

  /**
   * Busy, stolen (by the hypervisor) and total jiffies of all CPUs, from the first line of
   * /proc/stat (user nice system idle iowait irq softirq steal); zeros elsewhere.
   */
  private static long[] machineTicks() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = line.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
      return new long[] {total - idle - steal, steal, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0, 0};
    }
  }

  static String group(String threadName) {
    if (threadName.startsWith("MQTT ") || threadName.startsWith("bench-pub-")) {
      return LOAD;
    }
    if (threadName.startsWith(ThreadSampler.EVENT_LOOP)) {
      return "Vert.x event loops (MQTT gateway, HTTP)";
    }
    if (ThreadSampler.WORKER.matcher(threadName).matches()) {
      return "anxin-db workers (JDBC: journal inserts, journal consumer)";
    }
    if (threadName.startsWith("bench-")) {
      return OBSERVERS;
    }
    return "other Java threads";
  }

  /**
   * Where the CPU went, in cores (CPU seconds per wall second), and per acknowledged message.
   *
   * @param lines the report
   * @param serverMicrosPerMessage CPU of the serving side per message: for Anxin this JVM minus the
   *     load generator and the bench's observers, plus PostgreSQL; for the baseline, Mosquitto
   * @param loadMicrosPerMessage CPU of the publishers (Paho threads and loops) per message
   * @param otherCores CPU used by everything else on the machine (other users' work, the kernel
   *     outside these processes) during the window
   */
  record Usage(List<String> lines, double serverMicrosPerMessage, double loadMicrosPerMessage,
      double otherCores) {}

  Usage describe(Snapshot a, Snapshot b, String serverLabel, boolean serverInJvm, long messages) {
    double wall = (b.wallNanos() - a.wallNanos()) / 1e9;
    List<String> lines = new ArrayList<>();
    long total = b.machineTotalTicks() - a.machineTotalTicks();
    int cores = Runtime.getRuntime().availableProcessors();
    double machineBusyCores = 0;
    if (total > 0) {
      double busy = (double) (b.machineBusyTicks() - a.machineBusyTicks()) / total;
      double steal = (double) (b.machineStealTicks() - a.machineStealTicks()) / total;
      machineBusyCores = busy * cores;
      lines.add(String.format("machine CPU busy: %.0f%% of %d cores (%.2f cores), stolen by the"
              + " hypervisor %.0f%%; load average %.1f at the start, %.1f at the end", busy * 100,
          cores, machineBusyCores, steal * 100, a.loadAverage(), b.loadAverage()));
    }
    double process = (b.processCpuNanos() - a.processCpuNanos()) / 1e9 / wall;
    lines.add(String.format("this JVM: %.2f cores, of which:", process));
    Map<String, Double> groups = new LinkedHashMap<>();
    double threadSum = 0;
    for (var e : b.threadCpuNanos().entrySet()) {
      double d = (e.getValue() - a.threadCpuNanos().getOrDefault(e.getKey(), 0L)) / 1e9 / wall;
      threadSum += d;
      groups.merge(group(b.threadNames().get(e.getKey())), d, Double::sum);
    }
    groups.put("JVM internals (GC, JIT compiler)", Math.max(0, process - threadSum));
    groups.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> lines.add(String.format("    %.2f cores  %s", e.getValue(), e.getKey())));
    double server = (b.serverCpuNanos() - a.serverCpuNanos()) / 1e9 / wall;
    lines.add(String.format("%s: %.2f cores", serverLabel, server));
    double loadProcs = (b.loadProcessCpuNanos() - a.loadProcessCpuNanos()) / 1e9 / wall;
    if (loadProcs > 0) {
      lines.add(String.format("publisher processes (mosquitto_pub): %.2f cores", loadProcs));
    }
    double other = Math.max(0, machineBusyCores - process - server - loadProcs);
    lines.add(String.format("everything else on the machine (other processes, kernel work not"
        + " charged to these): %.2f cores", other));
    lines.add(String.format("GC: %d collections, %d ms in the window", b.gcCount() - a.gcCount(),
        b.gcMillis() - a.gcMillis()));
    double load = groups.getOrDefault(LOAD, 0.0);
    double observers = groups.getOrDefault(OBSERVERS, 0.0);
    double serving = serverInJvm ? process - load - observers + server : server;
    double loadAll = (serverInJvm ? load : process - observers) + loadProcs;
    double perSecond = messages / wall;
    double servingMicros = perSecond > 0 ? serving / perSecond * 1e6 : 0;
    double loadMicros = perSecond > 0 ? loadAll / perSecond * 1e6 : 0;
    lines.add(String.format("CPU per acknowledged message: serving side %.0f µs (%s), load generator"
            + " %.0f µs", servingMicros,
        serverInJvm ? "this JVM without the publishers and observers, plus PostgreSQL" : "Mosquitto",
        loadMicros));
    return new Usage(lines, servingMicros, loadMicros, other);
  }
}
