package cn.anxin.gateway.mqtt;

/** Why a device is online or offline, as written to its connectivity events (contract v1). */
final class ConnectivityReasons {

  static final String CONNECTED = "connected";
  static final String DISCONNECTED = "disconnected";
  static final String KEEP_ALIVE_EXPIRED = "keep-alive-expired";
  static final String CONNECTION_LOST = "connection-lost";
  static final String SERVER_STOPPING = "server-stopping";
  /** Not journaled: the device is still online on its newer connection. */
  static final String TAKEN_OVER = "taken-over";

  private ConnectivityReasons() {}
}
