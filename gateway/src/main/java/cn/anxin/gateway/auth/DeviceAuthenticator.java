package cn.anxin.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a device's credentials on a worker thread: a secret (directory look-up plus a salted SHA-256, or Argon2id for hashes stored before it), or
 * an X.509 client certificate that TLS has already verified against the configured device CA. An
 * Argon2id hash that matched is replaced by the fast kind at once.
 */
public final class DeviceAuthenticator {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthenticator.class);

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
    return authenticateSecret(clientId, username, secret).map(Authenticated::outcome);
  }

  /** As {@link #authenticate}, with the device's site. */
  public Future<Authenticated> authenticateSecret(String clientId, String username, String secret) {
    if (username == null || username.isEmpty() || secret == null || !username.equals(clientId)) {
      return Future.succeededFuture(Authenticated.of(AuthOutcome.MALFORMED));
    }
    return workers.executeBlocking(() -> checkSecret(username, secret), false);
  }

  /**
   * @param clientId the MQTT client identifier, which must equal the certificate's device id
   * @param username optional; when given it must equal the device id too
   * @param certificateDeviceId the common name (CN) of the verified client certificate
   */
  public Future<Authenticated> authenticateCertificate(
      String clientId, String username, String certificateDeviceId) {
    if (certificateDeviceId == null || !certificateDeviceId.equals(clientId)
        || (username != null && !username.isEmpty() && !username.equals(certificateDeviceId))) {
      return Future.succeededFuture(Authenticated.of(AuthOutcome.MALFORMED));
    }
    return workers.executeBlocking(() -> {
      Optional<DeviceCredential> found = directory.find(certificateDeviceId);
      if (found.isEmpty()) {
        return Authenticated.of(AuthOutcome.UNKNOWN_DEVICE);
      }
      return verdict(found.get());
    }, false);
  }

  private Authenticated checkSecret(String deviceId, String secret) throws Exception {
    Optional<DeviceCredential> found = directory.find(deviceId);
    if (found.isEmpty()) {
      hasher.burnGeneratedDecoy(secret);
      return Authenticated.of(AuthOutcome.UNKNOWN_DEVICE);
    }
    String stored = found.get().secretHash();
    if (!hasher.matchesGenerated(secret, stored)) {
      return Authenticated.of(AuthOutcome.BAD_SECRET);
    }
    if (hasher.isLegacyGenerated(stored)) {
      upgrade(deviceId, secret, stored);
    }
    return verdict(found.get());
  }

  /**
   * Replaces a matched Argon2id hash by the fast kind, on this worker, so the device's next CONNECT
   * costs as little as an unknown id's. A failure is logged and never refuses the CONNECT.
   */
  private void upgrade(String deviceId, String secret, String stored) {
    try {
      directory.replaceHash(deviceId, stored, hasher.hashGenerated(secret));
    } catch (Exception e) {
      LOG.warn("could not upgrade the legacy secret hash of device {}: {}", deviceId, e.toString());
    }
  }

  private static Authenticated verdict(DeviceCredential credential) {
    return new Authenticated(
        credential.enabled() ? AuthOutcome.ACCEPTED : AuthOutcome.DISABLED, credential.siteId());
  }
}
