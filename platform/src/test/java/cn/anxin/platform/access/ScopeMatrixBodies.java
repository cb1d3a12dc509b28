package cn.anxin.platform.access;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Valid request bodies for the scope matrix, per operation, where the contract has no example. */
final class ScopeMatrixBodies {

  private ScopeMatrixBodies() {}

  static final Map<String, JsonObject> BODIES = Map.of(
      "sendCommand", new JsonObject().put("name", "silence-buzzer"),
      // A wrong current password: refused, and the test account keeps its password.
      "changeMyPassword", new JsonObject().put("currentPassword", "not-the-password")
          .put("newPassword", "another-password-1"));
}
