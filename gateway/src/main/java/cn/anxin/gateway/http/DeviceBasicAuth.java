package cn.anxin.gateway.http;

import cn.anxin.gateway.auth.AuthOutcome;
import cn.anxin.gateway.auth.DeviceAuthenticator;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the device behind a request: HTTP Basic with the device id and secret, checked
 * like an MQTT CONNECT. An unknown device is answered exactly like a wrong secret, so device ids
 * cannot be probed.
 */
final class DeviceBasicAuth implements Handler<RoutingContext> {

  /** Routing-context key of the authenticated device id. */
  static final String DEVICE = "anxin.device";

  private static final Logger LOG = LoggerFactory.getLogger(DeviceBasicAuth.class);
  private static final String REFUSED =
      "设备标识或密钥有误 Device id or secret not accepted; send HTTP Basic credentials: device id and secret.";

  private final DeviceAuthenticator authenticator;

  DeviceBasicAuth(DeviceAuthenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  static String device(RoutingContext ctx) {
    return ctx.get(DEVICE);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<BasicCredentials> credentials =
        BasicCredentials.parse(ctx.request().getHeader("Authorization"));
    String deviceId = credentials.map(BasicCredentials::user).orElse(null);
    String secret = credentials.map(BasicCredentials::password).orElse(null);
    authenticator.authenticate(deviceId, deviceId, secret).onComplete(result -> {
      if (result.failed()) {
        LOG.error("could not check HTTP credentials of {}: {}", deviceId, result.cause().toString());
        HttpProblem.send(ctx, 503, "暂时无法核验设备 Device credentials cannot be checked right now.");
        return;
      }
      AuthOutcome outcome = result.result();
      if (outcome == AuthOutcome.ACCEPTED) {
        ctx.put(DEVICE, deviceId);
        ctx.next();
      } else if (outcome == AuthOutcome.DISABLED) {
        LOG.warn("refused HTTP ingest of disabled device {}", deviceId);
        HttpProblem.send(ctx, 403, "设备已停用 This device has been disabled by an administrator.");
      } else {
        // MALFORMED, UNKNOWN_DEVICE, BAD_SECRET: one answer, so device ids cannot be probed.
        LOG.warn("refused HTTP ingest credentials from {}: {}", ctx.request().remoteAddress(), outcome);
        HttpProblem.send(ctx, 401, REFUSED);
      }
    });
  }
}
