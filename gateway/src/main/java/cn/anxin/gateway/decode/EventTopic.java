package cn.anxin.gateway.decode;

import java.util.Optional;

/**
 * A parsed contract v1 topic: {@code anxin/v1/devices/{deviceId}/events/{kind}}.
 *
 * @param deviceId the device the topic belongs to
 * @param kind the message kind named by the last segment
 */
public record EventTopic(String deviceId, EventKind kind) {

  public static final String PREFIX = "anxin/v1/devices/";

  public static String of(String deviceId, EventKind kind) {
    return PREFIX + deviceId + "/events/" + kind.topicSegment();
  }

  /** The topic's parts, or empty when the topic is not a v1 event topic of a known kind. */
  public static Optional<EventTopic> parse(String topic) {
    if (topic == null || !topic.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] rest = topic.substring(PREFIX.length()).split("/", -1);
    if (rest.length != 3 || rest[0].isEmpty() || !"events".equals(rest[1])) {
      return Optional.empty();
    }
    return EventKind.fromTopicSegment(rest[2]).map(kind -> new EventTopic(rest[0], kind));
  }
}
