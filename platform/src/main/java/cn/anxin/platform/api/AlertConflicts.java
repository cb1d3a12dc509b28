package cn.anxin.platform.api;

import cn.anxin.platform.alerts.AlertStatus;
import cn.anxin.platform.alerts.Transition;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.Messages;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The 409 answers of an alert move, as RFC 9457 problems with extension members saying where the
 * alert is now and who put it there, so a console can tell its user "already acknowledged by 王芳 at
 * 22:03:12": {@code currentStatus}, {@code changedAt} and {@code changedBy} ({@code id},
 * {@code displayName}; null for the system).
 */
final class AlertConflicts {

  /** Times in messages are China Standard Time, to the second. */
  static final ZoneId SERVICE_ZONE = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private AlertConflicts() {}

  /**
   * @param code {@code alert.changed}, {@code alert.closed} or {@code alert.not-forward}
   * @param asked the status the caller asked for
   */
  static ApiReply reply(ApiRequest request, String code, AlertStatus current, AlertStatus asked,
      Optional<Transition> last) {
    Locale locale = request.locale();
    String who = last.filter(t -> t.accountId() != null).map(Transition::accountName)
        .orElse(Messages.text(locale, "alert.actor.system"));
    String when = last.map(t -> TIME.format(t.at().atZone(SERVICE_ZONE))).orElse("");
    return ApiReply.problem(ApiProblem.conflict(code, who, when, label(locale, current), label(locale, asked))
        .with("currentStatus", current.name())
        .with("changedAt", last.map(t -> t.at().toString()).orElse(null))
        .with("changedBy", last.filter(t -> t.accountId() != null)
            .map(t -> new JsonObject().put("id", t.accountId()).put("displayName", t.accountName()))
            .orElse(null)));
  }

  private static String label(Locale locale, AlertStatus status) {
    return Messages.text(locale, "alert.status." + status.name());
  }
}
