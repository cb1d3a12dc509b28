package cn.anxin.gateway.auth;

import java.util.Objects;

/** What the gateway knows about a registered device's credentials. */
public record DeviceCredential(String deviceId, String secretHash, boolean enabled) {
  public DeviceCredential {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(secretHash, "secretHash");
  }
}
