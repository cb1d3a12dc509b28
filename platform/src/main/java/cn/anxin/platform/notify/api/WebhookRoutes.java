package cn.anxin.platform.notify.api;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/**
 * Sites' webhook subscriptions (administrators): list, create (the secret is made here and shown
 * once) and remove (the row stays, inactive, so past deliveries keep their recipient).
 */
final class WebhookRoutes implements ApiModule {

  private static final List<String> ALL_EVENTS = List.of("ALERT_RAISED", "ALERT_CHANGED", "ALERT_CLOSED");
  private static final List<String> ALL_SEVERITIES = List.of("P1", "P2", "P3", "P4");
  private static final String COLUMNS = "id, site_id, url, events, severities, description, created_at";
  private static final String INSERT = "INSERT INTO webhook_subscription (site_id, url, secret, events, severities,"
      + " description, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS;
  private static final String REMOVE = "UPDATE webhook_subscription SET active = false, removed_at = ?"
      + " WHERE id = ? AND site_id = ? AND removed_at IS NULL";

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  WebhookRoutes(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listSiteWebhooks", this::list);
    routes.blocking("createSiteWebhook", this::create);
    routes.blocking("removeSiteWebhook", this::remove);
  }

  private ApiReply list(ApiRequest request, Connection c) throws Exception {
    long site = existingSite(c, request.pathLong("siteId"));
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
        + " FROM webhook_subscription WHERE site_id = ? AND active ORDER BY id")) {
      s.setLong(1, site);
      try (ResultSet r = s.executeQuery()) {
        JsonArray all = new JsonArray();
        while (r.next()) {
          all.add(json(r));
        }
        return ApiReply.ok(all);
      }
    }
  }

  private ApiReply create(ApiRequest request, Connection c) throws Exception {
    long site = existingSite(c, request.pathLong("siteId"));
    JsonObject body = request.body();
    String url = body.getString("url").strip();
    if (!isHttpUrl(url)) {
      throw ApiProblem.invalid(FieldError.of("/body/url", "notify.webhook-url-invalid"));
    }
    byte[] key = new byte[32];
    random.nextBytes(key);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setLong(1, site);
      s.setString(2, url);
      s.setString(3, secret);
      s.setArray(4, c.createArrayOf("text", strings(body.getJsonArray("events"), ALL_EVENTS)));
      s.setArray(5, c.createArrayOf("text", strings(body.getJsonArray("severities"), ALL_SEVERITIES)));
      s.setString(6, body.getString("description"));
      s.setTimestamp(7, Timestamp.from(clock.instant()));
      s.setLong(8, request.principal().accountId());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        JsonObject created = json(r).put("secret", secret);
        return ApiReply.created(created, "/api/sites/" + site + "/webhooks/" + created.getLong("id"));
      }
    }
  }

  private ApiReply remove(ApiRequest request, Connection c) throws Exception {
    try (PreparedStatement s = c.prepareStatement(REMOVE)) {
      s.setTimestamp(1, Timestamp.from(clock.instant()));
      s.setLong(2, request.pathLong("webhookId"));
      s.setLong(3, request.pathLong("siteId"));
      if (s.executeUpdate() == 0) {
        throw ApiProblem.notFound();
      }
    }
    return ApiReply.noContent();
  }

  private static long existingSite(Connection c, long siteId) throws Exception {
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM site WHERE id = ?")) {
      s.setLong(1, siteId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
        return r.getLong(1);
      }
    }
  }

  static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }

  private static String[] strings(JsonArray given, List<String> all) {
    List<String> chosen = given == null ? all : given.stream().map(String::valueOf).distinct().toList();
    return chosen.toArray(String[]::new);
  }

  private static JsonObject json(ResultSet r) throws Exception {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("siteId", r.getLong("site_id"))
        .put("url", r.getString("url"))
        .put("events", new JsonArray(List.of((String[]) r.getArray("events").getArray())))
        .put("severities", new JsonArray(List.of((String[]) r.getArray("severities").getArray())))
        .put("description", r.getString("description"))
        .put("createdAt", r.getTimestamp("created_at").toInstant().toString());
  }
}
