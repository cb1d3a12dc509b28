package cn.anxin.gateway.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway knows about a registered device's credentials.
 *
 * @param deviceId the device id
 * @param secretHash hash of its secret: salted SHA-256 ({@link SecretHasher#hashGenerated}) or, stored earlier, Argon2id
 * @param enabled false when an administrator switched it off
 * @param siteId the site it is installed at, for per-site connection limits
 */
public record DeviceCredential(String deviceId, String secretHash, boolean enabled, Optional<Long> siteId) {
  public DeviceCredential {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(secretHash, "secretHash");
    Objects.requireNonNull(siteId, "siteId");
  }
}
