package cn.anxin.platform.escalation;

import cn.anxin.platform.api.rest.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A site's escalation settings: per severity, how long an alert may wait for acknowledgement before
 * the supervisors (and the family) are told, how often they are reminded after that, and how long
 * it may stay unresolved before the bureau's command centre is told; whether the family is told;
 * the supervisors' channels; the bureau's e-mail addresses. Defaults follow the domain handbook:
 * P1 acknowledged within 60 s and resolved within 30 min, P2 acknowledged within 15 min, P3 the same
 * working day, P4 informational.
 */
public record EscalationPolicy(Map<Severity, Thresholds> severities, boolean notifyFamily,
    List<String> supervisorChannels, List<String> bureauEmails) {

  /** The severities of the alert rules. */
  public enum Severity { P1, P2, P3, P4 }

  /** Channels a supervisor or bureau account can be reached on. */
  public static final List<String> CHANNELS = List.of("SMS", "EMAIL");

  /**
   * One severity's thresholds; a null duration switches that step off.
   *
   * @param acknowledgeSeconds after the raise: not acknowledged by then rises to level 1
   * @param reminderSeconds after level 1: the supervisors are reminded this often while unacknowledged
   * @param maxReminders at most this many reminders (bounded, like every retry here)
   * @param resolveSeconds after the raise: not closed by then rises to level 2 (the bureau)
   */
  public record Thresholds(Integer acknowledgeSeconds, Integer reminderSeconds, int maxReminders,
      Integer resolveSeconds) {

    public JsonObject toJson() {
      return new JsonObject().put("acknowledgeSeconds", acknowledgeSeconds).put("reminderSeconds", reminderSeconds)
          .put("maxReminders", maxReminders).put("resolveSeconds", resolveSeconds);
    }

    /** The thresholds as stored; members left out take {@code defaults}', a null switches a step off. */
    static Thresholds of(JsonObject json, Thresholds defaults) {
      if (json == null) {
        return defaults;
      }
      return new Thresholds(
          json.containsKey("acknowledgeSeconds") ? json.getInteger("acknowledgeSeconds") : defaults.acknowledgeSeconds,
          json.containsKey("reminderSeconds") ? json.getInteger("reminderSeconds") : defaults.reminderSeconds,
          json.getInteger("maxReminders", defaults.maxReminders),
          json.containsKey("resolveSeconds") ? json.getInteger("resolveSeconds") : defaults.resolveSeconds);
    }
  }

  /** The defaults of a site that never saved settings (version 0). */
  public static final EscalationPolicy DEFAULTS = new EscalationPolicy(Map.of(
      Severity.P1, new Thresholds(60, 120, 10, 1_800),
      Severity.P2, new Thresholds(900, 900, 4, 14_400),
      Severity.P3, new Thresholds(28_800, null, 0, null),
      Severity.P4, new Thresholds(null, null, 0, null)),
      true, CHANNELS, List.of());

  public EscalationPolicy {
    EnumMap<Severity, Thresholds> copy = new EnumMap<>(Severity.class);
    copy.putAll(Objects.requireNonNull(severities, "severities"));
    severities = Map.copyOf(copy);
    supervisorChannels = List.copyOf(supervisorChannels);
    bureauEmails = List.copyOf(bureauEmails);
  }

  /** The thresholds of a severity (P1-P4); an unknown severity escalates nothing. */
  public Thresholds of(String severity) {
    for (Severity s : Severity.values()) {
      if (s.name().equals(severity)) {
        return severities.get(s);
      }
    }
    return new Thresholds(null, null, 0, null);
  }

  /** A stored or sent document; what it leaves out takes the defaults. */
  public static EscalationPolicy fromJson(JsonObject json) {
    JsonObject given = json.getJsonObject("severities", new JsonObject());
    Map<Severity, Thresholds> severities = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      severities.put(s, Thresholds.of(given.getJsonObject(s.name()), DEFAULTS.severities.get(s)));
    }
    return new EscalationPolicy(severities,
        json.getBoolean("notifyFamily", DEFAULTS.notifyFamily),
        strings(json.getJsonArray("supervisorChannels"), DEFAULTS.supervisorChannels),
        strings(json.getJsonArray("bureauEmails"), DEFAULTS.bureauEmails));
  }

  /** The complete document: every severity and member. */
  public JsonObject toJson() {
    JsonObject bySeverity = new JsonObject();
    for (Severity s : Severity.values()) {
      bySeverity.put(s.name(), severities.get(s).toJson());
    }
    return new JsonObject().put("severities", bySeverity).put("notifyFamily", notifyFamily)
        .put("supervisorChannels", new JsonArray(supervisorChannels)).put("bureauEmails", new JsonArray(bureauEmails));
  }

  /**
   * What the contract cannot check: a reminder needs an acknowledgement step; resolving must be
   * given longer than acknowledging; a less urgent severity may not be held to a shorter
   * acknowledgement than a more urgent one. Pointers are under {@code prefix}.
   */
  public List<FieldError> problems(String prefix) {
    List<FieldError> errors = new ArrayList<>();
    Integer tighter = null;
    for (Severity s : Severity.values()) {
      Thresholds t = severities.get(s);
      String at = prefix + "/severities/" + s.name();
      if (t.reminderSeconds() != null && t.acknowledgeSeconds() == null) {
        errors.add(FieldError.of(at + "/reminderSeconds", "escalation.reminder-without-acknowledge"));
      }
      if (t.acknowledgeSeconds() != null && t.resolveSeconds() != null
          && t.resolveSeconds() <= t.acknowledgeSeconds()) {
        errors.add(FieldError.of(at + "/resolveSeconds", "escalation.resolve-not-after-acknowledge"));
      }
      if (t.acknowledgeSeconds() != null) {
        if (tighter != null && t.acknowledgeSeconds() < tighter) {
          errors.add(FieldError.of(at + "/acknowledgeSeconds", "escalation.shorter-than-more-urgent",
              String.valueOf(tighter)));
        }
        tighter = t.acknowledgeSeconds();
      }
    }
    return errors;
  }

  private static List<String> strings(JsonArray array, List<String> otherwise) {
    if (array == null) {
      return otherwise;
    }
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(String.valueOf(v)));
    return values;
  }
}
