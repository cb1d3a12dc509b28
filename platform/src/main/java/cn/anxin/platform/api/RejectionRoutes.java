package cn.anxin.platform.api;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;

/**
 * {@code GET /api/rejections?deviceId=&limit=}: the messages the gateway refused, newest first,
 * with the reason and the payload as received, for engineers commissioning or debugging devices.
 * Administrators only: a refused payload can hold anything a device sent.
 */
final class RejectionRoutes implements ApiModule {

  private static final String SELECT =
      "SELECT id, device_id, topic, reason, payload, received_at FROM rejected_message"
          + " WHERE (?::text IS NULL OR device_id = ?) ORDER BY id DESC LIMIT ?";

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listRejections", (request, c) -> {
      String deviceId = request.query("deviceId").orElse(null);
      try (PreparedStatement s = c.prepareStatement(SELECT)) {
        s.setString(1, deviceId);
        s.setString(2, deviceId);
        s.setInt(3, request.queryInt("limit", 50));
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
          return ApiReply.ok(list);
        }
      }
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
