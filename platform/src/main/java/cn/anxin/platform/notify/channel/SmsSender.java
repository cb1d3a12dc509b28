package cn.anxin.platform.notify.channel;

import cn.anxin.platform.notify.Channel;
import cn.anxin.platform.notify.SmsOptions;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * Text messages through an HTTP SMS gateway: a JSON POST {@code {"to", "text"}} with the gateway's
 * bearer token and the idempotency key in {@code X-Anxin-Delivery}. 2xx is delivered (the receipt
 * keeps the gateway's message id); 400 and 422 (a number or text the gateway refuses) are not tried
 * again; anything else is.
 */
public final class SmsSender implements Sender {

  private final SmsOptions gateway;
  private final HttpClient http;
  private final Duration timeout;

  public SmsSender(SmsOptions gateway, Duration timeout) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpAnswers.client(timeout);
  }

  @Override
  public Channel channel() {
    return Channel.SMS;
  }

  @Override
  public SendResult send(Outgoing message) throws Exception {
    String body = new JsonObject().put("to", message.address()).put("text", message.body()).encode();
    HttpRequest.Builder request = HttpRequest.newBuilder(gateway.url())
        .timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .header(WebhookSender.DELIVERY_HEADER, message.key())
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (!gateway.token().isEmpty()) {
      request.header("Authorization", "Bearer " + gateway.token());
    }
    return HttpAnswers.read(http.send(request.build(), HttpResponse.BodyHandlers.ofString()), 400, 422);
  }
}
