package cn.anxin.sim;

import cn.anxin.sim.MqttDeviceException.Failure;
import java.time.Duration;

/** Turns the reason codes of Paho's exceptions (v3 and v5 share the client-side numbers) into {@link MqttDeviceException}s. */
final class PahoErrors {

    private static final int CLIENT_TIMEOUT = 32000;
    private static final int WRITE_TIMEOUT = 32002;
    private static final int SERVER_CONNECT_ERROR = 32103;
    private static final int CLIENT_NOT_CONNECTED = 32104;
    private static final int CONNECTION_LOST = 32109;
    private static final int CLIENT_CLOSED = 32111;
    private static final int SERVER_DISCONNECTED = 32204;

    private PahoErrors() {
    }

    /** A failure while waiting for the CONNACK. */
    static MqttDeviceException onConnect(int mqttVersion, String serverUri, String deviceId, Duration timeout,
                                         int pahoCode, Throwable cause) {
        boolean refusal = mqttVersion == 5 ? pahoCode >= 0x80 && pahoCode <= 0xFF : pahoCode >= 1 && pahoCode <= 5;
        if (refusal) {
            return new MqttDeviceException(Failure.CONNECT_REFUSED, pahoCode,
                    deviceId + ": connection refused by " + serverUri + ": "
                            + ReasonCodes.connack(mqttVersion, pahoCode), cause);
        }
        return switch (pahoCode) {
            case CLIENT_TIMEOUT -> new MqttDeviceException(Failure.TIMEOUT, MqttDeviceException.NO_REASON_CODE,
                    deviceId + ": no CONNACK from " + serverUri + " within " + seconds(timeout), cause);
            case SERVER_CONNECT_ERROR -> new MqttDeviceException(Failure.UNREACHABLE,
                    MqttDeviceException.NO_REASON_CODE,
                    deviceId + ": cannot reach " + serverUri + ": " + rootMessage(cause), cause);
            default -> other(serverUri, deviceId, pahoCode, cause);
        };
    }

    /** A failure while waiting for the PUBACK. */
    static MqttDeviceException onPublish(int mqttVersion, String serverUri, String deviceId, String topic,
                                         Duration timeout, int pahoCode, Throwable cause) {
        if (mqttVersion == 5 && pahoCode >= 0x80 && pahoCode <= 0xFF) {
            return rejected(deviceId, topic, pahoCode, cause);
        }
        if (pahoCode == CLIENT_TIMEOUT || pahoCode == WRITE_TIMEOUT) {
            return new MqttDeviceException(Failure.TIMEOUT, MqttDeviceException.NO_REASON_CODE,
                    deviceId + ": no PUBACK for " + topic + " within " + seconds(timeout), cause);
        }
        return other(serverUri, deviceId, pahoCode, cause);
    }

    /** The server answered with an MQTT 5 PUBACK reason code of 0x80 or more. */
    static MqttDeviceException rejected(String deviceId, String topic, int reasonCode, Throwable cause) {
        return new MqttDeviceException(Failure.PUBLISH_REJECTED, reasonCode,
                deviceId + ": publish to " + topic + " rejected: " + ReasonCodes.puback(reasonCode), cause);
    }

    private static MqttDeviceException other(String serverUri, String deviceId, int pahoCode, Throwable cause) {
        if (causedByInterrupt(cause)) {
            Thread.currentThread().interrupt(); // Paho swallows it while waiting for a token
            return new MqttDeviceException(Failure.CLIENT_ERROR, MqttDeviceException.NO_REASON_CODE,
                    deviceId + ": interrupted while waiting for " + serverUri, cause);
        }
        return switch (pahoCode) {
            case CLIENT_NOT_CONNECTED, CONNECTION_LOST, CLIENT_CLOSED, SERVER_DISCONNECTED ->
                    new MqttDeviceException(Failure.CONNECTION_LOST, MqttDeviceException.NO_REASON_CODE,
                            deviceId + ": connection to " + serverUri + " lost: " + rootMessage(cause), cause);
            default -> new MqttDeviceException(Failure.CLIENT_ERROR, MqttDeviceException.NO_REASON_CODE,
                    deviceId + ": MQTT client error " + pahoCode + ": " + rootMessage(cause), cause);
        };
    }

    private static boolean causedByInterrupt(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
