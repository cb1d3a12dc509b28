package cn.anxin.platform.api;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.alerts.AlertHistory;
import cn.anxin.platform.alerts.AlertJson;
import cn.anxin.platform.alerts.AlertQueries;
import cn.anxin.platform.alerts.AlertStatus;
import cn.anxin.platform.alerts.AlertTimeline;
import cn.anxin.platform.alerts.AlertTransitions;
import cn.anxin.platform.alerts.AlertView;
import cn.anxin.platform.alerts.Audience;
import cn.anxin.platform.alerts.Disposition;
import cn.anxin.platform.alerts.MoveOutcome;
import cn.anxin.platform.alerts.MoveRequest;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.ingest.JournalConsumer;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The alert life cycle (contract fragment {@code openapi/alerts.yaml}): one alert in full, its
 * timeline, moving it on (acknowledge, call, dispatch, on site, resolve, false alarm), and the
 * history of alerts. Every read of an alert writes the access audit; every move is published on
 * {@link JournalConsumer#ALERTS_ADDRESS} once committed, so open consoles update live.
 */
final class AlertLifeRoutes implements ApiModule {

  /** Purpose recorded in the access audit when the caller states none. */
  static final String DEFAULT_PURPOSE = "alert-handling";
  private static final List<String> READ_FIELDS = List.of("name", "alerts");
  private static final List<String> TIMELINE_FIELDS = List.of("name", "alerts", "deviceEvents");

  private final Vertx vertx;
  private final Clock clock;
  private final AlertQueries alerts = new AlertQueries();
  private final AlertTransitions transitions = new AlertTransitions();
  private final AlertTimeline timeline = new AlertTimeline(List.of(new cn.anxin.platform.alerts.EventEntries(),
      new cn.anxin.platform.alerts.TransitionEntries(), new cn.anxin.platform.notify.NotificationEntries(),
      new cn.anxin.platform.escalation.EscalationEntries()));
  private final AlertHistory history = new AlertHistory();

  AlertLifeRoutes(Vertx vertx, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("getAlert", this::detail);
    routes.blocking("getAlertTimeline", this::timeline);
    routes.blocking("transitionAlert", this::move);
    routes.blocking("listAlertHistory", this::history);
  }

  private ApiReply detail(ApiRequest request, Connection c) throws Exception {
    AlertView alert = visible(request, c);
    AccessAudit.record(c, request, "ALERT_READ", List.of(alert.elderId()), READ_FIELDS, DEFAULT_PURPOSE);
    return ApiReply.ok(AlertJson.detail(alert, Audience.of(request.principal())));
  }

  private ApiReply timeline(ApiRequest request, Connection c) throws Exception {
    AlertView alert = visible(request, c);
    AccessAudit.record(c, request, "ALERT_TIMELINE", List.of(alert.elderId()), TIMELINE_FIELDS, DEFAULT_PURPOSE);
    return ApiReply.ok(timeline.json(c, alert, Audience.of(request.principal())));
  }

  private ApiReply move(ApiRequest request, Connection c) throws Exception {
    Principal p = request.principal();
    JsonObject body = request.body();
    MoveRequest move = new MoveRequest(
        AlertStatus.valueOf(body.getString("to")),
        AlertStatus.valueOf(body.getString("expectedStatus")),
        Optional.ofNullable(body.getString("note")),
        Optional.ofNullable(body.getString("disposition")).map(Disposition::valueOf),
        Optional.ofNullable(body.getLong("assigneeId")));
    MoveOutcome outcome = transitions.move(c, request.pathLong("alertId"), Scope.elders(p, "e"), p, move,
        clock.instant());
    if (outcome instanceof MoveOutcome.Moved moved) {
      JsonObject published = AlertJson.of(moved.alert());
      request.afterCommit(() -> vertx.eventBus().publish(JournalConsumer.ALERTS_ADDRESS, published));
      Audience audience = Audience.of(p);
      return ApiReply.ok(new JsonObject()
          .put("alert", AlertJson.detail(moved.alert(), audience))
          .put("transition", AlertJson.transition(moved.transition(), audience)));
    }
    if (outcome instanceof MoveOutcome.Invalid invalid) {
      throw ApiProblem.invalid(invalid.errors());
    }
    if (outcome instanceof MoveOutcome.Changed changed) {
      return AlertConflicts.reply(request, "alert.changed", changed.current(), move.to(), changed.last());
    }
    if (outcome instanceof MoveOutcome.Refused refused) {
      return AlertConflicts.reply(request, refused.current().isClosed() ? "alert.closed" : "alert.not-forward",
          refused.current(), move.to(), refused.last());
    }
    throw ApiProblem.notFound();
  }

  private ApiReply history(ApiRequest request, Connection c) throws Exception {
    AlertHistory.Page page = history.find(c, Scope.elders(request.principal(), "e"), filter(request));
    Set<Long> elders = new LinkedHashSet<>();
    page.items().forEach(a -> elders.add(a.elderId()));
    if (!elders.isEmpty()) {
      AccessAudit.record(c, request, "ALERT_LIST", elders, READ_FIELDS, DEFAULT_PURPOSE);
    }
    return ApiReply.ok(new JsonObject().put("items", AlertJson.of(page.items())).put("total", page.total())
        .put("limit", request.queryInt("limit", 100)).put("offset", request.queryInt("offset", 0)));
  }

  /** The alert of the path, if the caller may see it; else 404, whether or not it exists. */
  private AlertView visible(ApiRequest request, Connection c) throws Exception {
    return alerts.byId(c, request.pathLong("alertId"), Scope.elders(request.principal(), "e"))
        .orElseThrow(ApiProblem::notFound);
  }

  private static AlertHistory.Filter filter(ApiRequest request) {
    List<FieldError> errors = new ArrayList<>();
    Optional<Instant> from = request.queryInstant("from", errors);
    Optional<Instant> to = request.queryInstant("to", errors);
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      errors.add(FieldError.of("/query/to", "alert.history-range"));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    AlertHistory.Which which = AlertHistory.Which.valueOf(
        request.query("status").orElse("all").toUpperCase(Locale.ROOT));
    return new AlertHistory.Filter(which, severities(request), from, to, request.queryLong("siteId"),
        request.queryLong("elderId"), request.queryInt("limit", 100), request.queryInt("offset", 0));
  }

  /** The severity filter: comma-separated P1 to P4, as the contract allows. */
  static Set<String> severities(ApiRequest request) {
    Set<String> wanted = new LinkedHashSet<>();
    request.queryArray("severity").ifPresent((JsonArray a) -> a.forEach(s -> wanted.add(String.valueOf(s))));
    return wanted;
  }

}
