package cn.anxin.platform.api.rest;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/** The client's address as the platform sees it (the peer of the TCP connection). */
public final class ClientAddress {

  private ClientAddress() {}

  public static String of(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null ? "unknown" : remote.hostAddress();
  }
}
