package cn.anxin.gateway.auth;

import java.util.Optional;

/**
 * The verdict on a device's credentials.
 *
 * @param outcome accepted, or why not
 * @param siteId the device's site when it is known
 */
public record Authenticated(AuthOutcome outcome, Optional<Long> siteId) {

  static Authenticated of(AuthOutcome outcome) {
    return new Authenticated(outcome, Optional.empty());
  }
}
