package cn.anxin.sim;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link DemoScenario} does: where it connects, which devices take part, and when.
 *
 * @param mqttVersion 3 or 5
 * @param devices at least one; the first one falls
 * @param duration how long the demo runs once every device is connected; zero means until stopped
 */
public record DemoSettings(String host, int port, int mqttVersion, List<DeviceCredential> devices,
                           Duration fallAfter, Duration heartbeatInterval, Duration duration) {

    public static final Duration DEFAULT_FALL_AFTER = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);

    public DemoSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(fallAfter, "fallAfter");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(duration, "duration");
        devices = List.copyOf(devices);
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("the demo needs at least one device");
        }
        if (mqttVersion != 3 && mqttVersion != 5) {
            throw new IllegalArgumentException("MQTT version must be 3 or 5, was " + mqttVersion);
        }
        if (fallAfter.isNegative() || duration.isNegative()) {
            throw new IllegalArgumentException("fallAfter and duration must not be negative");
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive");
        }
    }

    /** MQTT 3.1.1, fall after 10 s, heartbeats every 30 s, runs until stopped. */
    public static DemoSettings of(String host, int port, List<DeviceCredential> devices) {
        return new DemoSettings(host, port, 3, devices, DEFAULT_FALL_AFTER, DEFAULT_HEARTBEAT_INTERVAL, Duration.ZERO);
    }

    public DemoSettings withMqttVersion(int version) {
        return new DemoSettings(host, port, version, devices, fallAfter, heartbeatInterval, duration);
    }

    public DemoSettings withFallAfter(Duration delay) {
        return new DemoSettings(host, port, mqttVersion, devices, delay, heartbeatInterval, duration);
    }

    public DemoSettings withHeartbeatInterval(Duration interval) {
        return new DemoSettings(host, port, mqttVersion, devices, fallAfter, interval, duration);
    }

    public DemoSettings withDuration(Duration total) {
        return new DemoSettings(host, port, mqttVersion, devices, fallAfter, heartbeatInterval, total);
    }
}
