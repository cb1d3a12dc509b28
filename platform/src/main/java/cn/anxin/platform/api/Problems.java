package cn.anxin.platform.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Errors as RFC 9457 problem details; the one place HTTP failures are written. */
final class Problems {

  private Problems() {}

  static void send(RoutingContext ctx, int status, String title, String detail) {
    JsonObject body = new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", detail)
        .put("instance", ctx.request().path());
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json; charset=utf-8")
        .end(body.encode());
  }

  static void onFailure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return;
    }
    String title = switch (status) {
      case 404 -> "未找到 Not Found";
      case 405 -> "方法不允许 Method Not Allowed";
      case 503 -> "服务暂不可用 Service Unavailable";
      default -> status >= 500 ? "服务器内部错误 Internal Server Error" : "请求有误 Bad Request";
    };
    String detail = status >= 500 ? "请稍后重试 Please try again later." : title;
    send(ctx, status, title, detail);
  }
}
