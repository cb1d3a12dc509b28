package cn.anxin.platform.notify.channel;

import cn.anxin.platform.notify.Channel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * POSTs the stored JSON body to the subscription's URL with {@code X-Anxin-Signature}
 * ({@link WebhookSignature}), {@code X-Anxin-Delivery} (the idempotency key: the same for every
 * attempt at one message) and {@code X-Anxin-Timestamp} (seconds since the epoch, of this attempt).
 * Any 2xx is delivered; everything else is tried again.
 *
 * <p>The JDK's {@link HttpClient} rather than the Vert.x WebClient: sending runs on worker threads
 * anyway (SMTP is blocking), so a blocking call with its own timeout keeps every channel the same
 * simple shape, and it needs no further dependency.
 */
public final class WebhookSender implements Sender {

  public static final String DELIVERY_HEADER = "X-Anxin-Delivery";
  public static final String TIMESTAMP_HEADER = "X-Anxin-Timestamp";

  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;

  public WebhookSender(Duration timeout, Clock clock) {
    this.http = HttpAnswers.client(timeout);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  @Override
  public SendResult send(Outgoing message) throws Exception {
    byte[] body = message.body().getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(message.address()))
        .timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "Anxin-Notify/1")
        .header(WebhookSignature.HEADER, WebhookSignature.sign(message.secret(), body))
        .header(DELIVERY_HEADER, message.key())
        .header(TIMESTAMP_HEADER, String.valueOf(clock.instant().getEpochSecond()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return HttpAnswers.read(http.send(request, HttpResponse.BodyHandlers.ofString()));
  }
}
