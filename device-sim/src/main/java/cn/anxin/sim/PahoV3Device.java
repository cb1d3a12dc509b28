package cn.anxin.sim;

import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** An {@link MqttDevice} over MQTT 3.1.1, on Paho's blocking v3 {@link MqttClient}. */
final class PahoV3Device implements MqttDevice {

    private final MqttClient client;
    private final String serverUri;
    private final String deviceId;
    private final Duration timeout;

    private PahoV3Device(MqttClient client, String serverUri, String deviceId, Duration timeout) {
        this.client = client;
        this.serverUri = serverUri;
        this.deviceId = deviceId;
        this.timeout = timeout;
    }

    static PahoV3Device connect(String serverUri, String deviceId, String secret, Duration timeout)
            throws MqttDeviceException {
        MqttClient client;
        try {
            client = new MqttClient(serverUri, deviceId, new MemoryPersistence());
        } catch (MqttException e) {
            throw PahoErrors.onConnect(3, serverUri, deviceId, timeout, e.getReasonCode(), e);
        }
        client.setTimeToWait(timeout.toMillis());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setUserName(deviceId);
        options.setPassword(secret.toCharArray()); // Paho v3 sends it as a UTF-8 string
        options.setConnectionTimeout(ceilSeconds(timeout));
        try {
            client.connect(options);
        } catch (MqttException e) {
            closeQuietly(client);
            throw PahoErrors.onConnect(3, serverUri, deviceId, timeout, e.getReasonCode(), e);
        }
        return new PahoV3Device(client, serverUri, deviceId, timeout);
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public int mqttVersion() {
        return 3;
    }

    @Override
    public int publish(String kind, byte[] payload) throws MqttDeviceException {
        String topic = MqttDevice.eventTopic(deviceId, kind);
        MqttMessage message = new MqttMessage(payload.clone());
        message.setQos(1);
        message.setRetained(false);
        try {
            client.publish(topic, message); // waits for the delivery token, i.e. the PUBACK
            return 0;
        } catch (MqttException e) {
            throw PahoErrors.onPublish(3, serverUri, deviceId, topic, timeout, e.getReasonCode(), e);
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static void closeQuietly(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000);
            }
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(0, 500);
            } catch (MqttException ignored) {
                // nothing more to do: the socket is gone either way
            }
        }
        try {
            client.close();
        } catch (MqttException ignored) {
            // already closed
        }
    }

    static int ceilSeconds(Duration timeout) {
        long millis = timeout.toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
    }
}
