package cn.anxin.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP ingest on a server of its own, for a process that runs the gateway without the platform. */
public final class HttpIngestServer {

  private static final Logger LOG = LoggerFactory.getLogger(HttpIngestServer.class);

  private HttpIngestServer() {}

  /** Serves the ingest under {@link HttpIngest#MOUNT_POINT}, as the platform's server would. */
  public static Future<HttpServer> listen(Vertx vertx, HttpIngest ingest, String host, int port) {
    Router root = Router.router(vertx);
    root.route(HttpIngest.MOUNT_POINT + "/*").subRouter(ingest.router());
    return vertx.createHttpServer()
        .requestHandler(root)
        .listen(port, host)
        .onSuccess(s -> LOG.info("HTTP ingest on http://{}:{}{}", host, s.actualPort(), HttpIngest.MOUNT_POINT));
  }
}
