package cn.anxin.platform.alerts;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.api.rest.FieldError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Moves alerts on in their life, inside the caller's transaction. The alert's row is locked first
 * ({@code SELECT ... FOR UPDATE}), so of two people acting on the same alert at once the second
 * waits for the first to commit and then finds the alert no longer in the status they saw: exactly
 * one of them moves it. The update is also conditional on that status, and every move writes one
 * step to the {@link TransitionLog}.
 *
 * <p>Rules: forward only along OPEN, ACKNOWLEDGED, CALLING, DISPATCHED, ON_SITE, RESOLVED, skipping
 * steps as needed; FALSE_ALARM from any open status; closed is final. Closing needs a
 * {@link Disposition} that fits the closing status, and {@link Disposition#OTHER} a note; a
 * disposition on any other move is refused. A dispatch sends a staff member or supervisor of the
 * elder's responsible site: the one named, else the caller. The first move out of OPEN stamps
 * {@code acknowledged_at}; a closing move {@code closed_at}, the disposition and the note. Arriving on
 * site without a dispatch before makes the caller the assignee when they work for that site.
 */
public final class AlertTransitions {

  private static final String LOCK = "SELECT a.status, e.site_id, a.assignee_id"
      + " FROM alert a JOIN elder e ON e.id = a.elder_id WHERE a.id = ? AND ";
  private static final String MAY_BE_SENT = "SELECT 1 FROM account a WHERE a.id = ? AND a.enabled"
      + " AND a.role IN ('STAFF', 'SUPERVISOR')"
      + " AND EXISTS (SELECT 1 FROM account_site x WHERE x.account_id = a.id AND x.site_id = ?)";
  private static final String MOVE = "UPDATE alert SET status = ?, acknowledged_at = COALESCE(acknowledged_at, ?),"
      + " closed_at = ?, disposition = ?, closing_note = ?, assignee_id = COALESCE(?, assignee_id)"
      + " WHERE id = ? AND status = ?";

  private final AlertQueries queries = new AlertQueries();
  private final TransitionLog log = new TransitionLog();

  /**
   * Moves an alert as the request asks, if the rules allow it.
   *
   * @param scope a condition on the elder row {@code e} limiting the alerts the actor may act on
   * @param now the time of the move; kept to the second
   */
  public MoveOutcome move(Connection c, long alertId, String scope, Principal actor, MoveRequest request,
      Instant now) throws SQLException {
    Locked alert = lock(c, alertId, scope).orElse(null);
    if (alert == null) {
      return new MoveOutcome.NotFound();
    }
    List<FieldError> errors = new ArrayList<>(dispositionErrors(request));
    Long assignee = null;
    if (request.assigneeId().isPresent() && request.to() != AlertStatus.DISPATCHED) {
      errors.add(FieldError.of("/body/assigneeId", "alert.assignee-not-dispatch"));
    } else if (request.to() == AlertStatus.DISPATCHED) {
      Optional<Long> named = request.assigneeId();
      if (named.isPresent()) {
        if (!maySend(c, named.get(), alert.siteId())) {
          errors.add(FieldError.of("/body/assigneeId", "alert.assignee-invalid"));
        }
        assignee = named.get();
      } else if (isSiteStaff(c, actor, alert.siteId())) {
        assignee = actor.accountId();
      } else {
        errors.add(FieldError.of("/body/assigneeId", "alert.assignee-required"));
      }
    } else if (request.to() == AlertStatus.ON_SITE && alert.assigneeId() == null
        && isSiteStaff(c, actor, alert.siteId())) {
      assignee = actor.accountId();
    }
    if (!errors.isEmpty()) {
      return new MoveOutcome.Invalid(errors);
    }
    if (alert.status() != request.expected()) {
      return new MoveOutcome.Changed(alert.status(), log.last(c, alertId));
    }
    if (!alert.status().mayMoveTo(request.to())) {
      return new MoveOutcome.Refused(alert.status(), request.to(), log.last(c, alertId));
    }
    Instant at = TransitionLog.toSecond(now);
    if (!update(c, alertId, alert.status(), request, assignee, at)) {
      // Cannot happen while the row is locked; answered as a lost race all the same.
      return new MoveOutcome.Changed(lock(c, alertId, scope).map(Locked::status).orElse(alert.status()),
          log.last(c, alertId));
    }
    long step = log.write(c, new TransitionLog.Step(alertId, alert.status(), request.to(), at,
        actor.accountId(), request.note().orElse(null), request.disposition().orElse(null), assignee));
    return new MoveOutcome.Moved(queries.byId(c, alertId).orElseThrow(),
        log.byId(c, alertId, step).orElseThrow());
  }

  /** The disposition and note rules, which depend on the request alone. */
  static List<FieldError> dispositionErrors(MoveRequest request) {
    List<FieldError> errors = new ArrayList<>();
    Optional<Disposition> disposition = request.disposition();
    if (!request.to().isClosed()) {
      if (disposition.isPresent()) {
        errors.add(FieldError.of("/body/disposition", "alert.disposition-not-closing"));
      }
      return errors;
    }
    if (disposition.isEmpty()) {
      errors.add(FieldError.of("/body/disposition", "alert.disposition-required", codes(request.to())));
    } else if (!disposition.get().closesAs(request.to())) {
      errors.add(FieldError.of("/body/disposition", "alert.disposition-mismatch", codes(request.to())));
    } else if (disposition.get().needsNote() && request.note().isEmpty()) {
      errors.add(FieldError.of("/body/note", "alert.note-required"));
    }
    return errors;
  }

  private static String codes(AlertStatus closing) {
    return Disposition.closing(closing).stream().map(Enum::name).collect(Collectors.joining(", "));
  }

  private boolean update(Connection c, long alertId, AlertStatus from, MoveRequest request, Long assignee,
      Instant at) throws SQLException {
    boolean closing = request.to().isClosed();
    try (PreparedStatement s = c.prepareStatement(MOVE)) {
      s.setString(1, request.to().name());
      s.setTimestamp(2, Timestamp.from(at));
      s.setTimestamp(3, closing ? Timestamp.from(at) : null);
      s.setString(4, closing ? request.disposition().map(Enum::name).orElse(null) : null);
      s.setString(5, closing ? request.note().orElse(null) : null);
      if (assignee == null) {
        s.setNull(6, Types.BIGINT);
      } else {
        s.setLong(6, assignee);
      }
      s.setLong(7, alertId);
      s.setString(8, from.name());
      return s.executeUpdate() == 1;
    }
  }

  private static boolean isSiteStaff(Connection c, Principal actor, Long siteId) throws SQLException {
    return actor.is(Role.STAFF, Role.SUPERVISOR) && maySend(c, actor.accountId(), siteId);
  }

  private static boolean maySend(Connection c, long accountId, Long siteId) throws SQLException {
    if (siteId == null) {
      return false;
    }
    try (PreparedStatement s = c.prepareStatement(MAY_BE_SENT)) {
      s.setLong(1, accountId);
      s.setLong(2, siteId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private record Locked(AlertStatus status, Long siteId, Long assigneeId) {}

  private static Optional<Locked> lock(Connection c, long alertId, String scope) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(LOCK + scope + " FOR UPDATE OF a")) {
      s.setLong(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new Locked(AlertStatus.valueOf(r.getString(1)), (Long) r.getObject(2),
            (Long) r.getObject(3)));
      }
    }
  }
}
