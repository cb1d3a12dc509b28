package cn.anxin.platform.registry.accounts;

import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.access.LoginGuard;
import cn.anxin.platform.access.Principal;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.FieldError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed-in account changes its own password: the current one must be right (a wrong one counts as
 * a failed sign-in, so guessing through this door is throttled like the front door), the new one must
 * differ and be long enough. Every other session of the account ends; the one asking stays signed in.
 */
public final class PasswordChange {

  private final Accounts accounts;
  private final LoginGuard guard;
  private final Clock clock;

  public PasswordChange(Accounts accounts, LoginGuard guard, Clock clock) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param token the bearer token (or cookie) of the session asking, which stays valid
   * @return 204, or a refusal to commit with its record of the failed attempt
   */
  public ApiReply change(Connection c, Principal me, String token, String clientIp, String current,
      String next) throws SQLException {
    Optional<Duration> wait = guard.refusedFor(c, me.username(), clientIp);
    if (wait.isPresent()) {
      return ApiReply.problem(ApiProblem.of(429, "problem.login-throttled",
          Math.max(1, (wait.get().toSeconds() + 59) / 60)).retryAfter(wait.get()));
    }
    List<FieldError> length = AccountDraft.passwordProblems(next, "/body/newPassword");
    if (!length.isEmpty()) {
      throw ApiProblem.invalid(length);
    }
    if (accounts.check(c, me.username(), current).isEmpty()) {
      guard.failed(c, me.username(), clientIp);
      return ApiReply.problem(ApiProblem.invalid(
          FieldError.of("/body/currentPassword", "account.current-password-wrong")));
    }
    if (next.equals(current)) {
      throw ApiProblem.invalid(FieldError.of("/body/newPassword", "account.password-unchanged"));
    }
    guard.succeeded(c, me.username());
    accounts.setPassword(c, me.accountId(), next);
    revokeOthers(c, me.accountId(), token);
    return ApiReply.noContent();
  }

  /**
   * Ends every session of the account but the one holding this token. Sessions keeps only the
   * SHA-256 of a token's ASCII bytes, which PostgreSQL computes the same way.
   */
  private void revokeOthers(Connection c, long accountId, String keep) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE login_session SET revoked_at = ?"
        + " WHERE account_id = ? AND revoked_at IS NULL AND token_hash <> sha256(convert_to(?, 'UTF8'))")) {
      s.setTimestamp(1, Timestamp.from(clock.instant()));
      s.setLong(2, accountId);
      s.setString(3, keep == null ? "" : keep);
      s.executeUpdate();
    }
  }
}
