package cn.anxin.platform.api.rest;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.access.Sessions;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.util.Locale;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Resolves who is asking, for every request under {@code /api/}: a bearer token in
 * {@code Authorization}, or the console's session cookie. An unknown, expired or revoked token is
 * refused with 401; so is a missing one, except for signing in and reading the contract. It also
 * settles the language of the answer: {@code ?lang=}, then {@code Accept-Language}, then the
 * account's own setting, then Chinese.
 */
public final class Authentication implements Handler<RoutingContext> {

  public static final String COOKIE = "anxin_session";

  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final Sessions sessions;
  private final OpenAPIContract contract;

  public Authentication(DataSource dataSource, WorkerExecutor workers, Sessions sessions, OpenAPIContract contract) {
    this.dataSource = dataSource;
    this.workers = workers;
    this.sessions = sessions;
    this.contract = contract;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    if (!path.startsWith("/api/")) {
      ctx.next();
      return;
    }
    Locale asked = Optional.ofNullable(Messages.parse(ctx.request().getParam("lang")))
        .orElse(Messages.parse(ctx.request().getHeader("Accept-Language")));
    ctx.put(ApiRoutes.LOCALE, asked == null ? Messages.ZH : asked);
    String token = token(ctx);
    boolean open = isPublic(ctx);
    if (token == null) {
      if (open) {
        admit(ctx, null);
      } else {
        unauthenticated(ctx);
      }
      return;
    }
    workers.<Optional<Principal>>executeBlocking(() -> {
      try (Connection c = dataSource.getConnection()) {
        return sessions.resolve(c, token);
      }
    }, false).onComplete(result -> {
      if (result.failed()) {
        ApiRoutes.fail(ctx, ApiRoutes.locale(ctx), result.cause());
        return;
      }
      Optional<Principal> principal = result.result();
      if (principal.isEmpty() && !open) {
        unauthenticated(ctx);
        return;
      }
      principal.ifPresent(p -> {
        ctx.put(ApiRoutes.PRINCIPAL, p);
        if (asked == null) {
          ctx.put(ApiRoutes.LOCALE, "en".equals(p.locale()) ? Messages.EN : Messages.ZH);
        }
      });
      admit(ctx, principal.orElse(null));
    });
  }

  /**
   * The operation's roles, checked before the request is validated, so a caller who may not use an
   * operation learns nothing from how it would have judged the request.
   */
  private void admit(RoutingContext ctx, Principal principal) {
    Operation operation = contract.findOperation(ctx.request().path(), ctx.request().method());
    Set<Role> roles = operation == null ? null : ApiRoutes.roles(operation);
    if (roles == null) {
      ctx.next();
    } else if (principal == null) {
      unauthenticated(ctx);
    } else if (!roles.contains(principal.role())) {
      ProblemWriter.write(ctx, ApiRoutes.locale(ctx), ApiProblem.forbidden());
    } else {
      ctx.next();
    }
  }

  /** The token this request carries, if any. */
  public static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).strip();
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie == null ? null : cookie.getValue();
  }

  private static boolean isPublic(RoutingContext ctx) {
    String path = ctx.request().path();
    return path.equals("/api/openapi.json")
        || (path.equals("/api/session") && ctx.request().method().name().equals("POST"));
  }

  private static void unauthenticated(RoutingContext ctx) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"anxin\"");
    ProblemWriter.write(ctx, ApiRoutes.locale(ctx), ApiProblem.of(401, "problem.unauthenticated"));
  }
}
