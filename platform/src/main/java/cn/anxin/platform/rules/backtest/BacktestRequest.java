package cn.anxin.platform.rules.backtest;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.rules.config.ConfigError;
import cn.anxin.platform.rules.config.ConfigValidator;
import cn.anxin.platform.rules.config.RuleConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A backtest as asked: the range, the candidate configuration (checked and completed as
 * {@code PUT /api/rules/config} checks a document), which elders, and how cases are matched.
 *
 * @param elderIds the elders asked for; empty for all in scope
 * @param tolerance how far apart a candidate and an actual alert may be and still be one incident
 * @param assumedHandling how long a candidate alert without an actual counterpart is assumed open
 */
record BacktestRequest(Instant from, Instant to, RuleConfig candidate, Optional<Long> siteId, List<Long> elderIds,
    Duration tolerance, Duration assumedHandling) {

  static final int DEFAULT_TOLERANCE_MINUTES = 10;
  static final int DEFAULT_ASSUMED_HANDLING_MINUTES = 30;

  /** The request, or 422 with every reason it cannot run (each with a JSON Pointer into the body). */
  static BacktestRequest parse(Connection c, Principal p, JsonObject body) throws SQLException {
    List<FieldError> errors = new ArrayList<>();
    Optional<Instant> from = time(body, "from", errors);
    Optional<Instant> to = time(body, "to", errors);
    if (from.isPresent() && to.isPresent()) {
      if (!to.get().isAfter(from.get())) {
        errors.add(FieldError.of("/body/to", "backtest.to-not-after-from"));
      } else if (Duration.between(from.get(), to.get()).compareTo(Duration.ofDays(Backtest.MAX_DAYS)) > 0) {
        errors.add(FieldError.of("/body/to", "backtest.range-too-long", Backtest.MAX_DAYS));
      }
    }
    ConfigValidator.Result candidate = new ConfigValidator(ids -> visibleElders(c, p, ids))
        .validate(body.getJsonObject("candidate"));
    for (ConfigError e : candidate.errors()) {
      errors.add(new FieldError("/body/candidate" + e.pointer(), e.code(), e.args()));
    }
    if (!errors.isEmpty()) {
      throw new ApiProblem(422, "backtest.invalid", List.of(errors.size()), errors, null);
    }
    List<Long> elderIds = new ArrayList<>();
    JsonArray asked = body.getJsonArray("elderIds", new JsonArray());
    for (int i = 0; i < asked.size(); i++) {
      elderIds.add(asked.getLong(i));
    }
    return new BacktestRequest(from.get(), to.get(), RuleConfig.of(0, candidate.document()),
        Optional.ofNullable(body.getLong("siteId")), List.copyOf(elderIds),
        Duration.ofMinutes(body.getInteger("toleranceMinutes", DEFAULT_TOLERANCE_MINUTES)),
        Duration.ofMinutes(body.getInteger("assumedHandlingMinutes", DEFAULT_ASSUMED_HANDLING_MINUTES)));
  }

  private static Optional<Instant> time(JsonObject body, String name, List<FieldError> errors) {
    try {
      return Optional.of(OffsetDateTime.parse(body.getString(name)).toInstant());
    } catch (DateTimeParseException e) {
      errors.add(FieldError.of("/body/" + name, "backtest.bad-time"));
      return Optional.empty();
    }
  }

  /**
   * Which of these ids name elders (not erased) the caller may see: an override for anyone else is
   * refused as naming no elder, so the answer reveals nothing about elders out of scope.
   */
  private static Set<Long> visibleElders(Connection c, Principal p, Set<Long> ids) throws SQLException {
    Set<Long> found = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT e.id FROM elder e WHERE e.id = ANY (?)"
        + " AND e.erased_at IS NULL AND " + Scope.elders(p, "e"))) {
      Array array = c.createArrayOf("bigint", ids.toArray());
      s.setArray(1, array);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(r.getLong(1));
        }
      }
    }
    return found;
  }
}
