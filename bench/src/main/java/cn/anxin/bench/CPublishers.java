package cn.anxin.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The C publishers: one {@code mosquitto_pub -l -q 1 -M <inflight>} process per device (MQTT 3.1.1,
 * client id = device id, {@code -u}/{@code -P} with the device's id and secret when the target
 * authenticates, anonymous otherwise), each fed one valid contract payload per line on its stdin by
 * a thread of this JVM. mosquitto_pub keeps at most M QoS 1 messages unacknowledged on the wire, but
 * it reads stdin as fast as it can and queues every line it has read (in memory, without bound), so
 * the pipe alone does not pace it: the feeders keep the lines written at most one in-flight window
 * plus about {@code lag + 1 s} of traffic ahead of what the target has taken in
 * ({@link Target#progress()}). At the end each stdin is closed; mosquitto_pub then publishes what it
 * still holds, waits for the PUBACK of its last message, disconnects and exits 0.
 */
final class CPublishers implements AutoCloseable {

  /** Lines written per write call at most. */
  private static final int CHUNK = 256;

  private final List<Feed> feeds = new ArrayList<>();
  private final int inflight;
  private final LongSupplier progress;
  private final long horizonNanos;
  private final Thread pacer;
  private volatile boolean stopped;
  /** Lines each publisher may have been fed so far. */
  private volatile long allowedEach;

  private final class Feed {
    final BenchDevice device;
    final Process process;
    final OutputStream stdin;
    final boolean falls;
    final Path log;
    volatile long written;
    volatile boolean broken;
    Thread thread;

    Feed(BenchDevice device, Process process, boolean falls, Path log) {
      this.device = device;
      this.process = process;
      this.stdin = process.getOutputStream();
      this.falls = falls;
      this.log = log;
    }

    void run() {
      ByteArrayOutputStream lines = new ByteArrayOutputStream(CHUNK * 120);
      long seq = 0;
      while (!stopped) {
        long room = allowedEach - written;
        if (room <= 0) {
          // The allowance runs a second or more ahead of the publishers: 10 ms is plenty.
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
          continue;
        }
        int n = (int) Math.min(room, CHUNK);
        lines.reset();
        for (int i = 0; i < n; i++) {
          seq++;
          String msgId = Payloads.msgId(device.id(), seq);
          lines.writeBytes(falls ? Payloads.fall(msgId, seq) : Payloads.heartbeat(msgId, seq));
          lines.write('\n');
        }
        try {
          lines.writeTo(stdin);
          stdin.flush();
          written += n;
        } catch (IOException e) {
          // the process has gone (refused, lost its connection): its log says why
          broken = true;
          return;
        }
      }
    }
  }

  /** What the publishers did, once they have been stopped and drained. */
  record Outcome(long written, long writtenByClean, int clean, int total, List<String> problems) {}

  private CPublishers(int inflight, LongSupplier progress, long lagMillis) {
    this.inflight = inflight;
    this.progress = progress;
    this.horizonNanos = TimeUnit.MILLISECONDS.toNanos(lagMillis + 1_000);
    this.pacer = new Thread(this::pace, "bench-pub-pacer");
    this.pacer.setDaemon(true);
  }

  /**
   * Starts one mosquitto_pub per device; every {@code fallEvery}-th device (1-based) publishes falls
   * on its fall topic, the others heartbeats (a mosquitto_pub process has one topic).
   */
  static CPublishers start(String executable, Target target, int inflight, int fallEvery,
      Path logDir) throws IOException {
    Files.createDirectories(logDir);
    CPublishers publishers = new CPublishers(inflight, target::progress, target.progressLagMillis());
    int index = 0;
    try {
      for (BenchDevice device : target.devices()) {
        index++;
        boolean falls = fallEvery > 0 && index % fallEvery == 0;
        List<String> command = new ArrayList<>(List.of(executable,
            "-h", "127.0.0.1", "-p", Integer.toString(target.port()), "-V", "mqttv311",
            "-i", device.id(), "-q", "1", "-M", Integer.toString(inflight), "--nodelay", "-l",
            "-t", Payloads.topic(device.id(), falls ? "fall" : "heartbeat")));
        if (target.authenticates()) {
          command.addAll(List.of("-u", device.id(), "-P", device.secret()));
        }
        Path log = logDir.resolve(device.id() + ".log");
        Process process;
        try {
          process = new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
        } catch (IOException e) {
          throw new IOException("cannot run '" + executable + "' (install it: apt-get install"
              + " mosquitto-clients): " + e.getMessage(), e);
        }
        publishers.feeds.add(publishers.new Feed(device, process, falls, log));
      }
    } catch (IOException | RuntimeException e) {
      publishers.close();
      throw e;
    }
    return publishers;
  }

  /** The publishers' processes, for their CPU time. */
  List<ProcessHandle> processes() {
    return feeds.stream().map(f -> f.process.toHandle()).toList();
  }

  int fallPublishers() {
    return (int) feeds.stream().filter(f -> f.falls).count();
  }

  /** Starts feeding lines. */
  void feed() {
    allowedEach = inflight + 64L;
    pacer.start();
    for (Feed f : feeds) {
      f.thread = new Thread(f::run, "bench-pub-" + f.device.id());
      f.thread.setDaemon(true);
      f.thread.start();
    }
  }

  /** Every line written to a publisher so far. */
  long written() {
    return feeds.stream().mapToLong(f -> f.written).sum();
  }

  /** Publishers whose process has exited (before the end, a refusal or a lost connection). */
  long exited() {
    return feeds.stream().filter(f -> !f.process.isAlive()).count();
  }

  /**
   * Keeps what the feeders may write one in-flight window per publisher (plus 64), plus the traffic
   * of {@code lag + 1 s} at the highest one-second rate of the last five seconds, ahead of what the
   * target took in (before the first second has been seen, 500 msg/s per publisher). Generous on
   * purpose: too little would starve the publishers (Mosquitto's count moves every 2 s, so a
   * one-second estimate swings between nothing and double); too much only costs memory in
   * mosquitto_pub and a longer drain.
   */
  private void pace() {
    long lastCount = progress.getAsLong();
    long lastNanos = System.nanoTime();
    double[] recent = new double[5];
    int slot = 0;
    // Until the first second is seen, a guess; from a standing start the window would otherwise
    // grow only as fast as the (lagging) count lets it.
    double rate = 500.0 * feeds.size();
    while (!stopped) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      long now = System.nanoTime();
      long count = progress.getAsLong();
      if (now - lastNanos >= TimeUnit.SECONDS.toNanos(1)) {
        recent[slot++ % recent.length] = (count - lastCount) / ((now - lastNanos) / 1e9);
        rate = 0;
        for (double r : recent) {
          rate = Math.max(rate, r);
        }
        lastCount = count;
        lastNanos = now;
      }
      int n = feeds.size();
      double ahead = n * (inflight + 64.0) + rate * horizonNanos / 1e9;
      allowedEach = (long) ((count + ahead) / n);
    }
  }

  /**
   * Stops feeding, closes every stdin so the publishers send what they hold and exit once their
   * last message is acknowledged; waits up to {@code timeoutMillis} for them, then ends the rest.
   */
  Outcome drain(long timeoutMillis) throws InterruptedException {
    stopped = true;
    for (Feed f : feeds) {
      if (f.thread != null) {
        f.thread.join(2_000);
      }
      try {
        f.stdin.close();
      } catch (IOException e) {
        // gone already
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    List<String> problems = new ArrayList<>();
    long written = 0;
    long writtenByClean = 0;
    int clean = 0;
    for (Feed f : feeds) {
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      boolean exited = f.process.waitFor(left, TimeUnit.MILLISECONDS);
      written += f.written;
      if (exited && f.process.exitValue() == 0 && !f.broken) {
        clean++;
        writtenByClean += f.written;
      } else {
        String tail = tail(f.log);
        problems.add(String.format("%s: %s after %d lines%s", f.device.id(),
            exited ? "exited with " + f.process.exitValue() : "still running after the drain",
            f.written, tail.isEmpty() ? "" : ": " + tail));
      }
    }
    return new Outcome(written, writtenByClean, clean, feeds.size(), problems);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    stopped = true;
    for (Feed f : feeds) {
      if (f.process.isAlive()) {
        f.process.destroy();
      }
    }
    for (Feed f : feeds) {
      try {
        if (!f.process.waitFor(3, TimeUnit.SECONDS)) {
          f.process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        f.process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
