package cn.anxin.platform.registry.elders;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.privacy.AccessAudit;
import java.util.List;
import java.util.Map;

/** An elder's consent history: read by everyone who may see the elder (family members their own part). */
final class ConsentRoutes implements ApiModule {

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listElderConsents", (request, c) -> {
      ScopedElder elder = ScopedElder.find(c, request.principal(), request.pathLong("elderId"));
      var all = Consents.list(c, elder.id(), request.principal());
      AccessAudit.record(c, request, "ELDER_READ", List.of(elder.id()), List.of("consents"),
          ElderRoutes.DEFAULT_PURPOSE);
      return ApiReply.ok(all);
    });
    routes.blocking("recordElderConsent", (request, c) -> {
      ScopedElder elder = ScopedElder.forChange(c, request.principal(), request.pathLong("elderId"));
      return new ApiReply(201, Consents.record(c, elder.id(), request.body(), request.principal()), null, Map.of());
    });
  }
}
