package cn.anxin.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.Objects;
import java.util.Optional;

/** Checks a device's CONNECT credentials on a worker thread: directory look-up plus Argon2. */
public final class DeviceAuthenticator {

  private final DeviceDirectory directory;
  private final SecretHasher hasher;
  private final WorkerExecutor workers;

  public DeviceAuthenticator(DeviceDirectory directory, SecretHasher hasher, WorkerExecutor workers) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.workers = Objects.requireNonNull(workers, "workers");
  }

  /**
   * @param clientId the MQTT client identifier, which must equal the device id
   * @param username the device id
   * @param secret the device secret, or null when CONNECT carried no password
   */
  public Future<AuthOutcome> authenticate(String clientId, String username, String secret) {
    if (username == null || username.isEmpty() || secret == null || !username.equals(clientId)) {
      return Future.succeededFuture(AuthOutcome.MALFORMED);
    }
    return workers.executeBlocking(() -> check(username, secret), false);
  }

  private AuthOutcome check(String deviceId, String secret) throws Exception {
    Optional<DeviceCredential> found = directory.find(deviceId);
    if (found.isEmpty()) {
      hasher.burnDecoy(secret);
      return AuthOutcome.UNKNOWN_DEVICE;
    }
    DeviceCredential credential = found.get();
    if (!hasher.matches(secret, credential.secretHash())) {
      return AuthOutcome.BAD_SECRET;
    }
    return credential.enabled() ? AuthOutcome.ACCEPTED : AuthOutcome.DISABLED;
  }
}
