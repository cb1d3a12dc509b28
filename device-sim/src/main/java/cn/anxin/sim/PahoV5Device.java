package cn.anxin.sim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * An {@link MqttDevice} over MQTT 5.0, on Paho's v5 {@link MqttAsyncClient}: unlike the v5
 * {@code MqttClient}, it hands out the publish token, whose reason codes hold the PUBACK's.
 */
final class PahoV5Device implements MqttDevice {

    private final MqttAsyncClient client;
    private final String serverUri;
    private final String deviceId;
    private final Duration timeout;

    private PahoV5Device(MqttAsyncClient client, String serverUri, String deviceId, Duration timeout) {
        this.client = client;
        this.serverUri = serverUri;
        this.deviceId = deviceId;
        this.timeout = timeout;
    }

    static PahoV5Device connect(String serverUri, String deviceId, String secret, Duration timeout)
            throws MqttDeviceException {
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(serverUri, deviceId, new MemoryPersistence());
        } catch (MqttException e) {
            throw PahoErrors.onConnect(5, serverUri, deviceId, timeout, e.getReasonCode(), e);
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setAutomaticReconnect(false);
        options.setUserName(deviceId);
        options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(PahoV3Device.ceilSeconds(timeout));
        try {
            client.connect(options).waitForCompletion(timeout.toMillis());
        } catch (MqttException e) {
            closeQuietly(client);
            throw PahoErrors.onConnect(5, serverUri, deviceId, timeout, e.getReasonCode(), e);
        }
        return new PahoV5Device(client, serverUri, deviceId, timeout);
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public int mqttVersion() {
        return 5;
    }

    @Override
    public int publish(String kind, byte[] payload) throws MqttDeviceException {
        String topic = MqttDevice.eventTopic(deviceId, kind);
        MqttMessage message = new MqttMessage(payload.clone());
        message.setQos(1);
        message.setRetained(false);
        IMqttToken token;
        try {
            token = client.publish(topic, message);
            token.waitForCompletion(timeout.toMillis());
        } catch (MqttException e) {
            throw PahoErrors.onPublish(5, serverUri, deviceId, topic, timeout, e.getReasonCode(), e);
        }
        int reasonCode = firstReasonCode(token);
        if (reasonCode >= 0x80) {
            throw PahoErrors.rejected(deviceId, topic, reasonCode, null);
        }
        return reasonCode;
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static int firstReasonCode(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    private static void closeQuietly(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000).waitForCompletion(1_500);
            }
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(0, 500, false);
            } catch (MqttException ignored) {
                // nothing more to do: the socket is gone either way
            }
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // already closed
        }
    }
}
