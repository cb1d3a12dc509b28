package cn.anxin.platform.meals.api;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.meals.CredentialKeys;
import cn.anxin.platform.privacy.AccessAudit;
import cn.anxin.platform.privacy.IdCardVault;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

/**
 * Diners' credentials (administrators): listed by elder, issued, revoked. Numbers are taken in and
 * never given back: a keyed hash for the look-up, the last four characters for display.
 */
final class CredentialRoutes implements ApiModule {

  private static final String COLUMNS = "id, elder_id, type, last4, issued_at, revoked_at, revoke_reason";

  private final CredentialKeys keys;
  private final Clock clock;

  CredentialRoutes(IdCardVault vault, Clock clock) {
    this.keys = new CredentialKeys(vault);
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listMealCredentials", (request, c) -> {
      long elder = request.queryLong("elderId").orElseThrow();
      elder(c, request.principal(), elder);
      JsonArray out = new JsonArray();
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM meal_credential WHERE elder_id = ?"
          + " ORDER BY issued_at DESC, id DESC")) {
        s.setLong(1, elder);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(json(r));
          }
        }
      }
      AccessAudit.record(c, request, "MEAL_CREDENTIALS", List.of(elder), List.of("credentials"), "meal-credentials");
      return ApiReply.ok(out);
    });
    routes.blocking("issueMealCredential", (request, c) -> {
      JsonObject body = request.body();
      long elder = body.getLong("elderId");
      elder(c, request.principal(), elder);
      String type = body.getString("type");
      String number = body.getString("number");
      byte[] hash = keys.hash(type, number);
      try (PreparedStatement s = c.prepareStatement(
          "SELECT 1 FROM meal_credential WHERE type = ? AND id_hash = ? AND revoked_at IS NULL")) {
        s.setString(1, type);
        s.setBytes(2, hash);
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            throw ApiProblem.conflict("meals.credential-taken");
          }
        }
      }
      long id;
      try (PreparedStatement s = c.prepareStatement("INSERT INTO meal_credential (elder_id, type, id_hash, last4,"
          + " issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
        s.setLong(1, elder);
        s.setString(2, type);
        s.setBytes(3, hash);
        s.setString(4, CredentialKeys.last4(number));
        s.setTimestamp(5, Timestamp.from(clock.instant()));
        s.setLong(6, request.principal().accountId());
        try (ResultSet r = s.executeQuery()) {
          r.next();
          id = r.getLong(1);
        }
      }
      return ApiReply.created(one(c, id), "/api/meals/credentials?elderId=" + elder);
    });
    routes.blocking("revokeMealCredential", (request, c) -> {
      long id = request.pathLong("credentialId");
      try (PreparedStatement s = c.prepareStatement("SELECT revoked_at FROM meal_credential WHERE id = ?"
          + " FOR UPDATE")) {
        s.setLong(1, id);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            throw ApiProblem.notFound();
          }
          if (r.getTimestamp(1) != null) {
            throw ApiProblem.conflict("meals.credential-revoked");
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE meal_credential SET revoked_at = ?, revoke_reason = ? WHERE id = ?")) {
        s.setTimestamp(1, Timestamp.from(clock.instant()));
        s.setString(2, request.body().getString("reason"));
        s.setLong(3, id);
        s.executeUpdate();
      }
      return ApiReply.ok(one(c, id));
    });
  }

  /** The elder must exist, be unerased and in scope; else 404. */
  static void elder(Connection c, Principal p, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM elder e WHERE e.id = ? AND e.erased_at IS NULL AND "
        + Scope.elders(p, "e"))) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
      }
    }
  }

  private static JsonObject one(Connection c, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM meal_credential WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return json(r);
      }
    }
  }

  private static JsonObject json(ResultSet r) throws SQLException {
    return new JsonObject().put("id", r.getLong("id")).put("elderId", r.getLong("elder_id"))
        .put("type", r.getString("type")).put("number", CredentialKeys.masked(r.getString("last4")))
        .put("issuedAt", Stations.iso(r.getTimestamp("issued_at")))
        .put("revokedAt", Stations.iso(r.getTimestamp("revoked_at")))
        .put("revokeReason", r.getString("revoke_reason"));
  }
}
