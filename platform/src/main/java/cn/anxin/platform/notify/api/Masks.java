package cn.anxin.platform.notify.api;

import java.net.URI;

/** How addresses appear in answers about notifications: enough to recognise, not enough to use. */
final class Masks {

  private Masks() {}

  /** {@code 13812345678} becomes {@code 138****5678}; short numbers keep only their last two digits. */
  static String phone(String phone) {
    if (phone == null || phone.isBlank()) {
      return null;
    }
    String p = phone.strip();
    if (p.length() >= 11) {
      return p.substring(0, 3) + "****" + p.substring(p.length() - 4);
    }
    int keep = Math.min(2, p.length());
    return "*".repeat(p.length() - keep) + p.substring(p.length() - keep);
  }

  /** {@code zhang.li@example.org} becomes {@code z***@example.org}. */
  static String email(String email) {
    if (email == null || email.isBlank()) {
      return null;
    }
    int at = email.indexOf('@');
    if (at <= 0) {
      return "***";
    }
    return email.charAt(0) + "***" + email.substring(at);
  }

  /** Only the origin of a webhook URL: its path and query may carry a token. */
  static String origin(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getScheme() + "://" + uri.getRawAuthority().replaceFirst("^[^@]*@", "");
    } catch (RuntimeException e) {
      return "***";
    }
  }
}
