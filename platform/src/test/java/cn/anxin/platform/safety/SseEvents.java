package cn.anxin.platform.safety;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The console's alert stream as a test reads it: each server-sent event, name and JSON data, in order. */
final class SseEvents implements AutoCloseable {

  record Event(String name, JsonObject data) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final java.util.List<Event> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final HttpResponse<Stream<String>> response;
  private final Thread reader;

  private SseEvents(HttpResponse<Stream<String>> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static SseEvents open(int httpPort, String token) throws Exception {
    HttpRequest open = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/alerts/stream"))
        .header("Authorization", "Bearer " + token).build();
    HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
        .sendAsync(open, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
    if (response.statusCode() != 200) {
      throw new AssertionError("the stream answered " + response.statusCode());
    }
    return new SseEvents(response);
  }

  private void read() {
    String name = null;
    StringBuilder data = new StringBuilder();
    Iterator<String> lines = response.body().iterator();
    try {
      while (lines.hasNext()) {
        String line = lines.next();
        if (line.isEmpty()) {
          if (name != null && data.length() > 0) {
            events.add(new Event(name, new JsonObject(data.toString())));
          }
          name = null;
          data.setLength(0);
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
    } catch (RuntimeException closed) {
      // the stream was closed
    }
  }

  /** The next event that matches, skipping the others; fails when none comes within the wait. */
  Event next(Predicate<Event> match, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Event e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no matching event on the stream within " + within + "; seen: " + seen);
      }
      seen.add(e);
      if (match.test(e)) {
        return e;
      }
    }
  }

  /** Every event {@link #next} has looked at so far, matching or not, in order. */
  java.util.List<Event> seen() {
    return java.util.List.copyOf(seen);
  }

  static Predicate<Event> about(String name, long elderId) {
    return e -> e.name().equals(name) && e.data().getJsonObject("elder").getLong("id") == elderId;
  }

  @Override
  public void close() {
    response.body().close();
  }
}
