package cn.anxin.gateway.command;

import java.util.Optional;

/**
 * Topics of the command channel, contract v1: commands go down on
 * {@code anxin/v1/devices/{deviceId}/commands/{name}}, and the device answers on
 * {@code anxin/v1/devices/{deviceId}/results}.
 */
public final class CommandTopics {

  private static final String PREFIX = "anxin/v1/devices/";

  private CommandTopics() {}

  public static String command(String deviceId, String name) {
    return PREFIX + deviceId + "/commands/" + name;
  }

  public static String results(String deviceId) {
    return PREFIX + deviceId + "/results";
  }

  public static boolean isResults(String topic, String deviceId) {
    return results(deviceId).equals(topic);
  }

  /**
   * Whether a device may subscribe to this filter: only its own command topics, as
   * {@code .../commands/#}, {@code .../commands/+} or {@code .../commands/{name}}.
   */
  public static boolean mayDeviceSubscribe(String deviceId, String filter) {
    String own = PREFIX + deviceId + "/commands/";
    if (filter == null || !filter.startsWith(own)) {
      return false;
    }
    String rest = filter.substring(own.length());
    return rest.equals("#") || rest.equals("+") || rest.matches("[a-z][a-z0-9-]{0,31}");
  }

  /** Whether a granted filter covers a command of this name. */
  public static boolean covers(String filter, String deviceId, String name) {
    String own = PREFIX + deviceId + "/commands/";
    if (!filter.startsWith(own)) {
      return false;
    }
    String rest = filter.substring(own.length());
    return rest.equals("#") || rest.equals("+") || rest.equals(name);
  }

  /** The device id in a command or results topic, if it is one. */
  public static Optional<String> deviceOf(String topic) {
    if (topic == null || !topic.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int slash = topic.indexOf('/', PREFIX.length());
    return slash < 0 ? Optional.empty() : Optional.of(topic.substring(PREFIX.length(), slash));
  }
}
