package cn.anxin.platform.registry.elders;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.privacy.AccessAudit;
import cn.anxin.platform.privacy.IdCardVault;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Listing, registering, reading and changing elders. Reads write the access audit in the same
 * transaction: ELDER_LIST naming every elder of the page, ELDER_READ naming the fields shown.
 */
final class ElderRoutes implements ApiModule {

  /** The purpose recorded when the caller states none. */
  static final String DEFAULT_PURPOSE = "care";

  private final IdCardVault vault;
  private final Clock clock;
  private final ElderInput input;
  private final ElderView view;

  ElderRoutes(IdCardVault vault, Clock clock) {
    this.vault = vault;
    this.clock = clock;
    this.input = new ElderInput(vault);
    this.view = new ElderView(vault);
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listElders", (request, c) -> {
      ElderFilter filter = ElderFilter.of(request, vault);
      ElderList.Page page = ElderList.query(c, request.principal(), filter, CareDay.today(clock),
          request.queryInt("limit", 100), request.queryInt("offset", 0));
      AccessAudit.record(c, request, "ELDER_LIST", page.elderIds(), ElderList.FIELDS, DEFAULT_PURPOSE);
      return ApiReply.ok(new JsonObject().put("items", page.items()).put("total", page.total()));
    });
    routes.blocking("createElder", (request, c) -> {
      LocalDate today = CareDay.today(clock);
      ElderChange change = input.read(c, request.body(), null, today);
      long id = ElderWriter.insert(c, change);
      ElderView.Shown shown = view.detail(c, request.principal(), id, today, request.locale(), false);
      AccessAudit.record(c, request, "ELDER_CREATE", List.of(id), shown.fields(), DEFAULT_PURPOSE);
      return ApiReply.created(shown.json(), "/api/elders/" + id);
    });
    routes.blocking("getElder", (request, c) -> {
      Principal p = request.principal();
      boolean reveal = request.query("reveal").filter("idCard"::equals).isPresent();
      if (reveal && !p.role().seesIdentityNumbers()) {
        throw ApiProblem.of(403, "elder.reveal-forbidden");
      }
      ScopedElder elder = ScopedElder.find(c, p, request.pathLong("elderId"));
      ElderView.Shown shown = view.detail(c, p, elder.id(), CareDay.today(clock), request.locale(), reveal);
      AccessAudit.record(c, request, "ELDER_READ", List.of(elder.id()), shown.fields(), DEFAULT_PURPOSE);
      return ApiReply.ok(shown.json());
    });
    routes.blocking("updateElder", (request, c) -> {
      Principal p = request.principal();
      ScopedElder elder = ScopedElder.forChange(c, p, request.pathLong("elderId"));
      LocalDate today = CareDay.today(clock);
      ElderChange change = input.read(c, request.body(), () -> view.idCard(c, elder.id()), today);
      ElderWriter.update(c, elder.id(), change);
      ElderView.Shown shown = view.detail(c, p, elder.id(), today, request.locale(), false);
      AccessAudit.record(c, request, "ELDER_UPDATE", List.of(elder.id()), shown.fields(), DEFAULT_PURPOSE);
      return ApiReply.ok(shown.json());
    });
  }
}
