package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.auth.AuthOutcome;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;

/** The CONNACK return code for a refused device, per protocol version (4 = 3.1.1, 5 = 5.0). */
final class ConnectRefusal {

  private ConnectRefusal() {}

  static MqttConnectReturnCode codeFor(AuthOutcome outcome, int protocolVersion) {
    boolean v5 = protocolVersion >= 5;
    return switch (outcome) {
      case ACCEPTED -> throw new IllegalArgumentException("not a refusal");
      case MALFORMED, UNKNOWN_DEVICE, BAD_SECRET -> v5
          ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
          : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
      case DISABLED -> v5
          ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
          : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
    };
  }

  static MqttConnectReturnCode gatewayFull(int protocolVersion) {
    return protocolVersion >= 5
        ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY
        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
  }

  static MqttConnectReturnCode siteFull(int protocolVersion) {
    return protocolVersion >= 5
        ? MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED
        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
  }

  static MqttConnectReturnCode unavailable(int protocolVersion) {
    return protocolVersion >= 5
        ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
  }
}
