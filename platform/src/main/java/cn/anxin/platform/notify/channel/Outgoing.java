package cn.anxin.platform.notify.channel;

import cn.anxin.platform.notify.Channel;
import java.util.Objects;

/**
 * One attempt at one message, ready for its channel: the wire never sees database rows.
 *
 * @param key the idempotency key, sent along so the receiver can drop a repeat
 * @param attempt which attempt this is (1 for the first)
 * @param address the phone number, e-mail address or webhook URL
 * @param subject the e-mail subject; empty for other channels
 * @param body the text (SMS, e-mail) or the JSON body (webhook)
 * @param secret the webhook's signing secret; empty for other channels
 */
public record Outgoing(long id, String key, Channel channel, int attempt, String address, String subject, String body,
    String secret) {

  public Outgoing {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(body, "body");
    subject = subject == null ? "" : subject;
    secret = secret == null ? "" : secret;
  }

  @Override
  public String toString() {
    return "Outgoing[" + key + ", " + channel + ", attempt " + attempt + "]";
  }
}
