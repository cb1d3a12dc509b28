package cn.anxin.platform.family;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.gateway.family.FamilyPush;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * A family member's app credentials for MQTT push (contract fragment {@code family.yaml}): read,
 * issue (the secret once), revoke. Replacing or revoking a credential disconnects the app that
 * used it, once the change is committed.
 */
public final class PushCredentialRoutes implements ApiModule {

  private static final String LOCATION = "/api/me/push-credentials";

  private final Vertx vertx;
  private final Clock clock;
  private final PushCredentials credentials;

  public PushCredentialRoutes(Vertx vertx, Clock clock, SecretHasher hasher) {
    this.vertx = vertx;
    this.clock = clock;
    this.credentials = new PushCredentials(hasher);
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("getMyPushCredential", (request, c) -> ApiReply.ok(
        credentials.live(c, request.principal().accountId()).orElseThrow(ApiProblem::notFound)));
    routes.blocking("issueMyPushCredential", (request, c) -> {
      long account = request.principal().accountId();
      JsonObject issued = credentials.issue(c, account, clock.instant());
      request.afterCommit(() -> disconnect(account));
      return ApiReply.created(issued, LOCATION).withHeader("Cache-Control", "no-store");
    });
    routes.blocking("revokeMyPushCredential", (request, c) -> {
      long account = request.principal().accountId();
      if (!credentials.revoke(c, account, clock.instant())) {
        throw ApiProblem.notFound();
      }
      request.afterCommit(() -> disconnect(account));
      return ApiReply.noContent();
    });
  }

  private void disconnect(long accountId) {
    vertx.eventBus().publish(FamilyPush.REVOKED_ADDRESS, new JsonObject().put("accountId", accountId));
  }
}
