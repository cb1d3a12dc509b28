package cn.anxin.platform.caremap;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a care-map read asks for, from the validated query: the layers, an area-code prefix, the
 * elders' map statuses, a bounding box and a site (each optional but the layers).
 *
 * @param layers the layers to read, never empty
 * @param area an area-code prefix, or null
 * @param statuses map statuses an elder must have one of; empty for any
 * @param bbox the bounding box, or null
 * @param siteId a site, or null
 */
record MapQuery(Set<MapLayer> layers, String area, Set<MapStatus> statuses, BoundingBox bbox, Long siteId) {

  MapQuery {
    layers = Set.copyOf(layers);
    statuses = Set.copyOf(statuses);
  }

  /**
   * The query of a request by an account of this role: the layers default to all the role may see;
   * asking for a layer the role may never see is 403.
   */
  static MapQuery of(ApiRequest request, Role role) {
    Set<MapLayer> visible = MapLayer.visibleTo(role);
    Set<MapLayer> layers = EnumSet.noneOf(MapLayer.class);
    request.queryArray("layers").ifPresentOrElse(
        names -> names.forEach(n -> layers.add(MapLayer.of(String.valueOf(n)))),
        () -> layers.addAll(visible));
    if (!visible.containsAll(layers)) {
      throw ApiProblem.of(403, "map.layer-forbidden");
    }
    Set<MapStatus> statuses = EnumSet.noneOf(MapStatus.class);
    request.queryArray("status").ifPresent(
        names -> names.forEach(n -> statuses.add(MapStatus.valueOf(String.valueOf(n)))));
    BoundingBox bbox = request.queryArray("bbox").map(BoundingBox::of).orElse(null);
    return new MapQuery(layers, request.query("area").orElse(null), statuses, bbox,
        request.queryLong("siteId").orElse(null));
  }

  boolean wants(MapLayer layer) {
    return layers.contains(layer);
  }

  /** The layers in their API names, in a stable order. */
  List<String> layerNames() {
    List<String> names = new ArrayList<>();
    for (MapLayer layer : MapLayer.values()) {
      if (layers.contains(layer)) {
        names.add(layer.wireName());
      }
    }
    return names;
  }
}
