package cn.anxin.platform.api.rest;

import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * Who is on the other end of a request, for the sign-in throttle and the access audit, and whether
 * the request reached us over TLS (for the session cookie's Secure flag). Behind a reverse proxy the
 * TCP peer is the proxy, so X-Forwarded-For and X-Forwarded-Proto are believed from the configured
 * proxies only: the client is the right-most address in X-Forwarded-For that is not a proxy.
 */
public final class ClientAddress implements Handler<RoutingContext> {

  private static final String ADDRESS = "anxin.client";
  private static final String SECURE = "anxin.secure";

  private final Set<String> trustedProxies;

  public ClientAddress(Set<String> trustedProxies) {
    this.trustedProxies = Set.copyOf(trustedProxies);
  }

  @Override
  public void handle(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String peer = remote == null ? "unknown" : remote.hostAddress();
    String client = peer;
    boolean secure = ctx.request().isSSL();
    if (trustedProxies.contains(peer)) {
      String forwarded = ctx.request().getHeader("X-Forwarded-For");
      if (forwarded != null) {
        List<String> hops = List.of(forwarded.split(","));
        for (int i = hops.size() - 1; i >= 0; i--) {
          String hop = hops.get(i).strip();
          if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
            client = hop;
            break;
          }
        }
      }
      secure = secure || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    }
    ctx.put(ADDRESS, client);
    ctx.put(SECURE, secure);
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    String known = ctx.get(ADDRESS);
    if (known != null) {
      return known;
    }
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null ? "unknown" : remote.hostAddress();
  }

  /** Whether the client reached us over TLS (directly, or through a trusted proxy). */
  public static boolean secure(RoutingContext ctx) {
    Boolean secure = ctx.get(SECURE);
    return secure != null ? secure : ctx.request().isSSL();
  }
}
