package cn.anxin.platform.rules.config;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule configuration area of the API ({@code openapi/rules.yaml}): the version in force, its
 * history, saving a new version, and the catalogue the documents are written against.
 */
public final class RuleConfigRoutes implements ApiModule {

  private static final Logger LOG = LoggerFactory.getLogger(RuleConfigRoutes.class);
  private static final String AUDIT_ACTION = "RULE_CONFIG";
  private static final List<String> AUDIT_FIELDS = List.of("ruleOverrides");
  private static final String PURPOSE = "rule-config";

  private final RuleConfigStore store;

  public RuleConfigRoutes(Clock clock) {
    this.store = new RuleConfigStore(clock);
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("getRuleConfig", (request, c) -> {
      Optional<Integer> asked = request.query("version").map(Integer::valueOf);
      RuleConfigStore.Version version = asked.isEmpty() ? store.active(c)
          : store.find(c, asked.get()).orElseThrow(ApiProblem::notFound);
      return ApiReply.ok(read(request, c, version));
    });
    routes.blocking("listRuleConfigVersions", this::list);
    routes.blocking("putRuleConfig", this::save);
    routes.blocking("getRuleCatalogue", (request, c) -> ApiReply.ok(CatalogueJson.of()));
  }

  private JsonObject read(ApiRequest request, Connection c, RuleConfigStore.Version version) throws SQLException {
    OverrideScope scope = scope(c, request.principal(), VersionJson.elderIds(version.document()));
    JsonObject answer = VersionJson.full(version, previous(c, version), scope);
    Set<Long> shown = VersionJson.elderIds(answer.getJsonObject("document"));
    if (!shown.isEmpty()) {
      AccessAudit.record(c, request, AUDIT_ACTION, shown, AUDIT_FIELDS, PURPOSE);
    }
    return answer;
  }

  private ApiReply list(ApiRequest request, Connection c) throws SQLException {
    int limit = request.queryInt("limit", 100);
    int offset = request.queryInt("offset", 0);
    List<RuleConfigStore.Version> page = store.page(c, limit + 1, offset);
    JsonArray items = new JsonArray();
    Set<Long> shown = new HashSet<>();
    for (int i = 0; i < Math.min(limit, page.size()); i++) {
      RuleConfigStore.Version v = page.get(i);
      RuleConfigStore.Version before = i + 1 < page.size() ? page.get(i + 1) : previous(c, v);
      Set<Long> named = before == null ? Set.of()
          : VersionJson.elderIds(ConfigDiff.between(before.document(), v.document()));
      JsonObject item = VersionJson.summary(v, before, scope(c, request.principal(), named));
      shown.addAll(VersionJson.elderIds(item.getJsonArray("changes")));
      items.add(item);
    }
    if (!shown.isEmpty()) {
      AccessAudit.record(c, request, AUDIT_ACTION, shown, AUDIT_FIELDS, PURPOSE);
    }
    return ApiReply.ok(new JsonObject().put("items", items).put("total", store.count(c)));
  }

  private ApiReply save(ApiRequest request, Connection c) throws SQLException {
    JsonObject body = request.body();
    JsonObject document = body.getJsonObject("document");
    ConfigValidator.Result result =
        new ConfigValidator(ids -> ConfigReaders.existing(c, ids)).validate(document);
    if (!result.valid()) {
      List<FieldError> errors = new ArrayList<>();
      for (ConfigError e : result.errors()) {
        errors.add(new FieldError("/body/document" + e.pointer(), e.code(), e.args()));
      }
      throw new ApiProblem(422, "rules.config-invalid", List.of(errors.size()), errors, null);
    }
    Optional<Integer> base = Optional.ofNullable(body.getInteger("baseVersion"));
    Principal p = request.principal();
    RuleConfigStore.Version saved = store.save(c, result.document(), body.getString("comment").strip(),
        p.accountId(), base)
        .orElseThrow(() -> ApiProblem.conflict("rules.config-stale", base.orElse(0)));
    LOG.info("rule configuration version {} saved by {}: {}", saved.version(), p.username(), saved.comment());
    return ApiReply.ok(read(request, c, saved));
  }

  private RuleConfigStore.Version previous(Connection c, RuleConfigStore.Version v) throws SQLException {
    return v.version() <= 1 ? null : store.find(c, v.version() - 1).orElse(null);
  }

  private static OverrideScope scope(Connection c, Principal p, Set<Long> named) throws SQLException {
    if (p.role().readsAll()) {
      return new OverrideScope(true, Set.of());
    }
    return new OverrideScope(false, new HashSet<>(ConfigReaders.visible(c, p, named)));
  }
}
