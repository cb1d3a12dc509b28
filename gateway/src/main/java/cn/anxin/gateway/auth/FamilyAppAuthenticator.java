package cn.anxin.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a family app's CONNECT credentials on a worker thread: the user name must equal the client
 * identifier, and the password must match the stored hash (salted SHA-256, or Argon2id from before) of the account's live credential. An
 * unknown or revoked client identifier costs as much as a wrong secret and is answered the same. An
 * Argon2id hash that matched is replaced by the fast kind at once.
 */
public final class FamilyAppAuthenticator {

  private static final Logger LOG = LoggerFactory.getLogger(FamilyAppAuthenticator.class);

  /** The verdict: accepted with the account it belongs to, or why not. */
  public record Verdict(AuthOutcome outcome, long accountId) {
    static Verdict refused(AuthOutcome outcome) {
      return new Verdict(outcome, 0);
    }
  }

  private final FamilyAppDirectory directory;
  private final SecretHasher hasher;
  private final WorkerExecutor workers;

  public FamilyAppAuthenticator(FamilyAppDirectory directory, SecretHasher hasher, WorkerExecutor workers) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.workers = Objects.requireNonNull(workers, "workers");
  }

  public Future<Verdict> authenticate(String clientId, String username, String secret) {
    if (username == null || secret == null || !username.equals(clientId)) {
      return Future.succeededFuture(Verdict.refused(AuthOutcome.MALFORMED));
    }
    return workers.executeBlocking(() -> check(clientId, secret), false);
  }

  private Verdict check(String clientId, String secret) throws Exception {
    Optional<FamilyAppCredential> found = directory.find(clientId);
    if (found.isEmpty()) {
      hasher.burnGeneratedDecoy(secret);
      return Verdict.refused(AuthOutcome.UNKNOWN_DEVICE);
    }
    String stored = found.get().secretHash();
    if (!hasher.matchesGenerated(secret, stored)) {
      return Verdict.refused(AuthOutcome.BAD_SECRET);
    }
    if (hasher.isLegacyGenerated(stored)) {
      upgrade(clientId, secret, stored);
    }
    if (!found.get().enabled()) {
      return Verdict.refused(AuthOutcome.DISABLED);
    }
    return new Verdict(AuthOutcome.ACCEPTED, found.get().accountId());
  }

  /** Replaces a matched Argon2id hash by the fast kind; a failure is logged and refuses nothing. */
  private void upgrade(String clientId, String secret, String stored) {
    try {
      directory.replaceHash(clientId, stored, hasher.hashGenerated(secret));
    } catch (Exception e) {
      LOG.warn("could not upgrade the legacy secret hash of family app {}: {}", clientId, e.toString());
    }
  }
}
