package cn.anxin.platform.registry.devices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The API's JSON for devices, both ways. */
public final class DeviceJson {

  private DeviceJson() {}

  /** A new device from a {@code POST /api/devices} body. */
  public static DeviceDraft draft(JsonObject body) {
    return new DeviceDraft(body.getString("id"), body.getString("kind"), body.getString("model"), placement(body));
  }

  /** A placement from a body with {@code elderId}, {@code siteId} and {@code room}, each optional. */
  public static Placement placement(JsonObject body) {
    return new Placement(body.getLong("elderId"), body.getLong("siteId"), body.getString("room"));
  }

  public static JsonObject of(DeviceView d) {
    return new JsonObject()
        .put("id", d.id())
        .put("kind", d.kind())
        .put("model", d.model())
        .put("enabled", d.enabled())
        .put("online", d.online())
        .put("lastSeenAt", text(d.lastSeenAt()))
        .put("connectivityChangedAt", text(d.connectivityChangedAt()))
        .put("offlineReason", d.offlineReason())
        .put("battery", d.battery())
        .put("firmware", d.firmware())
        .put("createdAt", text(d.createdAt()))
        .put("secretIssuedAt", text(d.secretIssuedAt()))
        .put("binding", binding(d.binding()));
  }

  public static JsonObject page(DeviceReads.Page page) {
    JsonArray items = new JsonArray();
    page.items().forEach(d -> items.add(of(d)));
    return new JsonObject().put("items", items).put("total", page.total());
  }

  public static JsonObject history(String deviceId, List<DeviceView.HistoryEntry> entries) {
    JsonArray items = new JsonArray();
    for (DeviceView.HistoryEntry e : entries) {
      items.add(binding(e.binding())
          .put("id", e.id())
          .put("boundBy", e.boundById() == null ? null
              : new JsonObject().put("id", e.boundById()).put("displayName", e.boundByName())));
    }
    return new JsonObject().put("deviceId", deviceId).put("items", items);
  }

  /** The elders whose names an answer shows, for the access audit. */
  public static Set<Long> eldersShown(Collection<DeviceView.Bound> bindings) {
    Set<Long> ids = new LinkedHashSet<>();
    for (DeviceView.Bound b : bindings) {
      if (b.elderId() != null && b.elderName() != null) {
        ids.add(b.elderId());
      }
    }
    return ids;
  }

  private static JsonObject binding(DeviceView.Bound b) {
    return new JsonObject()
        .put("elder", b.elderId() == null ? null : new JsonObject().put("id", b.elderId()).put("name", b.elderName()))
        .put("site", b.siteId() == null ? null : new JsonObject().put("id", b.siteId()).put("name", b.siteName()))
        .put("room", b.room())
        .put("fromAt", text(b.fromAt()))
        .put("toAt", text(b.toAt()));
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
