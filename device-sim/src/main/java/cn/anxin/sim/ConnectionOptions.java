package cn.anxin.sim;

import picocli.CommandLine.Option;

/** The options every command that opens one device session shares. */
final class ConnectionOptions {

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "MQTT server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:ANXIN_MQTT_PORT:-1883}", paramLabel = "PORT",
            description = "MQTT server port (default: env ANXIN_MQTT_PORT, else 1883; now ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--device", required = true, paramLabel = "ID",
            description = "Device id: MQTT client identifier and user name.")
    String deviceId;

    @Option(names = "--secret", required = true, paramLabel = "SECRET",
            description = "Device secret, sent as the MQTT password (UTF-8).")
    String secret;

    @Option(names = "--mqtt", defaultValue = "3", paramLabel = "3|5",
            description = "MQTT protocol version: 3 (3.1.1) or 5 (default: ${DEFAULT-VALUE}).")
    int mqttVersion;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds to wait for CONNACK and PUBACK (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;
}
