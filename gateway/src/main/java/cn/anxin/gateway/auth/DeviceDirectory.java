package cn.anxin.gateway.auth;

import java.util.Optional;

/** Looks up a device's credentials. Implementations may block; callers run them off the event loop. */
public interface DeviceDirectory {
  Optional<DeviceCredential> find(String deviceId) throws Exception;
}
