package cn.anxin.platform.escalation;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site's escalation settings (contract fragment {@code openapi/escalation.yaml}): read by
 * administrators, the bureau and the site's supervisors; saved by administrators as the site's next
 * version.
 */
public final class EscalationRoutes implements ApiModule {

  private static final Logger LOG = LoggerFactory.getLogger(EscalationRoutes.class);

  private final Clock clock;
  private final EscalationPolicies policies = new EscalationPolicies();

  public EscalationRoutes(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("getSiteEscalation", this::read);
    routes.blocking("putSiteEscalation", this::save);
  }

  private ApiReply read(ApiRequest request, Connection c) throws SQLException {
    long siteId = visibleSite(request, c);
    return ApiReply.ok(policies.active(c, siteId).toJson());
  }

  private ApiReply save(ApiRequest request, Connection c) throws SQLException {
    long siteId = visibleSite(request, c);
    JsonObject body = request.body();
    EscalationPolicy policy = EscalationPolicy.fromJson(body.getJsonObject("policy"));
    List<FieldError> problems = policy.problems("/body/policy");
    if (!problems.isEmpty()) {
      throw new ApiProblem(422, "escalation.invalid", List.of(problems.size()), problems, null);
    }
    Principal p = request.principal();
    String comment = body.getString("comment");
    EscalationPolicies.Version saved = policies.save(c, siteId, policy,
        comment == null || comment.isBlank() ? null : comment.strip(), p.accountId(), clock.instant());
    LOG.info("escalation settings of site {} version {} saved by {}", siteId, saved.version(), p.username());
    return ApiReply.ok(saved.toJson());
  }

  /** The site of the path if the caller may see it; 404 otherwise, as for a site that does not exist. */
  private static long visibleSite(ApiRequest request, Connection c) throws SQLException {
    long siteId = request.pathLong("siteId");
    try (PreparedStatement s = c.prepareStatement("SELECT s.id FROM site s WHERE s.id = ? AND "
        + Scope.siteId(request.principal(), "s.id"))) {
      s.setLong(1, siteId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
        return siteId;
      }
    }
  }
}
