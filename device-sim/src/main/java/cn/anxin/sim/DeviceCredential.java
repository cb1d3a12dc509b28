package cn.anxin.sim;

import java.util.Objects;

/** A device id and the secret it authenticates with. */
public record DeviceCredential(String deviceId, String secret) {

    public DeviceCredential {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(secret, "secret");
        MqttDevice.eventTopic(deviceId, "fall"); // same rules as the topic level
    }

    /** Parses {@code id:secret}; the secret is everything after the first colon and may itself contain colons. */
    public static DeviceCredential parse(String idColonSecret) {
        int colon = idColonSecret == null ? -1 : idColonSecret.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected <device id>:<secret>, got \"" + idColonSecret + "\"");
        }
        return new DeviceCredential(idColonSecret.substring(0, colon), idColonSecret.substring(colon + 1));
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "DeviceCredential[deviceId=" + deviceId + ", secret=***]";
    }
}
