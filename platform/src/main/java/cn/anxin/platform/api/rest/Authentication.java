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
  /** Routing-context key of the operationId the request was admitted to. */
  public static final String OPERATION = "anxin.operation";

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
    // The body is read only once the caller is known and admitted (see HttpApi's body handler).
    ctx.request().pause();
    Locale asked = Optional.ofNullable(Messages.parse(ctx.request().getParam("lang")))
        .orElse(Messages.parse(ctx.request().getHeader("Accept-Language")));
    ctx.put(ApiRoutes.LOCALE, asked == null ? Messages.ZH : asked);
    if (!isCanonical(ctx)) {
      // "/api//accounts", "/api/./accounts", "/api/%61ccounts", "/api/accounts/": the router would
      // match what the contract does not name, so such paths are answered as what they are: unknown.
      ProblemWriter.write(ctx, ApiRoutes.locale(ctx), ApiProblem.notFound());
      return;
    }
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
    if (operation == null) {
      if (ctx.request().path().equals("/api/openapi.json")) {
        ctx.next();
      } else {
        ProblemWriter.write(ctx, ApiRoutes.locale(ctx), ApiProblem.notFound());
      }
      return;
    }
    ctx.put(OPERATION, operation.getOperationId());
    Set<Role> roles = ApiRoutes.roles(operation);
    String type = ctx.request().getHeader("Content-Type");
    if (roles == null) {
      ctx.next();
    } else if (principal == null) {
      unauthenticated(ctx);
    } else if (!roles.contains(principal.role())) {
      ProblemWriter.write(ctx, ApiRoutes.locale(ctx), ApiProblem.forbidden());
    } else if (type != null && !type.startsWith("application/json") && !type.startsWith("application/octet-stream")) {
      ProblemWriter.write(ctx, ApiRoutes.locale(ctx), ApiProblem.of(415, "problem.media-type"));
    } else {
      ctx.next();
    }
  }

  /** The raw path is its own normal form: no empty or dot segments, no escapes, no trailing slash. */
  private static boolean isCanonical(RoutingContext ctx) {
    String raw = ctx.request().path();
    return raw.equals(ctx.normalizedPath()) && raw.indexOf('%') < 0 && !raw.contains("//")
        && !raw.endsWith("/") && !raw.contains("/./") && !raw.contains("/../");
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
