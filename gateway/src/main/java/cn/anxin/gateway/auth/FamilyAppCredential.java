package cn.anxin.gateway.auth;

import java.util.Objects;

/**
 * A family app's live MQTT credential, as the gateway checks it.
 *
 * @param clientId the app's client identifier (also its user name)
 * @param accountId the FAMILY account it belongs to
 * @param secretHash hash of its secret: salted SHA-256 or, stored earlier, Argon2id
 * @param enabled false when the account is switched off (the credential itself is live)
 */
public record FamilyAppCredential(String clientId, long accountId, String secretHash, boolean enabled) {
  public FamilyAppCredential {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(secretHash, "secretHash");
  }
}
