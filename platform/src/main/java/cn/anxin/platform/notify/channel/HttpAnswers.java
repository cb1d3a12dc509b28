package cn.anxin.platform.notify.channel;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the HTTP channels share: one JDK client (HTTP/1.1, no redirects followed: a moved receiver
 * is a failure an administrator should see) and the reading of an answer into a {@link SendResult}.
 */
final class HttpAnswers {

  private static final int MAX_SHOWN = 200;

  private HttpAnswers() {}

  static HttpClient client(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .build();
  }

  /**
   * 2xx is delivered, with the status and the id the receiver gave (a JSON {@code id} or
   * {@code messageId}) as the receipt; any other status failed, permanently for those listed.
   */
  static SendResult read(HttpResponse<String> response, int... permanent) {
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body();
    if (status >= 200 && status < 300) {
      String id = idIn(body);
      return SendResult.delivered("HTTP " + status + (id == null ? "" : " id=" + id));
    }
    String error = "HTTP " + status + (body.isBlank() ? "" : ": " + shorten(body));
    for (int p : permanent) {
      if (p == status) {
        return SendResult.failedForGood(error);
      }
    }
    return SendResult.failed(error);
  }

  private static String idIn(String body) {
    if (body.isBlank() || !body.strip().startsWith("{")) {
      return null;
    }
    try {
      JsonObject json = new JsonObject(body);
      Object id = json.getValue("id", json.getValue("messageId"));
      return id == null ? null : shorten(String.valueOf(id));
    } catch (DecodeException e) {
      return null;
    }
  }

  private static String shorten(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= MAX_SHOWN ? flat : flat.substring(0, MAX_SHOWN) + "…";
  }
}
