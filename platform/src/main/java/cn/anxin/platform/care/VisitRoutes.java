package cn.anxin.platform.care;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.alerts.AlertJson;
import cn.anxin.platform.alerts.AlertStatus;
import cn.anxin.platform.alerts.AlertTransitions;
import cn.anxin.platform.alerts.Disposition;
import cn.anxin.platform.alerts.MoveOutcome;
import cn.anxin.platform.alerts.MoveRequest;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.ingest.JournalConsumer;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Recording and reading visits ({@code /api/care/visits}). */
final class VisitRoutes {

  static final String AUDIT_ACTION = "CARE_VISITS";
  static final List<String> AUDIT_FIELDS = List.of("name", "visitFindings");
  static final String DEFAULT_PURPOSE = "care-services";
  /** How far ahead of the server's clock a visit time may be (clock differences of handsets). */
  static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

  private final Vertx vertx;
  private final Clock clock;
  private final VisitTimers timers;
  private final AlertTransitions transitions = new AlertTransitions();

  VisitRoutes(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.timers = new VisitTimers(clock);
  }

  ApiReply record(ApiRequest request, Connection c) throws SQLException {
    Principal p = request.principal();
    JsonObject body = request.body();
    Instant now = clock.instant();
    List<FieldError> errors = new ArrayList<>();
    Optional<CareElders.Elder> elder = CareElders.visible(c, p, body.getLong("elderId"));
    if (elder.isEmpty()) {
      throw ApiProblem.invalid(FieldError.of("/body/elderId", "care.unknown-elder"));
    }
    long visitor = body.getLong("visitorId", p.accountId());
    if (body.containsKey("visitorId") && !CareElders.isSiteStaff(c, visitor, elder.get().siteId())) {
      errors.add(FieldError.of("/body/visitorId", "care.visitor-invalid"));
    }
    Instant visitedAt = OffsetDateTime.parse(body.getString("visitedAt")).toInstant();
    if (visitedAt.isAfter(now.plus(FUTURE_TOLERANCE))) {
      errors.add(FieldError.of("/body/visitedAt", "care.visit-in-future"));
    }
    Long alertId = body.getLong("alertId");
    if (alertId != null && !CareElders.alertOf(c, alertId, elder.get().id())) {
      errors.add(FieldError.of("/body/alertId", "care.alert-not-elders"));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    String due = body.getString("nextActionDue");
    long id = Visits.insert(c, new Visits.Draft(elder.get().id(), visitor, body.getString("mode"), visitedAt,
        body.getString("findings"), alertId, body.getString("nextAction"), due == null ? null : LocalDate.parse(due)),
        p.accountId(), now);
    timers.afterVisit(c, elder.get().id());
    Long resolved = resolveOverdue(request, c, elder.get().id(), id, visitedAt, now);
    JsonObject visit = Visits.one(c, p, id).orElseThrow().put("resolvedAlertId", resolved);
    return ApiReply.created(visit, "/api/care/visits/" + id);
  }

  ApiReply get(ApiRequest request, Connection c) throws SQLException {
    JsonObject visit = Visits.one(c, request.principal(), request.pathLong("visitId"))
        .orElseThrow(ApiProblem::notFound);
    AccessAudit.record(c, request, AUDIT_ACTION, List.of(visit.getLong("elderId")), AUDIT_FIELDS, DEFAULT_PURPOSE);
    return ApiReply.ok(visit);
  }

  ApiReply list(ApiRequest request, Connection c) throws SQLException {
    List<FieldError> errors = new ArrayList<>();
    Instant from = request.queryInstant("from", errors).orElse(null);
    Instant to = request.queryInstant("to", errors).orElse(null);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    CareListing.Page page = Visits.list(c, request.principal(), new Visits.Filter(request.queryLong("elderId").orElse(null),
        request.queryLong("siteId").orElse(null), from, to, request.queryInt("limit", 100),
        request.queryInt("offset", 0)));
    if (!page.elderIds().isEmpty()) {
      AccessAudit.record(c, request, AUDIT_ACTION, page.elderIds(), AUDIT_FIELDS, DEFAULT_PURPOSE);
    }
    return ApiReply.ok(new JsonObject().put("items", page.items()).put("total", page.total()));
  }

  /** Resolves the elder's open VISIT_OVERDUE alert, if any, by the visit's recorder; returns its id. */
  private Long resolveOverdue(ApiRequest request, Connection c, long elderId, long visitId, Instant visitedAt,
      Instant now) throws SQLException {
    long alertId;
    AlertStatus status;
    try (PreparedStatement s = c.prepareStatement("SELECT id, status FROM alert WHERE elder_id = ?"
        + " AND rule = '" + VisitTimers.RULE + "' AND is_open")) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        alertId = r.getLong(1);
        status = AlertStatus.valueOf(r.getString(2));
      }
    }
    String note = "已记录探访 / visit recorded: #" + visitId + " " + visitedAt;
    MoveOutcome outcome = transitions.move(c, alertId, "TRUE", request.principal(),
        new MoveRequest(AlertStatus.RESOLVED, status, Optional.of(note), Optional.of(Disposition.REAL_EVENT),
            Optional.empty()), now);
    if (outcome instanceof MoveOutcome.Moved moved) {
      JsonObject published = AlertJson.of(moved.alert());
      request.afterCommit(() -> vertx.eventBus().publish(JournalConsumer.ALERTS_ADDRESS, published));
      return alertId;
    }
    return null;
  }
}
