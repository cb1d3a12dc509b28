package cn.anxin.platform.api;

import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.Authentication;
import cn.anxin.platform.api.rest.ProblemWriter;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads an API request's body once its caller has been admitted: at most 64 KiB for JSON, and
 * 12 MiB (a 10 MiB spreadsheet with room to spare) for imports, of which at most two are read at
 * once; a third is asked to retry.
 */
final class RequestBodies implements Handler<RoutingContext> {

  static final long JSON_LIMIT = 64 * 1024;
  static final long UPLOAD_LIMIT = 12L * 1024 * 1024;
  static final int CONCURRENT_UPLOADS = 2;

  private final BodyHandler json = BodyHandler.create(false).setBodyLimit(JSON_LIMIT);
  private final BodyHandler upload = BodyHandler.create(false).setBodyLimit(UPLOAD_LIMIT);
  private final AtomicInteger uploading = new AtomicInteger();

  @Override
  public void handle(RoutingContext ctx) {
    if (!ctx.request().path().startsWith("/api/")) {
      ctx.next();
      return;
    }
    if (!"importRegister".equals(ctx.get(Authentication.OPERATION))) {
      json.handle(ctx);
      return;
    }
    if (uploading.incrementAndGet() > CONCURRENT_UPLOADS) {
      uploading.decrementAndGet();
      ProblemWriter.write(ctx, ApiRoutes.locale(ctx),
          ApiProblem.of(429, "problem.busy").retryAfter(java.time.Duration.ofSeconds(10)));
      return;
    }
    ctx.addEndHandler(done -> uploading.decrementAndGet());
    upload.handle(ctx);
  }
}
