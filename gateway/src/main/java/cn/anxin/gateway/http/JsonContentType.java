package cn.anxin.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** Lets a request on only when its body is declared {@code application/json} in UTF-8. */
final class JsonContentType {

  private JsonContentType() {}

  static void require(RoutingContext ctx) {
    if (accepts(ctx.request().getHeader("Content-Type"))) {
      ctx.next();
    } else {
      HttpProblem.send(ctx, 415,
          "请以 JSON 发送 Send the body as Content-Type: application/json (UTF-8).");
    }
  }

  /** {@code application/json}, with no charset or a UTF-8 one. */
  static boolean accepts(String header) {
    if (header == null) {
      return false;
    }
    String[] parts = header.split(";");
    if (!parts[0].strip().equalsIgnoreCase("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("charset=")) {
        String charset = parameter.substring("charset=".length()).replace("\"", "");
        if (!charset.equals("utf-8") && !charset.equals("utf8")) {
          return false;
        }
      }
    }
    return true;
  }
}
