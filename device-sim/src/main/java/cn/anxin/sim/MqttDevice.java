package cn.anxin.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * One simulated device's MQTT session with the Anxin gateway (contract v1).
 *
 * <p>The client identifier and user name are the device id, the password is the device secret as
 * UTF-8 bytes, and the session is clean. Events go to {@code anxin/v1/devices/{deviceId}/events/{kind}}
 * at QoS 1 without retain. Instances are not meant to be shared between threads that publish at the
 * same time.
 */
public interface MqttDevice extends AutoCloseable {

    /** How long {@link #connect(String, int, String, String, int)} waits for CONNACK and each PUBACK. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Connects a device, waiting up to {@link #DEFAULT_TIMEOUT} for the CONNACK.
     *
     * @param mqttVersion 3 for MQTT 3.1.1, 5 for MQTT 5.0
     * @throws MqttDeviceException with {@link MqttDeviceException.Failure#CONNECT_REFUSED} and the
     *     CONNACK code when the server refuses the device, or another failure kind
     */
    static MqttDevice connect(String host, int port, String deviceId, String secret, int mqttVersion)
            throws MqttDeviceException {
        return connect(host, port, deviceId, secret, mqttVersion, DEFAULT_TIMEOUT);
    }

    /** As {@link #connect(String, int, String, String, int)}, waiting up to {@code timeout} for every answer. */
    static MqttDevice connect(String host, int port, String deviceId, String secret, int mqttVersion,
                              Duration timeout) throws MqttDeviceException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(timeout, "timeout");
        eventTopic(deviceId, "fall"); // validates the device id
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return switch (mqttVersion) {
            case 3 -> PahoV3Device.connect(serverUri(host, port), deviceId, secret, timeout);
            case 5 -> PahoV5Device.connect(serverUri(host, port), deviceId, secret, timeout);
            default -> throw new IllegalArgumentException("MQTT version must be 3 or 5, was " + mqttVersion);
        };
    }

    /** The topic a device publishes events of one kind to: {@code anxin/v1/devices/{deviceId}/events/{kind}}. */
    static String eventTopic(String deviceId, String kind) {
        requireTopicLevel("device id", deviceId);
        requireTopicLevel("event kind", kind);
        return "anxin/v1/devices/" + deviceId + "/events/" + kind;
    }

    /** The device id this session was opened for. */
    String deviceId();

    /** 3 (MQTT 3.1.1) or 5 (MQTT 5.0). */
    int mqttVersion();

    /**
     * Publishes one event at QoS 1 (retain false) and blocks until the server's PUBACK.
     *
     * @return the PUBACK reason code: always 0 over MQTT 3.1.1, below 0x80 over MQTT 5
     * @throws MqttDeviceException {@link MqttDeviceException.Failure#PUBLISH_REJECTED} carrying the
     *     PUBACK reason code when it is 0x80 or more (0x99: payload format invalid), or
     *     {@link MqttDeviceException.Failure#TIMEOUT} when no PUBACK came in time, or another failure
     */
    int publish(String kind, byte[] payload) throws MqttDeviceException;

    /** Whether the MQTT connection is open. */
    boolean isConnected();

    /** Disconnects (if connected) and releases the client's threads. Never throws. */
    @Override
    void close();

    private static String serverUri(String host, int port) {
        boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
        return "tcp://" + (ipv6 ? "[" + host + "]" : host) + ":" + port;
    }

    private static void requireTopicLevel(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c == '\0') {
                throw new IllegalArgumentException(what + " must not contain '/', '+', '#' or NUL: " + value);
            }
        }
    }
}
