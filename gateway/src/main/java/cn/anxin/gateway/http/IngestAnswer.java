package cn.anxin.gateway.http;

import cn.anxin.gateway.forward.Appended;
import cn.anxin.gateway.ingest.IngestOutcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What a device is told about one message over HTTP: the one place an {@link IngestOutcome}
 * becomes a status and a body, for a single event and for each item of a batch alike.
 *
 * @param status the HTTP status
 * @param body {@code {"eventId", "duplicate"}} when stored, else a problem
 */
record IngestAnswer(int status, JsonObject body) {

  static IngestAnswer of(IngestOutcome outcome) {
    if (outcome instanceof IngestOutcome.Stored stored) {
      Appended appended = stored.appended();
      return new IngestAnswer(appended.duplicate() ? 200 : 201, new JsonObject()
          .put("eventId", appended.eventId())
          .put("duplicate", appended.duplicate()));
    }
    if (outcome instanceof IngestOutcome.Refused refused) {
      return problem(refusal(refused));
    }
    return problem(HttpProblem.of(503,
        "暂时无法保存 The event could not be stored right now; send it again with the same msgId."));
  }

  static IngestAnswer problem(JsonObject problem) {
    return new IngestAnswer(problem.getInteger("status"), problem);
  }

  boolean isProblem() {
    return status >= 400;
  }

  void send(RoutingContext ctx) {
    if (isProblem()) {
      HttpProblem.send(ctx, body);
    } else if (!ctx.response().closed()) {
      ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .end(body.encode());
    }
  }

  /** This answer as one entry of a batch's result list. */
  JsonObject asBatchItem(int index) {
    JsonObject item = new JsonObject().put("index", index).put("status", status);
    return isProblem() ? item.put("problem", body) : item.mergeIn(body);
  }

  private static JsonObject refusal(IngestOutcome.Refused refused) {
    return switch (refused.refusal()) {
      case TOPIC_INVALID -> HttpProblem.of(404, "未知的事件类型 Unknown event kind: " + refused.detail());
      case NOT_AUTHORIZED -> HttpProblem.of(403, "只能发送本设备的事件 " + refused.detail());
      case PAYLOAD_INVALID -> HttpProblem.of(400, "负载不符合约定 The payload breaks contract v1: "
              + refused.detail())
          .put("errors", errorsOf(refused.detail()));
    };
  }

  /**
   * The decoder's reasons ({@code "/field: reason; /a, /b: reason"}) as RFC 9457 error entries, each
   * with the JSON Pointer of the value it is about ({@code ""} for the whole payload), when it names one.
   */
  static JsonArray errorsOf(String detail) {
    JsonArray errors = new JsonArray();
    for (String reason : detail.split("; ")) {
      int colon = reason.indexOf(": ");
      String places = colon > 0 ? reason.substring(0, colon) : "";
      if (!places.startsWith("/") && !places.startsWith("#")) {
        errors.add(new JsonObject().put("detail", reason));
        continue;
      }
      for (String place : places.split(", ")) {
        String pointer = place.startsWith("#") ? place.substring(1) : place;
        errors.add(new JsonObject()
            .put("pointer", pointer.equals("/") ? "" : pointer)
            .put("detail", reason.substring(colon + 2)));
      }
    }
    return errors;
  }
}
