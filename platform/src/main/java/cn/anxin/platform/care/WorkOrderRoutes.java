package cn.anxin.platform.care;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Work orders ({@code /api/care/work-orders}): OPEN -> ASSIGNED -> DONE, CANCELLED from OPEN or
 * ASSIGNED; the assignee is a staff member or supervisor of the elder's site.
 */
final class WorkOrderRoutes {

  static final String AUDIT_ACTION = "WORK_ORDERS";
  static final List<String> AUDIT_FIELDS = List.of("name", "workOrders");

  private final Clock clock;

  WorkOrderRoutes(Clock clock) {
    this.clock = clock;
  }

  ApiReply create(ApiRequest request, Connection c) throws SQLException {
    Principal p = request.principal();
    JsonObject body = request.body();
    Optional<CareElders.Elder> elder = CareElders.visible(c, p, body.getLong("elderId"));
    if (elder.isEmpty()) {
      throw ApiProblem.invalid(FieldError.of("/body/elderId", "care.unknown-elder"));
    }
    List<FieldError> errors = new ArrayList<>();
    Long alertId = body.getLong("alertId");
    if (alertId != null && !CareElders.alertOf(c, alertId, elder.get().id())) {
      errors.add(FieldError.of("/body/alertId", "care.alert-not-elders"));
    }
    Long assignee = body.getLong("assigneeId");
    if (assignee != null && !CareElders.isSiteStaff(c, assignee, elder.get().siteId())) {
      errors.add(FieldError.of("/body/assigneeId", "care.assignee-invalid"));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    long id = WorkOrders.insert(c, new WorkOrders.Draft(elder.get().id(), body.getString("kind"),
        body.getString("description"), alertId, assignee, instant(body.getString("dueAt"))), p.accountId(),
        clock.instant());
    return ApiReply.created(WorkOrders.one(c, p, id).orElseThrow(), "/api/care/work-orders/" + id);
  }

  ApiReply update(ApiRequest request, Connection c) throws SQLException {
    Principal p = request.principal();
    JsonObject body = request.body();
    WorkOrders.Current current = WorkOrders.lock(c, p, request.pathLong("workOrderId"))
        .orElseThrow(ApiProblem::notFound);
    if (current.status().equals("DONE") || current.status().equals("CANCELLED")) {
      throw ApiProblem.conflict("care.work-order-closed", current.status());
    }
    Long assignee = body.getLong("assigneeId", current.assigneeId());
    String to = body.getString("status", body.containsKey("assigneeId") ? "ASSIGNED" : current.status());
    if (to.equals("DONE") && !current.status().equals("ASSIGNED")) {
      throw ApiProblem.conflict("care.work-order-transition", current.status(), to);
    }
    List<FieldError> errors = new ArrayList<>();
    if (body.containsKey("assigneeId") && !CareElders.isSiteStaff(c, assignee, current.siteId())) {
      errors.add(FieldError.of("/body/assigneeId", "care.assignee-invalid"));
    }
    if (to.equals("ASSIGNED") && assignee == null) {
      errors.add(FieldError.of("/body/assigneeId", "care.assignee-required"));
    }
    boolean closing = to.equals("DONE") || to.equals("CANCELLED");
    if (closing && body.getString("outcome") == null) {
      errors.add(FieldError.of("/body/outcome", "care.outcome-required"));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    WorkOrders.update(c, current.id(), to, assignee, body.containsKey("dueAt"), instant(body.getString("dueAt")),
        body.getString("outcome"), closing ? p.accountId() : null, clock.instant());
    return ApiReply.ok(WorkOrders.one(c, p, current.id()).orElseThrow());
  }

  ApiReply get(ApiRequest request, Connection c) throws SQLException {
    JsonObject order = WorkOrders.one(c, request.principal(), request.pathLong("workOrderId"))
        .orElseThrow(ApiProblem::notFound);
    AccessAudit.record(c, request, AUDIT_ACTION, List.of(order.getLong("elderId")), AUDIT_FIELDS,
        VisitRoutes.DEFAULT_PURPOSE);
    return ApiReply.ok(order);
  }

  ApiReply list(ApiRequest request, Connection c) throws SQLException {
    CareListing.Page page = WorkOrders.list(c, request.principal(), new WorkOrders.Filter(
        request.queryLong("elderId").orElse(null), request.queryLong("siteId").orElse(null),
        request.query("status").orElse(null), request.queryLong("assigneeId").orElse(null),
        request.queryInt("limit", 100), request.queryInt("offset", 0)));
    if (!page.elderIds().isEmpty()) {
      AccessAudit.record(c, request, AUDIT_ACTION, page.elderIds(), AUDIT_FIELDS, VisitRoutes.DEFAULT_PURPOSE);
    }
    return ApiReply.ok(new JsonObject().put("items", page.items()).put("total", page.total()));
  }

  private static Instant instant(String text) {
    return text == null ? null : OffsetDateTime.parse(text).toInstant();
  }
}
