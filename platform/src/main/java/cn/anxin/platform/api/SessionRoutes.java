package cn.anxin.platform.api;

import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.access.LoginGuard;
import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Sessions;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.Authentication;
import cn.anxin.platform.api.rest.ClientAddress;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;

/**
 * Signing in and out, and "who am I". A wrong password, an unknown username and a disabled account
 * get the same answer; repeated failures are refused for a while (see {@link LoginGuard}).
 */
final class SessionRoutes implements ApiModule {

  private final Accounts accounts;
  private final Sessions sessions;
  private final LoginGuard guard;

  SessionRoutes(Accounts accounts, Sessions sessions, LoginGuard guard) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.guard = guard;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("signIn", (request, c) -> {
      String username = request.body().getString("username").strip();
      String password = request.body().getString("password");
      String ip = request.clientIp();
      guard.serialise(c, username);
      Optional<Duration> wait = guard.refusedFor(c, username, ip);
      if (wait.isPresent()) {
        return ApiReply.problem(ApiProblem.of(429, "problem.login-throttled",
            Math.max(1, (wait.get().toSeconds() + 59) / 60)).retryAfter(wait.get()));
      }
      Optional<Long> account = accounts.check(c, username, password);
      if (account.isEmpty()) {
        guard.failed(c, username, ip);
        return ApiReply.problem(ApiProblem.of(401, "problem.login-failed"));
      }
      guard.succeeded(c, username);
      Sessions.Issued issued = sessions.open(c, account.get(), ip);
      Principal me = sessions.resolve(c, issued.token()).orElseThrow();
      request.context().response().addCookie(Cookie.cookie(Authentication.COOKIE, issued.token())
          .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
          .setSecure(ClientAddress.secure(request.context()))
          .setMaxAge(Duration.between(java.time.Instant.now(), issued.expiresAt()).toSeconds()));
      return new ApiReply(201, new JsonObject()
          .put("token", issued.token())
          .put("expiresAt", issued.expiresAt().toString())
          .put("account", me(me)), null, java.util.Map.of());
    });
    routes.blocking("signOut", (request, c) -> {
      String token = Authentication.token(request.context());
      sessions.revoke(c, token);
      request.afterCommit(() -> request.context().vertx().eventBus()
          .publish(AlertStream.SESSION_ENDED, Sessions.key(token)));
      request.context().response().addCookie(Cookie.cookie(Authentication.COOKIE, "")
          .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setMaxAge(0));
      return ApiReply.noContent();
    });
    routes.blocking("getMe", (request, c) -> ApiReply.ok(me(request.principal())));
  }

  static JsonObject me(Principal p) {
    return new JsonObject()
        .put("id", p.accountId())
        .put("username", p.username())
        .put("displayName", p.displayName())
        .put("role", p.role().name())
        .put("locale", p.locale())
        .put("siteIds", new JsonArray(p.siteIds().stream().sorted().toList()))
        .put("elderIds", new JsonArray(p.elderIds().stream().sorted().toList()));
  }
}
