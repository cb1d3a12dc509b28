package cn.anxin.gateway.decode;

import java.util.Optional;

/** The kinds of device message in contract v1; each has a topic segment and a JSON schema. */
public enum EventKind {
  FALL("fall"),
  HEARTBEAT("heartbeat");

  private final String topicSegment;

  EventKind(String topicSegment) {
    this.topicSegment = topicSegment;
  }

  public String topicSegment() {
    return topicSegment;
  }

  public String schemaResource() {
    return "/contract/v1/" + topicSegment + ".schema.json";
  }

  public static Optional<EventKind> fromTopicSegment(String segment) {
    for (EventKind kind : values()) {
      if (kind.topicSegment.equals(segment)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
