package cn.anxin.platform.privacy;

import cn.anxin.platform.access.Sessions;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The privacy operations (contract fragment {@code openapi/privacy.yaml}): reading the access
 * audit, the subject access export of one elder, and erasure of an elder's personal data.
 * Reading the audit is not itself audited: it holds elder ids but no personal data of elders.
 */
public final class PrivacyRoutes implements ApiModule {

  /** Purpose recorded for an export when the caller states none. */
  public static final String EXPORT_PURPOSE = "SUBJECT_ACCESS_REQUEST";
  /** Purpose recorded for an erasure when the caller states none. */
  public static final String ERASE_PURPOSE = "SUBJECT_ERASURE_REQUEST";

  private static final Logger LOG = LoggerFactory.getLogger(PrivacyRoutes.class);

  private final Clock clock;
  private final ElderExport export;
  private final ElderErasure erasure;

  public PrivacyRoutes(IdCardVault vault, Clock clock, Sessions sessions) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.export = new ElderExport(vault, clock);
    this.erasure = new ElderErasure(sessions);
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listAccessAudit", (request, c) -> ApiReply.ok(AuditQuery.find(c, filter(request))));
    routes.blocking("exportElder", this::exportElder);
    routes.blocking("erasePersonalData", this::erase);
  }

  private ApiReply exportElder(ApiRequest request, Connection c) throws Exception {
    long elderId = request.pathLong("elderId");
    Optional<JsonObject> doc;
    try {
      doc = export.of(c, elderId);
    } catch (IllegalStateException e) {
      LOG.error("export of elder {} failed: {}", elderId, e.getMessage());
      throw ApiProblem.of(500, "privacy.id-card-unreadable");
    }
    if (doc.isEmpty()) {
      throw ApiProblem.notFound();
    }
    AccessAudit.record(c, request, "EXPORT", List.of(elderId), List.of("all"), EXPORT_PURPOSE);
    return ApiReply.ok(doc.get())
        .withHeader("Content-Disposition", "attachment; filename=\"elder-" + elderId + "-export.json\"")
        .withHeader("Cache-Control", "no-store");
  }

  private ApiReply erase(ApiRequest request, Connection c) throws Exception {
    long elderId = request.pathLong("elderId");
    Optional<String> confirmation = request.query("confirm").filter(s -> !s.isBlank());
    if (confirmation.isEmpty()) {
      throw ApiProblem.invalid(FieldError.of("/query/confirm", "field.required"));
    }
    ElderErasure.Result result = erasure.erase(c, elderId, confirmation.get(), request.principal().accountId(),
        clock.instant());
    return switch (result.outcome()) {
      case NOT_FOUND -> throw ApiProblem.notFound();
      case CONFIRMATION_MISMATCH ->
          throw ApiProblem.invalid(FieldError.of("/query/confirm", "privacy.erase-confirm-mismatch"));
      case OPEN_ALERTS -> throw ApiProblem.conflict("privacy.erase-open-alerts");
      case ERASED -> {
        AccessAudit.record(c, request, "ERASE", List.of(elderId), ElderErasure.FIELDS, ERASE_PURPOSE);
        LOG.info("elder {} erased by account {}: {}", elderId, request.principal().accountId(), result);
        yield ApiReply.noContent();
      }
    };
  }

  private static AuditQuery.Filter filter(ApiRequest request) {
    List<FieldError> errors = new ArrayList<>();
    Optional<Instant> from = request.queryInstant("from", errors);
    Optional<Instant> to = request.queryInstant("to", errors);
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      errors.add(FieldError.of("/query/to", "privacy.audit-range"));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    return new AuditQuery.Filter(request.queryLong("elderId"), request.queryLong("accountId"),
        request.query("action"), from, to, request.queryInt("limit", 100), request.queryInt("offset", 0));
  }

}
