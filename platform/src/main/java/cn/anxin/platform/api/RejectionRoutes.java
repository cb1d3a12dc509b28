package cn.anxin.platform.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@code GET /api/rejections?deviceId=&limit=}: the messages the gateway refused, newest first,
 * with the reason and the payload as received, for engineers commissioning or debugging devices.
 */
final class RejectionRoutes {

  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;
  private static final String SELECT =
      "SELECT id, device_id, topic, reason, payload, received_at FROM rejected_message"
          + " WHERE (?::text IS NULL OR device_id = ?) ORDER BY id DESC LIMIT ?";

  private final DataSource dataSource;
  private final WorkerExecutor workers;

  RejectionRoutes(DataSource dataSource, WorkerExecutor workers) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
  }

  void mount(Router router) {
    router.get("/api/rejections").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    String deviceId = ctx.queryParams().get("deviceId");
    int limit;
    try {
      String given = ctx.queryParams().get("limit");
      limit = given == null ? DEFAULT_LIMIT : Integer.parseInt(given);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      Problems.send(ctx, 400, "请求有误 Bad Request", "limit：须为 1 至 500 的整数 limit: a whole number from 1 to 500");
      return;
    }
    int rows = limit;
    workers.executeBlocking(() -> {
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SELECT)) {
        s.setString(1, deviceId);
        s.setString(2, deviceId);
        s.setInt(3, rows);
        try (ResultSet r = s.executeQuery()) {
          JsonArray list = new JsonArray();
          while (r.next()) {
            byte[] payload = r.getBytes("payload");
            list.add(new JsonObject()
                .put("id", r.getLong("id"))
                .put("deviceId", r.getString("device_id"))
                .put("topic", r.getString("topic"))
                .put("reason", r.getString("reason"))
                .put("receivedAt", r.getTimestamp("received_at").toInstant().toString())
                .put("payloadText", utf8(payload))
                .put("payloadBase64", payload == null ? null : Base64.getEncoder().encodeToString(payload)));
          }
          return list;
        }
      }
    }, false).onComplete(result -> {
      if (result.failed()) {
        Problems.send(ctx, 503, "服务暂不可用 Service Unavailable", "暂时无法读取 Cannot be read right now.");
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(result.result().encode());
    });
  }

  /** The payload as text when it is valid UTF-8, else null (the base64 form is always there). */
  private static String utf8(byte[] payload) {
    if (payload == null) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
