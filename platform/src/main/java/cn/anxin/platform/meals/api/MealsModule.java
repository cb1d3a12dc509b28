package cn.anxin.platform.meals.api;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.privacy.IdCardVault;
import java.time.Clock;

/** The meal-assistance area of the API (openapi/meals.yaml, docs/meals.md). */
public final class MealsModule implements ApiModule {

  private final IdCardVault vault;
  private final Clock clock;

  public MealsModule(IdCardVault vault, Clock clock) {
    this.vault = vault;
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    new StationRoutes(clock).mount(routes);
    new CredentialRoutes(vault, clock).mount(routes);
    new PolicyRoutes(clock).mount(routes);
    new LeaveRoutes(clock).mount(routes);
    new RecordRoutes(clock).mount(routes);
    new FlagRoutes(clock).mount(routes);
    new StatisticsRoutes().mount(routes);
    new SettlementRoutes().mount(routes);
  }
}
