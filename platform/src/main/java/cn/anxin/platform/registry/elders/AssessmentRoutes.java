package cn.anxin.platform.registry.elders;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.privacy.AccessAudit;
import java.time.Clock;
import java.util.List;

/** An elder's ability assessments: read by everyone who may see the elder, recorded by carers. */
final class AssessmentRoutes implements ApiModule {

  private final Clock clock;

  AssessmentRoutes(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listElderAssessments", (request, c) -> {
      ScopedElder elder = ScopedElder.find(c, request.principal(), request.pathLong("elderId"));
      var all = Assessments.list(c, elder.id(), CareDay.today(clock), request.locale());
      AccessAudit.record(c, request, "ELDER_READ", List.of(elder.id()), List.of("assessments"),
          ElderRoutes.DEFAULT_PURPOSE);
      return ApiReply.ok(all);
    });
    routes.blocking("recordElderAssessment", (request, c) -> {
      ScopedElder elder = ScopedElder.forChange(c, request.principal(), request.pathLong("elderId"));
      return new ApiReply(201, Assessments.record(c, elder.id(), request.body(), CareDay.today(clock),
          request.locale()), null, java.util.Map.of());
    });
  }
}
