package cn.anxin.platform.registry.elders;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.privacy.IdCardVault;
import java.time.Clock;
import java.util.Objects;

/**
 * The elders part of the elderly dynamic database (老龄动态数据库): elders with their identity,
 * residence, categories and risk tier; ability assessments; status periods; contacts; consent
 * records. Binds the operations of {@code openapi/elders.yaml}.
 */
public final class EldersModule implements ApiModule {

  private final IdCardVault vault;
  private final Clock clock;

  public EldersModule(IdCardVault vault, Clock clock) {
    this.vault = Objects.requireNonNull(vault, "vault");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void mount(ApiRoutes routes) {
    new ElderRoutes(vault, clock).mount(routes);
    new AssessmentRoutes(clock).mount(routes);
    new StatusPeriodRoutes(clock).mount(routes);
    new ContactRoutes().mount(routes);
    new ConsentRoutes().mount(routes);
  }
}
