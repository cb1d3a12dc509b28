package cn.anxin.platform.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on 127.0.0.1 and a free port (the JDK's server), standing in for a site's
 * webhook endpoint or the SMS gateway. It answers 500 for the next {@link #failNext} requests, can
 * be stopped (connections refused) and started again on the same port, and records every request
 * and which ones it accepted.
 */
final class HttpReceiver implements AutoCloseable {

  /** One request as it arrived. */
  record Request(String path, Map<String, List<String>> headers, String body, boolean accepted) {
    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile int failStatus = 500;
  private HttpServer server;
  private int port;

  static HttpReceiver start() throws IOException {
    HttpReceiver receiver = new HttpReceiver();
    receiver.listen(0);
    return receiver;
  }

  private void listen(int onPort) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 16);
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Answer the next {@code count} requests with {@code status}. */
  void failNext(int count, int status) {
    failStatus = status;
    failNext.set(count);
  }

  /** Stops listening: connections are refused until {@link #restart()}. */
  void stop() {
    server.stop(0);
  }

  void restart() throws IOException {
    listen(port);
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  List<Request> accepted() {
    return requests.stream().filter(Request::accepted).toList();
  }

  void clear() {
    requests.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    boolean fail = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body,
        !fail));
    byte[] answer = (fail ? "{\"error\":\"busy\"}" : "{\"id\":\"r-" + ids.incrementAndGet() + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(fail ? failStatus : 200, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
