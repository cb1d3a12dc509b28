package cn.anxin.platform.api.rest;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Role;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the contract's operations to handlers. Every operation declares who may call it with
 * {@code x-roles} (role names, or {@code ANY} for every signed-in account) unless it is public
 * ({@code security: []}); {@link Authentication} checks them before the request is validated, and an
 * operation left unbound stops the platform from starting.
 */
public final class ApiRoutes {

  public static final String PRINCIPAL = "anxin.principal";
  public static final String LOCALE = "anxin.locale";

  private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

  private final RouterBuilder builder;
  private final WorkerExecutor workers;
  private final DataSource dataSource;
  private final Set<String> bound = new TreeSet<>();

  public ApiRoutes(RouterBuilder builder, WorkerExecutor workers, DataSource dataSource) {
    this.builder = builder;
    this.workers = workers;
    this.dataSource = dataSource;
  }

  public WorkerExecutor workers() {
    return workers;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Binds an operation that runs on the database in one transaction. */
  public void blocking(String operationId, BlockingOperation operation) {
    handler(operationId, ctx -> {
      ApiRequest request = request(ctx);
      workers.<ApiReply>executeBlocking(() -> runInTransaction(operation, request), false)
          .onComplete(result -> {
            if (result.succeeded()) {
              request.runAfterCommit();
              write(ctx, request.locale(), result.result());
            } else {
              fail(ctx, request.locale(), result.cause());
            }
          });
    });
  }

  /** Binds an operation with a handler of its own (streams, redirects). */
  public void handler(String operationId, Handler<RoutingContext> handler) {
    OpenAPIRoute route = builder.getRoute(operationId);
    if (route == null) {
      throw new IllegalStateException("the contract has no operation " + operationId);
    }
    if (!bound.add(operationId)) {
      throw new IllegalStateException("operation " + operationId + " is bound twice");
    }
    route.setDoSecurity(false);
    Set<Role> roles = roles(route.getOperation()); // fails start-up when the operation names no roles
    route.addHandler(ctx -> {
      // Authentication has admitted the caller to this very operation; checked again here, where
      // the operation is known without looking it up by path.
      Principal principal = ctx.get(PRINCIPAL);
      if (roles != null && (principal == null || !roles.contains(principal.role())
          || !operationId.equals(ctx.get(Authentication.OPERATION)))) {
        ProblemWriter.write(ctx, locale(ctx), principal == null
            ? ApiProblem.of(401, "problem.unauthenticated") : ApiProblem.forbidden());
        return;
      }
      handler.handle(ctx);
    });
  }

  /** Fails start-up when an operation of the contract has no handler. */
  public void requireAllBound() {
    Set<String> missing = new TreeSet<>();
    for (OpenAPIRoute route : builder.getRoutes()) {
      if (!bound.contains(route.getOperation().getOperationId())) {
        missing.add(route.getOperation().getOperationId());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("operations without a handler: " + missing);
    }
  }

  public static ApiRequest request(RoutingContext ctx) {
    return new ApiRequest(ctx, ctx.get(PRINCIPAL), locale(ctx));
  }

  public static Locale locale(RoutingContext ctx) {
    Locale locale = ctx.get(LOCALE);
    return locale == null ? Messages.ZH : locale;
  }

  /** The roles an operation admits; null for a public operation. */
  static Set<Role> roles(Operation operation) {
    JsonArray security = operation.getOpenAPIModel().getJsonArray("security");
    if (security != null && security.isEmpty()) {
      return null;
    }
    Object declared = operation.getExtensions().get("x-roles");
    if (!(declared instanceof JsonArray names) || names.isEmpty()) {
      throw new IllegalStateException("operation " + operation.getOperationId() + " declares no x-roles");
    }
    if (names.contains("ANY")) {
      return EnumSet.allOf(Role.class);
    }
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    names.forEach(n -> roles.add(Role.valueOf(String.valueOf(n))));
    return roles;
  }

  private ApiReply runInTransaction(BlockingOperation operation, ApiRequest request) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        ApiReply reply = operation.run(request, c);
        c.commit();
        return reply;
      } catch (Exception | Error e) {
        c.rollback();
        throw e;
      }
    }
  }

  public static void write(RoutingContext ctx, Locale locale, ApiReply reply) {
    if (reply.body() instanceof ApiProblem problem) {
      ProblemWriter.write(ctx, locale, problem);
      return;
    }
    HttpServerResponse response = ctx.response().setStatusCode(reply.status());
    reply.headers().forEach(response::putHeader);
    Object body = reply.body();
    if (body == null) {
      response.end();
    } else if (body instanceof JsonObject || body instanceof JsonArray) {
      response.putHeader("Content-Type", "application/json; charset=utf-8")
          .end(body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
    } else if (body instanceof byte[] bytes) {
      response.putHeader("Content-Type", reply.contentType()).end(Buffer.buffer(bytes));
    } else {
      response.putHeader("Content-Type", reply.contentType() == null ? "text/plain; charset=utf-8"
          : reply.contentType()).end(String.valueOf(body));
    }
  }

  public static void fail(RoutingContext ctx, Locale locale, Throwable failure) {
    ProblemWriter.write(ctx, locale, problemOf(ctx, failure));
  }

  private static final Map<String, Function<SQLException, ApiProblem>> SQL_STATES = Map.of(
      "23505", e -> ApiProblem.conflict("problem.duplicate"),
      "23503", e -> ApiProblem.conflict("problem.reference"),
      "23514", e -> ApiProblem.of(400, "problem.constraint"),
      "22P02", e -> ApiProblem.of(400, "problem.constraint"));

  static ApiProblem problemOf(RoutingContext ctx, Throwable failure) {
    if (failure instanceof io.vertx.ext.web.handler.HttpException http && http.getCause() != null) {
      failure = http.getCause();
    }
    if (failure instanceof ApiProblem problem) {
      return problem;
    }
    if (failure instanceof io.vertx.openapi.validation.ValidatorException invalid) {
      return ProblemWriter.fromValidation(invalid);
    }
    if (failure instanceof SQLException sql && sql.getSQLState() != null
        && SQL_STATES.containsKey(sql.getSQLState())) {
      LOG.info("{} {} refused by the database: {}", ctx.request().method(), ctx.request().path(),
          sql.getMessage());
      return SQL_STATES.get(sql.getSQLState()).apply(sql);
    }
    LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
    return ApiProblem.of(500, "problem.internal");
  }

}
