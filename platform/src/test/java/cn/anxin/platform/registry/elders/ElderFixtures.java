package cn.anxin.platform.registry.elders;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.privacy.IdCards;
import cn.anxin.platform.testing.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** Sites straight into the database, valid ID-card numbers, and elders registered through the API. */
final class ElderFixtures {

  private static final AtomicInteger SEQUENCE = new AtomicInteger(100);
  private static final AtomicInteger SITES = new AtomicInteger();

  private ElderFixtures() {}

  /** A valid ID-card number of 楚雄市 for this birth date (yyyyMMdd) and sex, different at every call. */
  static String idCard(String birth, String sex) {
    int n = SEQUENCE.incrementAndGet();
    if ((n % 2 == 1) != sex.equals("M")) {
      n = SEQUENCE.incrementAndGet();
    }
    String first17 = "532301" + birth + String.format("%03d", n % 1000);
    return first17 + IdCards.checkCharacter(first17);
  }

  /** A day-care centre; returns its id. */
  static long site(DataSource db, String name) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(
            "INSERT INTO site (code, name, kind, area_code) VALUES (?, ?, 'DAY_CARE', '532301100') RETURNING id")) {
      s.setString(1, "S-T" + SITES.incrementAndGet() + "-" + System.nanoTime());
      s.setString(2, name);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** A create body with what is required. */
  static JsonObject body(String name, String idCard, long siteId) {
    return new JsonObject().put("name", name).put("idCard", idCard).put("siteId", siteId);
  }

  /** Registers an elder as the administrator; returns the created detail. */
  static JsonObject create(ApiClient admin, JsonObject body) {
    ApiClient.Answer answer = admin.post("/api/elders", body);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json();
  }

  /** Registers a woman born 1940-05-06 at a site; returns her id. */
  static long elder(ApiClient admin, String name, long siteId) {
    return create(admin, body(name, idCard("19400506", "F"), siteId)).getLong("id");
  }

  /** The field pointers of a problem's errors. */
  static JsonArray fields(ApiClient.Answer problem) {
    JsonArray fields = new JsonArray();
    problem.json().getJsonArray("errors", new JsonArray())
        .forEach(e -> fields.add(((JsonObject) e).getString("field")));
    return fields;
  }

  /** The message of the error on this field. */
  static String message(ApiClient.Answer problem, String field) {
    for (Object e : problem.json().getJsonArray("errors", new JsonArray())) {
      JsonObject error = (JsonObject) e;
      if (field.equals(error.getString("field"))) {
        return error.getString("message");
      }
    }
    throw new AssertionError("no error on " + field + " in " + problem.body());
  }
}
