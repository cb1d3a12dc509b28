package cn.anxin.platform.readings;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/elders/{elderId}/readings} (contract fragment {@code readings.yaml}): an elder's
 * readings of one kind in time buckets, for the elder page's chart. The elder must be in the
 * caller's scope (else 404, as for an elder that does not exist); every answer is audited.
 */
public final class ReadingRoutes implements ApiModule {

  /** The longest range one request may ask for. */
  static final Duration MAX_RANGE = Duration.ofDays(31);

  private final Clock clock;
  private final ReadingSource source;

  public ReadingRoutes(Clock clock) {
    this(clock, new JournalReadings());
  }

  public ReadingRoutes(Clock clock, ReadingSource source) {
    this.clock = clock;
    this.source = source;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("getElderReadings", (request, c) -> {
      ReadingKind kind = ReadingKind.ofApiName(request.query("kind").orElse("vitals"));
      List<FieldError> errors = new ArrayList<>();
      Optional<Instant> from = request.queryInstant("from", errors);
      Optional<Instant> to = request.queryInstant("to", errors);
      if (!errors.isEmpty()) {
        throw ApiProblem.invalid(errors);
      }
      Instant end = to.orElseGet(() -> from.map(f -> f.plus(kind.defaultRange())).orElse(clock.instant()));
      Instant start = from.orElse(end.minus(kind.defaultRange()));
      if (!start.isBefore(end)) {
        throw ApiProblem.invalid(FieldError.of("/query/to", "readings.range-order"));
      }
      if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
        throw ApiProblem.invalid(FieldError.of("/query/to", "readings.range-too-long", MAX_RANGE.toDays()));
      }
      long elderId = scopedElder(c, request.principal(), request.pathLong("elderId"));
      Duration bucket = bucketFor(Duration.between(start, end));
      List<JsonObject> points = source.buckets(c, elderId, kind, start, end, bucket);
      AccessAudit.record(c, request, "ELDER_READ", List.of(elderId), List.of("readings." + kind.apiName()), "care");
      return ApiReply.ok(new JsonObject()
          .put("elderId", elderId)
          .put("kind", kind.apiName())
          .put("from", start.toString())
          .put("to", end.toString())
          .put("bucketSeconds", bucket.toSeconds())
          .put("points", new JsonArray(new ArrayList<>(points))));
    });
  }

  /** At most about 100 buckets for a range: 5 min, 30 min, 3 h or 1 day. */
  static Duration bucketFor(Duration range) {
    if (range.compareTo(Duration.ofHours(6)) <= 0) {
      return Duration.ofMinutes(5);
    }
    if (range.compareTo(Duration.ofDays(2)) <= 0) {
      return Duration.ofMinutes(30);
    }
    if (range.compareTo(Duration.ofDays(8)) <= 0) {
      return Duration.ofHours(3);
    }
    return Duration.ofDays(1);
  }

  /** The elder's id if the caller may see the elder (erased elders: administrators only), else 404. */
  private static long scopedElder(Connection c, Principal p, long elderId) throws SQLException {
    String sql = "SELECT e.id FROM elder e WHERE e.id = ? AND " + Scope.elders(p, "e")
        + (p.role() == Role.ADMIN ? "" : " AND e.erased_at IS NULL");
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
        return r.getLong(1);
      }
    }
  }
}
