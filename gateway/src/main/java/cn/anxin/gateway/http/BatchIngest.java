package cn.anxin.gateway.http;

import cn.anxin.gateway.ingest.IngestOutcome;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST .../devices/{deviceId}/events} with {@code [{"kind": ..., "payload": {...}}, ...]},
 * as NB-IoT operator platforms forward a day's uploads. Items are ingested one after another, in
 * order, each on its own: a refused item costs no other. Once the store is unavailable the rest
 * are not tried and are answered 503, to be sent again.
 */
final class BatchIngest {

  private static final String ITEM_SHAPE = "a batch is a JSON array of {\"kind\": \"<kind>\", \"payload\": {...}}";

  private final HttpEventPipeline pipeline;
  private final HttpIngestOptions options;

  BatchIngest(HttpEventPipeline pipeline, HttpIngestOptions options) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.options = Objects.requireNonNull(options, "options");
  }

  void handle(RoutingContext ctx) {
    String deviceId = DeviceBasicAuth.device(ctx);
    String address = ctx.request().path();
    Buffer body = ctx.body().buffer();
    Optional<Future<IngestOutcome>> foreign =
        pipeline.refuseForeignPath(deviceId, ctx.pathParam("deviceId"), address, body);
    if (foreign.isPresent()) {
      foreign.get().onSuccess(outcome -> IngestAnswer.of(outcome).send(ctx)).onFailure(ctx::fail);
      return;
    }
    JsonArray items = arrayOf(body);
    if (items == null) {
      pipeline.refuseMalformed(deviceId, address, body, ITEM_SHAPE)
          .onSuccess(outcome -> IngestAnswer.of(outcome).send(ctx))
          .onFailure(ctx::fail);
      return;
    }
    if (items.size() > options.maxBatchItems()) {
      HttpProblem.send(ctx, 413, "批量条目过多 A batch holds at most " + options.maxBatchItems()
          + " items; this one has " + items.size() + ".");
      return;
    }
    new Run(ctx, deviceId, address, items).next();
  }

  private static JsonArray arrayOf(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      return body.toJsonValue() instanceof JsonArray array ? array : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** One batch in progress; items that complete at once are taken in a loop, not by recursion. */
  private final class Run {
    private final RoutingContext ctx;
    private final String deviceId;
    private final String address;
    private final JsonArray items;
    private final JsonArray results = new JsonArray();
    private boolean storeDown;

    Run(RoutingContext ctx, String deviceId, String address, JsonArray items) {
      this.ctx = ctx;
      this.deviceId = deviceId;
      this.address = address;
      this.items = items;
    }

    void next() {
      while (results.size() < items.size()) {
        Future<IngestAnswer> answer = item(results.size());
        if (!answer.isComplete()) {
          answer.onComplete(done -> {
            record(done);
            next();
          });
          return;
        }
        record(answer);
      }
      ctx.response()
          .setStatusCode(200)
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .end(new JsonObject().put("results", results).encode());
    }

    private void record(AsyncResult<IngestAnswer> done) {
      IngestAnswer answer = done.succeeded() ? done.result() : IngestAnswer.of(new IngestOutcome.Unavailable(done.cause()));
      storeDown |= answer.status() == 503;
      results.add(answer.asBatchItem(results.size()));
    }

    private Future<IngestAnswer> item(int index) {
      if (storeDown) {
        return Future.succeededFuture(IngestAnswer.problem(HttpProblem.of(503,
            "未处理 Not tried: the store was unavailable for an earlier item; send this one again.")));
      }
      String itemAddress = address + "[" + index + "]";
      Object raw = items.getValue(index);
      if (!(raw instanceof JsonObject item) || item.size() != 2
          || !(item.getValue("kind") instanceof String kind) || !item.containsKey("payload")) {
        return pipeline.refuseMalformed(deviceId, itemAddress, Json.encodeToBuffer(raw), ITEM_SHAPE)
            .map(IngestAnswer::of);
      }
      Buffer payload = Json.encodeToBuffer(item.getValue("payload"));
      if (payload.length() > options.maxMessageBytes()) {
        return Future.succeededFuture(IngestAnswer.problem(HttpProblem.of(413,
            "负载过大 A payload may have at most " + options.maxMessageBytes() + " bytes.")));
      }
      return pipeline.accept(deviceId, kind, payload, itemAddress).map(IngestAnswer::of);
    }
  }
}
