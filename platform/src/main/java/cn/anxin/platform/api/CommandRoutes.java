package cn.anxin.platform.api;

import cn.anxin.gateway.command.CommandDispatcher;
import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.command.CommandRequests;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/devices/{id}/commands} sends a command down to a device (answered 202 with
 * the command, PENDING); {@code GET /api/devices/{id}/commands/{commandId}} follows it to its
 * result: SENT, DELIVERED (the device's PUBACK), SUCCEEDED or FAILED (its answer) or TIMED_OUT.
 * Only devices in the caller's scope can be commanded or followed.
 */
final class CommandRoutes implements ApiModule {

  private final Vertx vertx;
  private final Clock clock;
  private final CommandRequests commands = new CommandRequests();

  CommandRoutes(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("sendCommand", (request, c) -> {
      String deviceId = request.path("deviceId");
      requireVisible(c, request.principal(), deviceId);
      JsonObject body = request.body();
      int seconds = body.getInteger("timeoutSeconds", (int) CommandRequests.DEFAULT_TIMEOUT.toSeconds());
      UUID id = commands.create(c, deviceId, body.getString("name"), body.getJsonObject("args", new JsonObject()),
          Duration.ofSeconds(seconds), clock.instant(), request.principal().username())
          .orElseThrow(ApiProblem::notFound);
      JsonObject command = commands.find(c, deviceId, id).orElseThrow(ApiProblem::notFound);
      request.afterCommit(() -> wake(deviceId));
      return new ApiReply(202, command, null,
          Map.of("Location", "/api/devices/" + deviceId + "/commands/" + id));
    });
    routes.blocking("getCommand", (request, c) -> {
      String deviceId = request.path("deviceId");
      requireVisible(c, request.principal(), deviceId);
      UUID id = UUID.fromString(request.path("commandId"));
      return ApiReply.ok(commands.find(c, deviceId, id).orElseThrow(ApiProblem::notFound));
    });
  }

  private void wake(String deviceId) {
    vertx.eventBus().publish(CommandDispatcher.WAKE_ADDRESS, deviceId);
  }

  private static void requireVisible(Connection c, Principal p, String deviceId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM device d WHERE d.id = ? AND " + Scope.devices(p, "d"))) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
      }
    }
  }
}
