package cn.anxin.sim;

/**
 * A device could not connect or an event was not acknowledged.
 *
 * <p>{@link #failure()} says what went wrong; {@link #reasonCode()} is the code the server sent
 * (CONNACK return/reason code or MQTT 5 PUBACK reason code), or {@link #NO_REASON_CODE} when the
 * server sent none (timeout, unreachable host, lost connection).
 */
public final class MqttDeviceException extends Exception {

    /** The server sent no reason code for this failure. */
    public static final int NO_REASON_CODE = -1;

    /** What went wrong. */
    public enum Failure {
        /** The server answered CONNECT with a refusal (CONNACK return code != 0 / reason code >= 0x80). */
        CONNECT_REFUSED,
        /** The server answered PUBLISH with an MQTT 5 PUBACK reason code >= 0x80. */
        PUBLISH_REJECTED,
        /** No CONNACK or PUBACK arrived in time. */
        TIMEOUT,
        /** No TCP connection to the server could be made. */
        UNREACHABLE,
        /** The connection was lost or is not open. */
        CONNECTION_LOST,
        /** Any other client-side error. */
        CLIENT_ERROR
    }

    private final Failure failure;
    private final int reasonCode;

    public MqttDeviceException(Failure failure, int reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.reasonCode = reasonCode;
    }

    public Failure failure() {
        return failure;
    }

    public int reasonCode() {
        return reasonCode;
    }
}
