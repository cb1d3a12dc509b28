package cn.anxin.gateway.http;

import cn.anxin.gateway.auth.DeviceAuthenticator;
import cn.anxin.gateway.ingest.IngestPipeline;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device events over HTTP, for devices that cannot speak MQTT (an operator IoT platform forwards
 * their JSON): the same payloads, schemas, journal and msgId de-duplication as MQTT. Each request
 * goes: bounded body (Vert.x Web reads bodies before authentication) -> authenticate (HTTP Basic:
 * device id and secret) -> JSON content type -> own path? -> known kind? -> ingest; the answer is
 * written after the commit, like a PUBACK.
 *
 * <pre>
 * POST /v1/devices/{deviceId}/events/{kind}   one event      201 stored, 200 duplicate
 * POST /v1/devices/{deviceId}/events          a batch        200 with a result per item
 * </pre>
 */
public final class HttpIngest {

  private static final Logger LOG = LoggerFactory.getLogger(HttpIngest.class);

  /** Where the platform's HTTP server (or the gateway's own) serves these routes. */
  public static final String MOUNT_POINT = "/ingest";

  private static final String EVENT_PATH = "/v1/devices/:deviceId/events/:kind";
  private static final String BATCH_PATH = "/v1/devices/:deviceId/events";

  private final Vertx vertx;
  private final HttpIngestOptions options;
  private final DeviceBasicAuth auth;
  private final HttpEventPipeline pipeline;
  private final BatchIngest batch;

  public HttpIngest(
      Vertx vertx, DeviceAuthenticator authenticator, IngestPipeline ingest, HttpIngestOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.auth = new DeviceBasicAuth(authenticator);
    this.pipeline = new HttpEventPipeline(ingest);
    this.batch = new BatchIngest(pipeline, options);
  }

  /** The routes, relative to {@link #MOUNT_POINT}; mount with {@code route(MOUNT_POINT + "/*").subRouter(...)}. */
  public Router router() {
    Router router = Router.router(vertx);
    router.post(EVENT_PATH)
        .handler(BodyHandler.create(false).setBodyLimit(options.maxMessageBytes()))
        .handler(auth)
        .handler(JsonContentType::require)
        .handler(this::oneEvent);
    router.post(BATCH_PATH)
        .handler(BodyHandler.create(false).setBodyLimit(options.maxBatchBytes()))
        .handler(auth)
        .handler(JsonContentType::require)
        .handler(batch::handle);
    router.route(EVENT_PATH).handler(HttpIngest::onlyPost);
    router.route(BATCH_PATH).handler(HttpIngest::onlyPost);
    router.route().last().handler(ctx -> HttpProblem.send(ctx, 404,
        "没有这个地址 No such ingest resource; events go to POST /ingest/v1/devices/{deviceId}/events/{kind}."));
    router.route().failureHandler(this::onFailure);
    return router;
  }

  private void oneEvent(RoutingContext ctx) {
    String deviceId = DeviceBasicAuth.device(ctx);
    String address = ctx.request().path();
    Buffer body = ctx.body().buffer();
    pipeline.refuseForeignPath(deviceId, ctx.pathParam("deviceId"), address, body)
        .orElseGet(() -> pipeline.accept(deviceId, ctx.pathParam("kind"), body, address))
        .onSuccess(outcome -> IngestAnswer.of(outcome).send(ctx))
        .onFailure(ctx::fail);
  }

  private static void onlyPost(RoutingContext ctx) {
    HttpProblem.send(ctx, 405, "只接受 POST Events are sent with POST.");
  }

  private void onFailure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status >= 500) {
      LOG.error("HTTP ingest failed on {}", ctx.request().path(), ctx.failure());
    }
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
    } else if (status == 413) {
      HttpProblem.send(ctx, 413, "内容过大 An event body may have at most " + options.maxMessageBytes()
          + " bytes, a batch body " + options.maxBatchBytes() + " bytes.");
    } else {
      HttpProblem.send(ctx, status, status >= 500 ? "请稍后重试 Please try again later." : "请求有误 Bad request.");
    }
  }
}
