package cn.anxin.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small in-process sampling profiler for the gateway's two kinds of thread: every 200 ms it takes
 * the stacks of the {@code anxin-db} worker threads (where all JDBC runs) and the Vert.x event
 * loops, and sorts each thread into what it is doing at that moment. The result is a mean number of
 * threads per activity, i.e. where the pool's capacity goes.
 */
final class ThreadSampler {

  static final Pattern WORKER = Pattern.compile("anxin-db-\\d+");
  static final String EVENT_LOOP = "vert.x-eventloop-thread-";
  private static final long PERIOD_MILLIS = 200;

  private final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
  private final Map<String, Integer> workerActivity = new LinkedHashMap<>();
  private final Map<String, Integer> loopActivity = new LinkedHashMap<>();
  private volatile boolean running;
  private Thread sampler;
  private int samples;
  private int workers;
  private int loops;

  void start() {
    running = true;
    sampler = new Thread(this::run, "bench-thread-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  void stop() throws InterruptedException {
    running = false;
    if (sampler != null) {
      sampler.join(2_000);
    }
  }

  private void run() {
    while (running) {
      sampleOnce();
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sampleOnce() {
    ThreadInfo[] infos = bean.dumpAllThreads(false, false);
    int w = 0;
    int l = 0;
    for (ThreadInfo info : infos) {
      if (info == null) {
        continue;
      }
      if (WORKER.matcher(info.getThreadName()).matches()) {
        w++;
        workerActivity.merge(worker(info), 1, Integer::sum);
      } else if (info.getThreadName().startsWith(EVENT_LOOP)) {
        l++;
        loopActivity.merge(eventLoop(info), 1, Integer::sum);
      }
    }
    synchronized (this) {
      samples++;
      workers = Math.max(workers, w);
      loops = Math.max(loops, l);
    }
  }

  /** What an anxin-db worker is doing: the job (by its caller) and the activity (by its top). */
  static String worker(ThreadInfo info) {
    StackTraceElement[] stack = info.getStackTrace();
    String job = null;
    for (StackTraceElement frame : stack) {
      String c = frame.getClassName();
      if (c.endsWith(".JdbcEventJournal")) {
        job = "gateway journal insert";
      } else if (c.endsWith(".JournalConsumer") || c.endsWith(".EventProcessor")) {
        job = "platform JournalConsumer";
      } else if (c.contains(".auth.")) {
        job = "device authentication";
      } else if (c.endsWith(".JdbcQuarantine")) {
        job = "quarantine";
      } else if (c.contains(".platform.api.") || c.contains(".platform.alerts.")) {
        job = "HTTP API";
      }
      if (job != null) {
        break;
      }
    }
    if (job == null) {
      return idle(stack) ? "idle, waiting for a task" : "other: " + top(stack);
    }
    return job + ": " + activity(stack);
  }

  private static String activity(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().startsWith("com.zaxxer.hikari.pool.HikariPool")
          && frame.getMethodName().equals("getConnection")) {
        return "waiting for a pool connection (HikariPool.getConnection)";
      }
    }
    for (int i = 0; i < Math.min(stack.length, 12); i++) {
      String c = stack[i].getClassName();
      String m = stack[i].getMethodName();
      if ((c.startsWith("sun.nio.ch.") || c.startsWith("java.net.")) && m.contains("read")) {
        return "waiting for PostgreSQL's reply (socket read in " + firstOf(stack, "org.postgresql") + ")";
      }
      if ((c.startsWith("sun.nio.ch.") || c.startsWith("java.net.")) && m.contains("write")) {
        return "sending to PostgreSQL (socket write)";
      }
    }
    return "running " + top(stack);
  }

  private static boolean idle(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (frame.getMethodName().equals("getTask")
          && frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")) {
        return true;
      }
    }
    return false;
  }

  static String eventLoop(ThreadInfo info) {
    StackTraceElement[] stack = info.getStackTrace();
    for (int i = 0; i < Math.min(stack.length, 6); i++) {
      String c = stack[i].getClassName();
      String m = stack[i].getMethodName();
      if (m.toLowerCase().contains("epoll") || c.endsWith("EPoll") || m.equals("select")
          || m.equals("doSelect")) {
        return "idle, waiting in epoll";
      }
    }
    return "busy: " + firstOf(stack, "cn.anxin") + " / top " + top(stack);
  }

  private static String firstOf(StackTraceElement[] stack, String prefix) {
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().startsWith(prefix)) {
        return simple(frame);
      }
    }
    return "-";
  }

  private static String top(StackTraceElement[] stack) {
    return stack.length == 0 ? "-" : simple(stack[0]);
  }

  private static String simple(StackTraceElement frame) {
    String c = frame.getClassName();
    return c.substring(c.lastIndexOf('.') + 1) + "." + frame.getMethodName();
  }

  synchronized List<String> report() {
    List<String> lines = new ArrayList<>();
    if (samples == 0) {
      return lines;
    }
    lines.add(String.format("anxin-db worker threads (%d), mean threads per activity over %d stack"
        + " samples:", workers, samples));
    add(lines, workerActivity);
    lines.add(String.format("Vert.x event loops (%d), mean threads per activity:", loops));
    add(lines, loopActivity);
    return lines;
  }

  private void add(List<String> lines, Map<String, Integer> counts) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(12)
        .forEach(e -> lines.add(String.format("    %5.2f  %s", (double) e.getValue() / samples,
            e.getKey())));
  }
}
