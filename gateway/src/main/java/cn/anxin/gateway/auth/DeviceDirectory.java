package cn.anxin.gateway.auth;

import java.util.Optional;

/** Looks up a device's credentials. Implementations may block; callers run them off the event loop. */
public interface DeviceDirectory {
  Optional<DeviceCredential> find(String deviceId) throws Exception;

  /**
   * Replaces a device's stored secret hash, but only while it still is {@code oldHash} (a secret rotated
   * meanwhile is left alone). The default stores nothing.
   */
  default void replaceHash(String deviceId, String oldHash, String newHash) throws Exception {}
}
