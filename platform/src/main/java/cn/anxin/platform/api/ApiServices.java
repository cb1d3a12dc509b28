package cn.anxin.platform.api;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.access.Sessions;
import cn.anxin.platform.privacy.IdCardVault;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * What the API's modules share: the clock, accounts and sessions, the ID-card vault, the trusted
 * proxies, the care map's tiles.
 */
public record ApiServices(Vertx vertx, Clock clock, SecretHasher hasher, Accounts accounts, Sessions sessions,
    IdCardVault vault, java.util.Set<String> trustedProxies, cn.anxin.platform.caremap.MapTiles mapTiles) {

  public ApiServices {
    mapTiles = mapTiles == null ? cn.anxin.platform.caremap.MapTiles.NONE : mapTiles;
  }

  /** Without map tiles. */
  public ApiServices(Vertx vertx, Clock clock, SecretHasher hasher, Accounts accounts, Sessions sessions,
      IdCardVault vault, java.util.Set<String> trustedProxies) {
    this(vertx, clock, hasher, accounts, sessions, vault, trustedProxies, null);
  }
}
