package cn.anxin.platform.notify;

import java.util.Objects;

/**
 * The SMTP server e-mails leave through ({@code ANXIN_SMTP_HOST}, {@code ANXIN_SMTP_PORT},
 * {@code ANXIN_SMTP_USER}, {@code ANXIN_SMTP_PASSWORD}, {@code ANXIN_SMTP_FROM},
 * {@code ANXIN_SMTP_STARTTLS}). Without a user no authentication is attempted; with STARTTLS the
 * upgrade is required, not merely tried.
 */
public record SmtpOptions(String host, int port, String user, String password, String from, boolean startTls) {

  public static final int DEFAULT_PORT = 25;

  public SmtpOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(from, "from");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SMTP port out of range: " + port);
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  public boolean authenticates() {
    return !user.isEmpty();
  }

  @Override
  public String toString() {
    return "SmtpOptions[host=" + host + ", port=" + port + ", user=" + user + ", from=" + from
        + ", startTls=" + startTls + "]";
  }
}
