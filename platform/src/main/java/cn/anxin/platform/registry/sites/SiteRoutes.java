package cn.anxin.platform.registry.sites;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * {@code /api/sites}: every role lists and reads the sites in its scope (staff and supervisors
 * their own, family members their elders', the bureau and administrators all); administrators
 * register and change them.
 */
public final class SiteRoutes implements ApiModule {

  private final SiteWrites writes;

  public SiteRoutes(Clock clock) {
    this.writes = new SiteWrites(clock);
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listSites", (request, c) -> ApiReply.ok(SiteJson.page(SiteReads.list(c, request.principal(),
        new SiteReads.Filter(request.query("kind").orElse(null), request.query("area").orElse(null),
            request.query("active").map(Boolean::valueOf).orElse(null),
            request.queryInt("limit", 100), request.queryInt("offset", 0))))));
    routes.blocking("getSite", (request, c) -> ApiReply.ok(SiteJson.of(found(request, c))));
    routes.blocking("createSite", (request, c) -> {
      SiteDraft draft = checked(SiteJson.draft(request.body()));
      long id = writes.create(c, draft);
      return ApiReply.created(SiteJson.of(SiteReads.one(c, request.principal(), id).orElseThrow()),
          "/api/sites/" + id);
    });
    routes.blocking("updateSite", (request, c) -> {
      long id = request.pathLong("siteId");
      SiteDraft current = SiteReads.draftById(c, id, true).orElseThrow(ApiProblem::notFound);
      writes.update(c, id, checked(SiteJson.patch(current, request.body())));
      return ApiReply.ok(SiteJson.of(found(request, c)));
    });
  }

  private static SiteView found(ApiRequest request, Connection c) throws SQLException {
    return SiteReads.one(c, request.principal(), request.pathLong("siteId")).orElseThrow(ApiProblem::notFound);
  }

  private static SiteDraft checked(SiteDraft draft) {
    List<FieldError> problems = draft.problems("/body");
    if (!problems.isEmpty()) {
      throw ApiProblem.invalid(problems);
    }
    return draft;
  }
}
