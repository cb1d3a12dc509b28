package cn.anxin.platform.registry.sites;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The API's JSON for sites, both ways: request bodies to drafts, stored sites to answers. */
public final class SiteJson {

  private SiteJson() {}

  /** A new site from a {@code POST /api/sites} body. */
  public static SiteDraft draft(JsonObject body) {
    return new SiteDraft(body.getString("code"), body.getString("name"), body.getString("kind"),
        body.getString("address"), body.getString("areaCode"), location(body.getJsonObject("location")),
        body.getString("ownerOrg"), body.getString("phone"), body.getInteger("beds"),
        body.getInteger("nursingBeds"), body.getBoolean("active", true)).normalised();
  }

  /**
   * The current site with a {@code PATCH} body applied: a field left out stays, a field given as
   * null is cleared, any other value replaces it.
   */
  public static SiteDraft patch(SiteDraft current, JsonObject patch) {
    return new SiteDraft(
        patch.containsKey("code") ? patch.getString("code") : current.code(),
        patch.containsKey("name") ? patch.getString("name") : current.name(),
        patch.containsKey("kind") ? patch.getString("kind") : current.kind(),
        patch.containsKey("address") ? patch.getString("address") : current.address(),
        patch.containsKey("areaCode") ? patch.getString("areaCode") : current.areaCode(),
        patch.containsKey("location") ? location(patch.getJsonObject("location")) : current.location(),
        patch.containsKey("ownerOrg") ? patch.getString("ownerOrg") : current.ownerOrg(),
        patch.containsKey("phone") ? patch.getString("phone") : current.phone(),
        patch.containsKey("beds") ? patch.getInteger("beds") : current.beds(),
        patch.containsKey("nursingBeds") ? patch.getInteger("nursingBeds") : current.nursingBeds(),
        patch.containsKey("active") ? patch.getBoolean("active") : current.active()).normalised();
  }

  public static JsonObject of(SiteView v) {
    SiteDraft s = v.site();
    JsonObject json = new JsonObject()
        .put("id", v.id())
        .put("code", s.code())
        .put("name", s.name())
        .put("kind", s.kind())
        .put("address", s.address())
        .put("areaCode", s.areaCode())
        .put("location", s.location() == null ? null
            : new JsonObject().put("lon", s.location().lon()).put("lat", s.location().lat()))
        .put("ownerOrg", s.ownerOrg())
        .put("phone", s.phone())
        .put("beds", s.beds())
        .put("nursingBeds", s.nursingBeds())
        .put("active", s.active())
        .put("createdAt", v.createdAt().toString())
        .put("updatedAt", v.updatedAt().toString());
    if (v.counts() != null) {
      json.put("counts", new JsonObject()
          .put("elders", v.counts().elders())
          .put("devices", v.counts().devices())
          .put("staff", v.counts().staff()));
    }
    return json;
  }

  public static JsonObject page(SiteReads.Page page) {
    JsonArray items = new JsonArray();
    page.items().forEach(v -> items.add(of(v)));
    return new JsonObject().put("items", items).put("total", page.total());
  }

  private static SiteDraft.Location location(JsonObject json) {
    if (json == null || json.getValue("lon") == null || json.getValue("lat") == null) {
      return null;
    }
    return new SiteDraft.Location(json.getDouble("lon"), json.getDouble("lat"));
  }
}
