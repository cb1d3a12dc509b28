package cn.anxin.platform.api;

import cn.anxin.platform.access.LoginGuard;
import cn.anxin.platform.api.rest.ApiModule;
import java.util.List;

/** Every area of the API, each binding the operations of its contract fragment. */
final class ApiModules {

  private ApiModules() {}

  static List<ApiModule> all(ApiServices s) {
    return List.of(
        new SessionRoutes(s.accounts(), s.sessions(), LoginGuard.defaults(s.sessions().clock())),
        new AlertRoutes(s.vertx(), s.sessions(), s.clock()),
        new AlertLifeRoutes(s.vertx(), s.clock()),
        new CommandRoutes(s.vertx(), s.clock()),
        new cn.anxin.platform.caremap.CareMapRoutes(s.clock()),
        new cn.anxin.platform.caremap.MapTilesRoutes(s.mapTiles()),
        new RejectionRoutes(),
        new ImportRoutes(s),
        new cn.anxin.platform.privacy.PrivacyRoutes(s.vault(), s.clock(), s.sessions()),
        new cn.anxin.platform.registry.sites.SiteRoutes(s.clock()),
        new cn.anxin.platform.registry.devices.DeviceRoutes(s.clock(), s.hasher()),
        new cn.anxin.platform.registry.accounts.AccountRoutes(s.clock(), s.accounts(), s.sessions()),
        new cn.anxin.platform.registry.elders.EldersModule(s.vault(), s.clock()),
        new cn.anxin.platform.rules.config.RuleConfigRoutes(s.clock()),
        new cn.anxin.platform.notify.api.NotifyModule(s.vertx(), s.clock()),
        new cn.anxin.platform.family.PushCredentialRoutes(s.vertx(), s.clock(), s.hasher()),
        new cn.anxin.platform.readings.ReadingRoutes(s.clock()),
        new cn.anxin.platform.rules.backtest.BacktestRoutes(s.vertx()),
        new cn.anxin.platform.supervision.IndicatorRoutes(s.clock()),
        new cn.anxin.platform.escalation.EscalationRoutes(s.clock()),
        new cn.anxin.platform.care.CareModule(s.vertx(), s.clock()),
        new cn.anxin.platform.meals.api.MealsModule(s.vault(), s.clock()));
  }
}
