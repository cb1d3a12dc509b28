package cn.anxin.platform.notify;

import cn.anxin.platform.api.rest.Messages;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The words a family member receives (bundle {@code notify}), in Chinese or, when the contact's
 * account reads English, in English: what happened, when (Beijing time), that the centre is handling
 * it, and on closing how it ended and the role (never the name) of who closed it. Nothing else about
 * the elder: no ID number, no address, no health detail beyond the event.
 */
public final class FamilyText {

  /** Times in family messages are China Standard Time. */
  public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

  /** A message: the subject (for e-mail) and the text. */
  public record Text(String subject, String body) {}

  private FamilyText() {}

  /**
   * The message about a step.
   *
   * @param payload the planner's payload (rule, status, event time, disposition, role)
   * @param elderName the elder's name as it is now
   */
  public static Text render(Locale locale, NotifyEvent event, JsonObject payload, String elderName) {
    Instant when = Instant.parse(payload.getString("eventTime"));
    String time = DateTimeFormatter.ofPattern(Messages.text(locale, "notify.time"),
        Messages.isEnglish(locale) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE).withZone(BEIJING).format(when);
    String what = label(locale, "notify.event." + payload.getString("rule"), "notify.event.other");
    boolean closing = event == NotifyEvent.ALERT_CLOSED;
    String role = label(locale, "notify.role." + payload.getString("byRole"), "notify.role.none");
    String outcome = closing ? outcome(locale, payload) : "";
    Object[] args = {time, elderName, what, role, outcome};
    String kind = closing ? "closed" : "raised";
    return new Text(Messages.text(locale, "notify.subject." + kind, args),
        Messages.text(locale, "notify." + kind, args));
  }

  /** The e-mail body: the message, then a line on where to ask. */
  public static String mailBody(Locale locale, Text text) {
    return text.body() + "\n\n" + Messages.text(locale, "notify.mail.footer");
  }

  /** The locale of a contact's account ({@code zh-CN} or {@code en}); Chinese without an account. */
  public static Locale localeOf(String accountLocale) {
    return "en".equals(accountLocale) ? Messages.EN : Messages.ZH;
  }

  private static String outcome(Locale locale, JsonObject payload) {
    String status = payload.getString("status");
    String disposition = payload.getString("disposition");
    String fallback = "notify.outcome." + status + ".NONE";
    return label(locale, disposition == null ? fallback : "notify.outcome." + status + "." + disposition, fallback);
  }

  private static String label(Locale locale, String key, String fallback) {
    return Messages.text(locale, Messages.has(Messages.ZH, key) ? key : fallback);
  }
}
