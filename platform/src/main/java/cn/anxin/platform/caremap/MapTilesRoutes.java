package cn.anxin.platform.caremap;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import java.util.Objects;

/** GET /api/map/tiles: whether the console draws map tiles under the care map, and from where. */
public final class MapTilesRoutes implements ApiModule {

  private final MapTiles tiles;

  public MapTilesRoutes(MapTiles tiles) {
    this.tiles = Objects.requireNonNull(tiles, "tiles");
  }

  @Override
  public void mount(ApiRoutes routes) {
    // A setting, not data: answered on the event loop without a database transaction.
    routes.handler("getMapTiles", ctx -> ApiRoutes.write(ctx, ApiRoutes.locale(ctx), ApiReply.ok(tiles.toJson())));
  }
}
