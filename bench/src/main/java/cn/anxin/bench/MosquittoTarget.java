package cn.anxin.bench;

import cn.anxin.gateway.auth.SecretHasher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: Mosquitto on a free port of 127.0.0.1 with a minimal configuration (anonymous
 * allowed, no persistence). With no subscriber a QoS 1 PUBLISH is acknowledged as soon as it is
 * parsed: pure pass-through, no storage, so the ratio against it is the price of durability and
 * validation plus the difference between the two servers. {@code sys_interval 1} has the broker
 * publish its $SYS counters (every 2 s in 2.0.11); one subscriber ({@link SysCounter}) reads the count of
 * PUBLISHes received, the receiving side's count when the publishers are mosquitto_pub processes.
 */
final class MosquittoTarget implements Target {

  private final Process process;
  private final Path dir;
  private final int port;
  private final String version;
  private final List<String> config;
  private final List<BenchDevice> devices;
  private final SysCounter sys;

  private MosquittoTarget(Process process, Path dir, int port, String version, List<String> config,
      List<BenchDevice> devices, SysCounter sys) {
    this.sys = sys;
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.version = version;
    this.config = config;
    this.devices = devices;
  }

  static MosquittoTarget start(String executable, int deviceCount, Path workDir)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path dir = Files.createTempDirectory(workDir, "mosquitto-bench-");
    int port = freePort();
    List<String> config = List.of(
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence false",
        // $SYS counters (every 2 s): the receiving side's count of PUBLISHes (SysCounter).
        "sys_interval 1",
        // Vert.x (the gateway) sets TCP_NODELAY by default; match it so Nagle is not the difference.
        "set_tcp_nodelay true",
        "log_dest stderr",
        "log_type error",
        "log_type warning");
    Path conf = dir.resolve("mosquitto.conf");
    Files.write(conf, config, StandardCharsets.UTF_8);
    Path log = dir.resolve("mosquitto.log");
    Process process;
    try {
      process = new ProcessBuilder(executable, "-c", conf.toString())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new IOException("cannot run '" + executable + "' (install it: apt-get install mosquitto): "
          + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!listening(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IOException("mosquitto did not start listening on " + port + ": "
            + Files.readString(log));
      }
      Thread.sleep(50);
    }
    List<BenchDevice> devices = new ArrayList<>();
    String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36);
    for (int i = 1; i <= deviceCount; i++) {
      devices.add(new BenchDevice(String.format("%s-%03d", prefix, i), SecretHasher.newSecret()));
    }
    SysCounter sys;
    try {
      sys = SysCounter.subscribe(port);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("cannot subscribe to " + SysCounter.TOPIC + ": " + e, e);
    }
    return new MosquittoTarget(process, dir, port, versionOf(executable), config,
        List.copyOf(devices), sys);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String versionOf(String executable) {
    try {
      Process p = new ProcessBuilder(executable, "-h").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(5, TimeUnit.SECONDS);
      return out.lines().filter(l -> l.contains("version")).findFirst().orElse("unknown").trim();
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public String name() {
    return "mosquitto";
  }

  @Override
  public String serverUri() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public List<BenchDevice> devices() {
    return devices;
  }

  @Override
  public List<String> describe() {
    return List.of("baseline: " + version + ", pid " + process.pid()
            + ", no subscriber to the devices' topics (one to " + SysCounter.TOPIC + ")",
        "config: " + String.join("; ", config));
  }

  @Override
  public List<ProcessHandle> serverProcesses() {
    return List.of(process.toHandle());
  }

  @Override
  public Probe probe() {
    return Probe.NONE;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public boolean authenticates() {
    return false;
  }

  @Override
  public Received received() {
    return sys.latest();
  }

  @Override
  public long progress() {
    return sys.latest().count();
  }

  @Override
  public java.util.OptionalDouble rate(long fromNanos, long toNanos) {
    return sys.rate(fromNanos, toNanos);
  }

  @Override
  public long progressLagMillis() {
    // sys_interval 1, yet Mosquitto 2.0.11 publishes $SYS only once more than a second has
    // passed since the last time: a new value every 2 s.
    return 2_000;
  }

  @Override
  public Verdict verify(long sent, String what) throws InterruptedException {
    // The broker publishes the counter at its next $SYS tick (every 2 s) if it changed.
    Thread.sleep(2_500);
    long counted = sys.latest().count();
    return new Verdict(null, String.format("n/a: the baseline stores nothing; its $SYS count of"
        + " PUBLISHes received %d, %s %d (%s)", counted, what, sent,
        counted == sent ? "equal" : "differ by " + (counted - sent)));
  }

  @Override
  public void close() {
    sys.close();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var paths = Files.list(dir)) {
      for (Path p : paths.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // left behind in the temporary directory
    }
  }
}
