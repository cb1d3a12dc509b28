package cn.anxin.gateway.decode;

import java.util.Optional;

/**
 * The kinds of device message in contract v1; each has a topic segment and a JSON schema. The
 * constant names are stored in {@code device_event.kind}: never rename one.
 */
public enum EventKind {
  /** A confirmed fall; radar fall sensors and wearables. */
  FALL("fall"),
  /** The device is alive (the supervision signal); any device. */
  HEARTBEAT("heartbeat"),
  /** Someone is, or no one is, in a radar's field. */
  PRESENCE("presence"),
  /** A possible fall, not confirmed; radar fall sensors. */
  SUSPECTED_FALL("suspected-fall"),
  /** No movement for a while ("static residence"); radar fall sensors. */
  DWELL("dwell"),
  /** Into or out of bed; radar fall sensors. */
  BED_STATE("bed"),
  /** Heart and breathing rate; radar fall sensors. */
  VITALS("vitals"),
  /** The SOS button was pressed; wearables and SOS pendants. */
  SOS("sos"),
  /** The wearer cancelled an alarm; wearables and SOS pendants. */
  ALARM_CANCEL("cancel"),
  /** A position fix; wearables. */
  LOCATION("location"),
  /** Interval consumption and register of a water meter. */
  WATER_READING("water"),
  /** Interval energy and register of an electricity meter. */
  ELECTRICITY_READING("electricity"),
  /** One meal served, from a meal-station card reader. */
  MEAL_SWIPE("swipe"),
  /** A device's answer to a command sent down to it. */
  COMMAND_RESULT("command-result"),
  /** Online or offline, written by the gateway itself; devices may not publish it. */
  CONNECTIVITY("connectivity", false);

  private final String topicSegment;
  private final boolean devicePublishable;

  EventKind(String topicSegment) {
    this(topicSegment, true);
  }

  EventKind(String topicSegment, boolean devicePublishable) {
    this.topicSegment = topicSegment;
    this.devicePublishable = devicePublishable;
  }

  /** False for the kinds only the gateway writes. */
  public boolean devicePublishable() {
    return devicePublishable;
  }

  public String topicSegment() {
    return topicSegment;
  }

  public String schemaResource() {
    return "/contract/v1/" + topicSegment + ".schema.json";
  }

  public static Optional<EventKind> fromTopicSegment(String segment) {
    for (EventKind kind : values()) {
      if (kind.devicePublishable && kind.topicSegment.equals(segment)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
