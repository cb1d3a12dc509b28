package cn.anxin.gateway.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Errors of the HTTP ingest as RFC 9457 problem details, titled in Chinese and English; the one
 * place its problems are written. No {@code instance} member: a refused login must read the same
 * whichever device it named.
 */
final class HttpProblem {

  static final String REALM = "anxin-ingest";
  static final int RETRY_AFTER_SECONDS = 5;

  private HttpProblem() {}

  static JsonObject of(int status, String detail) {
    return new JsonObject()
        .put("type", "about:blank")
        .put("title", titleFor(status))
        .put("status", status)
        .put("detail", detail);
  }

  static void send(RoutingContext ctx, int status, String detail) {
    send(ctx, of(status, detail));
  }

  /** Writes the problem with the headers its status calls for (a challenge, a retry time). */
  static void send(RoutingContext ctx, JsonObject problem) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    int status = problem.getInteger("status");
    if (status == 401) {
      response.putHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
    } else if (status == 405) {
      response.putHeader("Allow", "POST");
    } else if (status == 503) {
      response.putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    }
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json; charset=utf-8")
        .end(problem.encode());
  }

  private static String titleFor(int status) {
    return switch (status) {
      case 400 -> "请求有误 Bad Request";
      case 401 -> "未认证 Unauthorized";
      case 403 -> "禁止访问 Forbidden";
      case 404 -> "未找到 Not Found";
      case 405 -> "方法不允许 Method Not Allowed";
      case 413 -> "内容过大 Content Too Large";
      case 415 -> "不支持的媒体类型 Unsupported Media Type";
      case 503 -> "服务暂不可用 Service Unavailable";
      default -> status >= 500 ? "服务器内部错误 Internal Server Error" : "请求有误 Bad Request";
    };
  }
}
