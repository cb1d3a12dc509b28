package cn.anxin.platform.caremap;

import cn.anxin.platform.access.Role;
import java.util.EnumSet;
import java.util.Set;

/** The layers of the care map, by their names in the API. */
public enum MapLayer {
  ELDERS("elders"),
  SITES("sites"),
  STAFF("staff");

  private final String wireName;

  MapLayer(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static MapLayer of(String wireName) {
    for (MapLayer layer : values()) {
      if (layer.wireName.equals(wireName)) {
        return layer;
      }
    }
    throw new IllegalArgumentException("no map layer " + wireName);
  }

  /** The layers a role may see: everyone sees elders and sites; family members never see staff. */
  public static Set<MapLayer> visibleTo(Role role) {
    return role == Role.FAMILY ? EnumSet.of(ELDERS, SITES) : EnumSet.allOf(MapLayer.class);
  }
}
