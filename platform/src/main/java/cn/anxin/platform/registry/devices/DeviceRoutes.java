package cn.anxin.platform.registry.devices;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.access.Principal;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/devices}: staff, supervisors, the bureau and administrators list and read the devices
 * in their scope; administrators register devices (the secret is answered once, never again) and
 * issue new secrets; administrators, and supervisors within their sites, rebind them. Answers that
 * name elders are recorded in the access audit.
 */
public final class DeviceRoutes implements ApiModule {

  static final String PURPOSE = "device-management";

  private final DeviceWrites writes;

  public DeviceRoutes(Clock clock, SecretHasher hasher) {
    this.writes = new DeviceWrites(clock, hasher);
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listDevices", (request, c) -> {
      DeviceReads.Page page = DeviceReads.list(c, request.principal(), new DeviceReads.Filter(
          request.query("kind").orElse(null), request.queryLong("siteId").orElse(null),
          request.queryLong("elderId").orElse(null), request.query("online").map(Boolean::valueOf).orElse(null),
          request.query("enabled").map(Boolean::valueOf).orElse(null),
          request.queryInt("limit", 100), request.queryInt("offset", 0)));
      audit(c, request, "DEVICE_LIST", page.items().stream().map(DeviceView::binding).toList());
      return ApiReply.ok(DeviceJson.page(page));
    });
    routes.blocking("getDevice", (request, c) -> {
      DeviceView device = found(request, c);
      audit(c, request, "DEVICE_READ", List.of(device.binding()));
      return ApiReply.ok(DeviceJson.of(device));
    });
    routes.blocking("registerDevice", (request, c) -> {
      DeviceDraft draft = DeviceJson.draft(request.body());
      checked(draft.problems("/body"), Placements.problems(c, request.principal(), draft.placement(), "/body"));
      DeviceWrites.Registered registered = writes.register(c, draft, request.principal().accountId());
      DeviceView device = DeviceReads.one(c, request.principal(), registered.deviceId()).orElseThrow();
      audit(c, request, "DEVICE_READ", List.of(device.binding()));
      return ApiReply.created(DeviceJson.of(device).put("secret", registered.secret()),
          "/api/devices/" + registered.deviceId()).withHeader("Cache-Control", "no-store");
    });
    routes.blocking("rotateDeviceSecret", (request, c) -> {
      String deviceId = request.path("deviceId");
      String secret = writes.rotateSecret(c, deviceId).orElseThrow(ApiProblem::notFound);
      DeviceView device = DeviceReads.one(c, request.principal(), deviceId).orElseThrow();
      return ApiReply.ok(new JsonObject().put("deviceId", deviceId).put("secret", secret)
          .put("secretIssuedAt", device.secretIssuedAt().toString())).withHeader("Cache-Control", "no-store");
    });
    routes.blocking("bindDevice", (request, c) -> {
      String deviceId = request.path("deviceId");
      Principal p = request.principal();
      if (!DeviceReads.visible(c, p, deviceId)) {
        throw ApiProblem.notFound();
      }
      Placement placement = DeviceJson.placement(request.body());
      checked(List.of(), Placements.problems(c, p, placement, "/body"));
      writes.rebind(c, deviceId, placement, p.accountId());
      DeviceView device = DeviceReads.one(c, p, deviceId).orElseThrow(ApiProblem::notFound);
      audit(c, request, "DEVICE_READ", List.of(device.binding()));
      return ApiReply.ok(DeviceJson.of(device));
    });
    routes.blocking("listDeviceBindings", (request, c) -> {
      String deviceId = request.path("deviceId");
      if (!DeviceReads.visible(c, request.principal(), deviceId)) {
        throw ApiProblem.notFound();
      }
      List<DeviceView.HistoryEntry> history = DeviceReads.history(c, request.principal(), deviceId);
      audit(c, request, "DEVICE_BINDINGS", history.stream().map(DeviceView.HistoryEntry::binding).toList());
      return ApiReply.ok(DeviceJson.history(deviceId, history));
    });
    routes.blocking("updateDevice", (request, c) -> {
      String deviceId = request.path("deviceId");
      JsonObject body = request.body();
      if (!DeviceReads.visible(c, request.principal(), deviceId)) {
        throw ApiProblem.notFound();
      }
      if (body.containsKey("enabled")) {
        writes.setEnabled(c, deviceId, body.getBoolean("enabled"));
      }
      if (body.containsKey("model")) {
        writes.setModel(c, deviceId, body.getString("model"));
      }
      DeviceView device = found(request, c);
      audit(c, request, "DEVICE_READ", List.of(device.binding()));
      return ApiReply.ok(DeviceJson.of(device));
    });
  }

  private static DeviceView found(ApiRequest request, Connection c) throws SQLException {
    return DeviceReads.one(c, request.principal(), request.path("deviceId")).orElseThrow(ApiProblem::notFound);
  }

  private static void checked(List<FieldError> first, List<FieldError> second) {
    List<FieldError> all = new ArrayList<>(first);
    all.addAll(second);
    if (!all.isEmpty()) {
      throw ApiProblem.invalid(all);
    }
  }

  /** Records the read when the answer names any elder. */
  private static void audit(Connection c, ApiRequest request, String action, List<DeviceView.Bound> shown)
      throws SQLException {
    var elders = DeviceJson.eldersShown(shown);
    if (!elders.isEmpty()) {
      AccessAudit.record(c, request, action, elders, List.of("name"), PURPOSE);
    }
  }
}
