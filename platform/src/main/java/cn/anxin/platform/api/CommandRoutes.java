package cn.anxin.platform.api;

import cn.anxin.gateway.command.CommandDispatcher;
import cn.anxin.platform.command.CommandRequests;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@code POST /api/devices/{id}/commands} sends a command down to a device (answered 202 with
 * the command, PENDING); {@code GET /api/devices/{id}/commands/{commandId}} follows it to its
 * result: SENT, DELIVERED (the device's PUBACK), SUCCEEDED or FAILED (its answer) or TIMED_OUT.
 */
final class CommandRoutes {

  private static final String NAME = "[a-z][a-z0-9-]{0,31}";

  private final Vertx vertx;
  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final Clock clock;
  private final CommandRequests commands = new CommandRequests();

  CommandRoutes(Vertx vertx, DataSource dataSource, WorkerExecutor workers, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  void mount(Router router) {
    router.post("/api/devices/:deviceId/commands").handler(BodyHandler.create().setBodyLimit(4096));
    router.post("/api/devices/:deviceId/commands").handler(this::create);
    router.get("/api/devices/:deviceId/commands/:commandId").handler(this::read);
  }

  private void create(RoutingContext ctx) {
    String deviceId = ctx.pathParam("deviceId");
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      Problems.send(ctx, 400, "请求有误 Bad Request", "请求体须为 JSON 对象 The body must be a JSON object.");
      return;
    }
    String name = body.getValue("name") instanceof String n ? n : null;
    Object args = body.getValue("args", new JsonObject());
    Object timeout = body.getValue("timeoutSeconds", (int) CommandRequests.DEFAULT_TIMEOUT.toSeconds());
    if (name == null || !name.matches(NAME)) {
      Problems.send(ctx, 400, "请求有误 Bad Request",
          "name：须为小写字母开头的命令名 name: a command name such as silence-buzzer");
      return;
    }
    if (!(args instanceof JsonObject argsObject)) {
      Problems.send(ctx, 400, "请求有误 Bad Request", "args：须为 JSON 对象 args: must be a JSON object");
      return;
    }
    if (!(timeout instanceof Integer seconds) || seconds < 1 || seconds > CommandRequests.MAX_TIMEOUT.toSeconds()) {
      Problems.send(ctx, 400, "请求有误 Bad Request",
          "timeoutSeconds：须为 1 至 600 的整数 timeoutSeconds: a whole number from 1 to 600");
      return;
    }
    workers.executeBlocking(() -> {
      try (Connection c = dataSource.getConnection()) {
        var id = commands.create(c, deviceId, name, argsObject, Duration.ofSeconds(seconds), clock.instant());
        return id.isEmpty() ? null : commands.find(c, deviceId, id.get()).orElse(null);
      }
    }, false).onComplete(result -> {
      if (result.failed()) {
        Problems.send(ctx, 503, "服务暂不可用 Service Unavailable", "命令未能保存 The command could not be stored.");
      } else if (result.result() == null) {
        Problems.send(ctx, 404, "未找到 Not Found", "没有这个设备 No such device: " + deviceId);
      } else {
        vertx.eventBus().publish(CommandDispatcher.WAKE_ADDRESS, deviceId);
        JsonObject command = result.result();
        ctx.response().setStatusCode(202)
            .putHeader("Location", "/api/devices/" + deviceId + "/commands/" + command.getString("id"))
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .end(command.encode());
      }
    });
  }

  private void read(RoutingContext ctx) {
    String deviceId = ctx.pathParam("deviceId");
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("commandId"));
    } catch (IllegalArgumentException e) {
      Problems.send(ctx, 404, "未找到 Not Found", "没有这个命令 No such command.");
      return;
    }
    workers.executeBlocking(() -> {
      try (Connection c = dataSource.getConnection()) {
        return commands.find(c, deviceId, id).orElse(null);
      }
    }, false).onComplete(result -> {
      if (result.failed()) {
        Problems.send(ctx, 503, "服务暂不可用 Service Unavailable", "命令暂时无法读取 The command cannot be read now.");
      } else if (result.result() == null) {
        Problems.send(ctx, 404, "未找到 Not Found", "没有这个命令 No such command.");
      } else {
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(result.result().encode());
      }
    });
  }
}
