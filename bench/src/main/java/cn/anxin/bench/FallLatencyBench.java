package cn.anxin.bench;

import ch.qos.logback.classic.Level;
import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.access.Role;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long a fall takes from the device's PUBLISH to a staff console: the whole stack in this JVM
 * on a fresh embedded PostgreSQL, a staff member of the devices' site signed in with the console's
 * server-sent event stream open (a plain HTTP client), background devices publishing heartbeats at
 * QoS 1 at a stated total rate, and other devices publishing falls at a stated rate. For each fall
 * measured: the time from the publish call to the "provisional" event (the safety lane) and to the
 * "alert" event of the stored alert (the journal consumer's), as HdrHistograms. Prints figures,
 * never fails on a timing.
 */
@Command(name = "fall-latency", mixinStandardHelpOptions = true,
    description = "Fall PUBLISH -> console (SSE) latency, safety lane and stored alert, under background load.")
public final class FallLatencyBench implements Callable<Integer> {

  @Option(names = "--background-devices", defaultValue = "50", description = "Heartbeat publishers.")
  int backgroundDevices;

  @Option(names = "--background-rate", defaultValue = "0", description = "Heartbeats per second, all publishers together.")
  int backgroundRate;

  @Option(names = "--fall-devices", defaultValue = "20", description = "Fall radars (one elder each).")
  int fallDevices;

  @Option(names = "--fall-rate", defaultValue = "5", description = "Falls per second, all radars together.")
  double fallRate;

  @Option(names = "--warmup", defaultValue = "15", description = "Seconds of load and falls before measuring.")
  int warmup;

  @Option(names = "--duration", defaultValue = "45", description = "Seconds of measured falls.")
  int duration;

  @Option(names = "--drain", defaultValue = "20", description = "Seconds to wait for the last stored alerts.")
  int drain;

  private record Sent(String deviceId, long eventCount, long nanos, boolean measured) {}

  private final Map<String, Sent> byMsgId = new ConcurrentHashMap<>();
  private final Map<String, Sent> byDeviceCount = new ConcurrentHashMap<>();
  private final Histogram lane = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  private final Histogram stored = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  private final AtomicLong laneSeen = new AtomicLong();
  private final AtomicLong storedSeen = new AtomicLong();
  private final AtomicLong unmatched = new AtomicLong();
  private final AtomicLong heartbeatsAcked = new AtomicLong();
  private final AtomicLong heartbeatsFailed = new AtomicLong();

  public static void main(String[] args) {
    System.exit(new CommandLine(new FallLatencyBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logs) {
      logs.getLogger("ROOT").setLevel(Level.WARN);
    }
    System.out.printf("machine: %d cores, load average %s (shared machine: figures are noisy)%n",
        Runtime.getRuntime().availableProcessors(), loadAverage());
    int total = backgroundDevices + fallDevices;
    try (AnxinTarget target = AnxinTarget.start(total, Path.of("bench", "target", "work"), System.getenv(),
        true, false)) {
      target.describe().forEach(line -> System.out.println("target: " + line));
      List<BenchDevice> all = target.devices();
      List<BenchDevice> background = all.subList(0, backgroundDevices);
      List<BenchDevice> radars = all.subList(backgroundDevices, total);
      String token = staffToken(target);
      HttpResponse<Stream<String>> stream = openStream(target.httpPort(), token);
      Thread reader = new Thread(() -> read(stream), "sse-reader");
      reader.setDaemon(true);
      reader.start();

      List<MqttAsyncClient> bgClients = connect(target.serverUri(), background, true);
      List<MqttAsyncClient> fallClients = connect(target.serverUri(), radars, false);
      long[] fallCounts = new long[radars.size()];
      System.out.printf("load: %d heartbeat publishers at %d msg/s in all (QoS 1); %d radars, %.1f falls/s;"
          + " warm-up %d s, measured %d s%n", backgroundDevices, backgroundRate, fallDevices, fallRate, warmup,
          duration);

      long start = System.nanoTime();
      long warmEnd = start + TimeUnit.SECONDS.toNanos(warmup);
      long end = warmEnd + TimeUnit.SECONDS.toNanos(duration);
      Thread load = new Thread(() -> heartbeats(bgClients, background, start, end), "background-load");
      load.setDaemon(true);
      load.start();
      long fallInterval = (long) (1e9 / fallRate);
      long next = start;
      long falls = 0;
      long measuredFalls = 0;
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          break;
        }
        if (now < next) {
          TimeUnit.NANOSECONDS.sleep(Math.min(next - now, 5_000_000));
          continue;
        }
        next += fallInterval;
        int i = (int) (falls % radars.size());
        falls++;
        String deviceId = radars.get(i).id();
        long count = ++fallCounts[i];
        String msgId = "fall-" + deviceId + "-" + count;
        boolean measured = now >= warmEnd;
        if (measured) {
          measuredFalls++;
        }
        long t0 = System.nanoTime();
        Sent sent = new Sent(deviceId, count, t0, measured);
        byMsgId.put(msgId, sent);
        byDeviceCount.put(deviceId + "#" + count, sent);
        MqttMessage m = new MqttMessage(Payloads.fall(msgId, count));
        m.setQos(1);
        fallClients.get(i).publish(Payloads.topic(deviceId, "fall"), m);
      }
      load.join();
      double loadSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("background: %,d heartbeats acknowledged in %.0f s (%.0f msg/s achieved), %d failed%n",
          heartbeatsAcked.get(), loadSeconds, heartbeatsAcked.get() / loadSeconds, heartbeatsFailed.get());
      long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(drain);
      while (System.nanoTime() < drainEnd && (laneSeen.get() < measuredFalls || storedSeen.get() < measuredFalls)) {
        Thread.sleep(100);
      }
      stream.body().close();
      for (MqttAsyncClient c : bgClients) {
        c.disconnectForcibly(1000, 1000);
        c.close();
      }
      for (MqttAsyncClient c : fallClients) {
        c.disconnectForcibly(1000, 1000);
        c.close();
      }
      report(measuredFalls);
    }
    return 0;
  }

  private void report(long measuredFalls) {
    System.out.println();
    System.out.printf("=== Fall PUBLISH -> console SSE, %d falls measured, background %d msg/s%n", measuredFalls,
        backgroundRate);
    System.out.printf("%-26s %8s %8s %9s %9s %9s %9s%n", "path", "events", "missing", "p50 ms", "p90 ms", "p99 ms",
        "max ms");
    row("provisional (safety lane)", lane, measuredFalls);
    row("stored alert (journal)", stored, measuredFalls);
    System.out.println("missing: measured falls whose event did not reach the stream within the run and"
        + " drain (a stored alert update covering two falls counts the earlier one as missing)");
    System.out.printf("RESULT\tbackground=%d\tlane_p50=%.2f\tlane_p99=%.2f\tlane_max=%.2f\tstored_p50=%.2f"
            + "\tstored_p99=%.2f\tstored_max=%.2f%n", backgroundRate, ms(lane, 50), ms(lane, 99),
        lane.getMaxValue() / 1000.0, ms(stored, 50), ms(stored, 99), stored.getMaxValue() / 1000.0);
    summarise(measuredFalls);
  }

  /** The case's headline figures for bench/run-all.sh (docs/BENCHMARKS.md, "Summary files"). */
  private void summarise(long measuredFalls) {
    Path file = Path.of("bench", "target", "fall-latency", "summary.tsv");
    String name = "background " + backgroundRate + " msg/s";
    try {
      for (var path : List.of(java.util.Map.entry("lane", lane), java.util.Map.entry("stored", stored))) {
        Histogram h = path.getValue();
        String note = h.getTotalCount() + " of " + measuredFalls + " falls arrived";
        for (int p : new int[] {50, 99}) {
          SummaryFile.append(file, "fall-latency", name + ", " + path.getKey(), "p" + p + "_ms",
              String.format(java.util.Locale.ROOT, "%.1f", ms(h, p)), "ms", note);
        }
        SummaryFile.append(file, "fall-latency", name + ", " + path.getKey(), "max_ms",
            String.format(java.util.Locale.ROOT, "%.1f", h.getMaxValue() / 1000.0), "ms", note);
      }
    } catch (java.io.IOException e) {
      System.out.println("summary not written: " + e);
    }
  }

  private static void row(String name, Histogram h, long expected) {
    long n = h.getTotalCount();
    System.out.printf("%-26s %8d %8d %9.2f %9.2f %9.2f %9.2f%n", name, n, Math.max(0, expected - n), ms(h, 50),
        ms(h, 90), ms(h, 99), h.getMaxValue() / 1000.0);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Paces heartbeats over the background publishers, round robin, until the end. */
  private void heartbeats(List<MqttAsyncClient> clients, List<BenchDevice> devices, long start, long end) {
    if (backgroundRate <= 0 || clients.isEmpty()) {
      return;
    }
    long sent = 0;
    try {
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          return;
        }
        long due = (long) ((now - start) / 1e9 * backgroundRate);
        while (sent < due) {
          int i = (int) (sent % clients.size());
          String id = devices.get(i).id();
          MqttMessage m = new MqttMessage(Payloads.heartbeat(Payloads.msgId(id, sent), sent));
          m.setQos(1);
          try {
            clients.get(i).publish(Payloads.topic(id, "heartbeat"), m);
          } catch (Exception e) {
            heartbeatsFailed.incrementAndGet();
          }
          sent++;
        }
        Thread.sleep(2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private List<MqttAsyncClient> connect(String uri, List<BenchDevice> devices, boolean background) throws Exception {
    List<MqttAsyncClient> clients = new ArrayList<>();
    for (BenchDevice d : devices) {
      MqttAsyncClient client = new MqttAsyncClient(uri, d.id(), new MemoryPersistence());
      if (background) {
        client.setCallback(new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {}

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {
            heartbeatsAcked.incrementAndGet();
          }
        });
      }
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setCleanSession(true);
      options.setUserName(d.id());
      options.setPassword(d.secret().toCharArray());
      options.setMaxInflight(65_000);
      options.setKeepAliveInterval(60);
      options.setConnectionTimeout(30);
      client.connect(options).waitForCompletion(30_000);
      clients.add(client);
    }
    return clients;
  }

  /** A staff account of the devices' site, signed in through the API; returns its token. */
  private static String staffToken(AnxinTarget target) throws Exception {
    String password = "bench-" + SecretHasher.newSecret();
    try (Connection c = target.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id FROM site ORDER BY id DESC LIMIT 1");
        ResultSet r = s.executeQuery()) {
      r.next();
      new Accounts(new SecretHasher()).create(c, "bench.staff", "压测值班员", Role.STAFF, password,
          List.of(r.getLong(1)));
    }
    HttpRequest signIn = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.httpPort() + "/api/session"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            new JsonObject().put("username", "bench.staff").put("password", password).encode()))
        .build();
    HttpResponse<String> answer = HttpClient.newHttpClient().send(signIn, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 201) {
      throw new IllegalStateException("sign-in answered " + answer.statusCode() + ": " + answer.body());
    }
    return new JsonObject(answer.body()).getString("token");
  }

  private static HttpResponse<Stream<String>> openStream(int port, String token) throws Exception {
    HttpRequest open = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/alerts/stream"))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
    HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
        .sendAsync(open, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the alert stream answered " + response.statusCode());
    }
    return response;
  }

  /** Reads the stream; each event is matched to its fall the moment its last line arrives. */
  private void read(HttpResponse<Stream<String>> stream) {
    String name = null;
    String data = null;
    try {
      Iterator<String> lines = stream.body().iterator();
      while (lines.hasNext()) {
        String line = lines.next();
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        } else if (line.isEmpty() && name != null && data != null) {
          long at = System.nanoTime();
          arrived(name, new JsonObject(data), at);
          name = null;
          data = null;
        }
      }
    } catch (RuntimeException closed) {
      // the stream was closed at the end of the run
    }
  }

  private void arrived(String name, JsonObject data, long at) {
    if (name.equals("provisional")) {
      Sent sent = byMsgId.get(data.getString("msgId", ""));
      if (sent != null && sent.measured()) {
        lane.recordValue(Math.max(0, (at - sent.nanos()) / 1000));
        laneSeen.incrementAndGet();
      }
    } else if (name.equals("alert") && "FALL".equals(data.getString("rule"))) {
      Sent sent = byDeviceCount.remove(data.getString("deviceId") + "#" + data.getLong("eventCount", 0L));
      if (sent == null && unmatched.incrementAndGet() <= 3) {
        System.out.println("alert event matched to no fall (a second update of one already counted): "
            + data.encode());
      }
      if (sent != null && sent.measured()) {
        stored.recordValue(Math.max(0, (at - sent.nanos()) / 1000));
        storedSeen.incrementAndGet();
      }
    }
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
