package cn.anxin.platform.notify;

import cn.anxin.platform.api.rest.Messages;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The words of escalation messages (bundle {@code escalation}), in Chinese or English by the
 * recipient's account: to supervisors, which alert of which elder has waited how long; to the
 * bureau, the site and the alert but not the elder's name (the command centre reads the alert
 * through the API, where the read is audited); to the family, only that the centre's supervisor has
 * been told, as in their other messages.
 */
final class EscalationText {

  private EscalationText() {}

  /** The message to a supervisor or bureau account, or to the bureau's address. */
  static FamilyText.Text staff(Locale locale, NotifyEvent event, JsonObject payload, String elderName,
      String siteName) {
    String kind = switch (event) {
      case ALERT_REMINDER -> "reminder";
      case ALERT_BUREAU -> "bureau";
      default -> "supervisor";
    };
    return text(locale, kind, payload, elderName, siteName);
  }

  /** The message to a family contact. */
  static FamilyText.Text family(Locale locale, JsonObject payload, String elderName) {
    return text(locale, "family", payload, elderName, "");
  }

  /** The e-mail body: the message, then where it came from. */
  static String mailBody(Locale locale, FamilyText.Text text) {
    return text.body() + "\n\n" + Messages.text(locale, "escalation.mail.footer");
  }

  private static FamilyText.Text text(Locale locale, String kind, JsonObject payload, String elderName,
      String siteName) {
    Instant raised = Instant.parse(payload.getString("eventTime"));
    String time = DateTimeFormatter.ofPattern(Messages.text(locale, "notify.time"),
        Messages.isEnglish(locale) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE)
        .withZone(FamilyText.BEIJING).format(raised);
    String ruleKey = "notify.event." + payload.getString("rule");
    String what = Messages.text(locale, Messages.has(Messages.ZH, ruleKey) ? ruleKey : "notify.event.other");
    long waited = payload.getLong("waitedSeconds", 0L);
    String waitedText = waited < 120 ? Messages.text(locale, "escalation.waited.seconds", String.valueOf(waited))
        : Messages.text(locale, "escalation.waited.minutes", String.valueOf(waited / 60));
    Object[] args = {time, siteName == null ? "" : siteName, elderName, what, payload.getString("severity"),
        waitedText, String.valueOf(payload.getLong("alertId")), payload.getInteger("reminder", 0)};
    return new FamilyText.Text(Messages.text(locale, "escalation.subject." + kind, args),
        Messages.text(locale, "escalation.text." + kind, args));
  }
}
