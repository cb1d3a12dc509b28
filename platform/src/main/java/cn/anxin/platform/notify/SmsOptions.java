package cn.anxin.platform.notify;

import java.net.URI;
import java.util.Objects;

/**
 * The HTTP SMS gateway: messages are POSTed to {@code url} as JSON {@code {"to", "text"}} with
 * {@code Authorization: Bearer <token>} ({@code ANXIN_SMS_URL}, {@code ANXIN_SMS_TOKEN}).
 */
public record SmsOptions(URI url, String token) {

  public SmsOptions {
    Objects.requireNonNull(url, "url");
    token = token == null ? "" : token;
  }

  @Override
  public String toString() {
    return "SmsOptions[url=" + url + ", token=" + (token.isEmpty() ? "none" : "***") + "]";
  }
}
