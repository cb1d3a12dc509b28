package cn.anxin.platform.notify.channel;

import cn.anxin.gateway.family.FamilyPush;
import cn.anxin.platform.notify.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The family app over MQTT: hands the message to the gateway's family connections over the event
 * bus ({@link FamilyPush#PUSH_ADDRESS}) and waits for the app's PUBACK, which is the receipt. An app
 * that is not connected and subscribed defers the message without using an attempt: it is sent
 * when the app subscribes again ({@link FamilyPush#SUBSCRIBED_ADDRESS}). A connection that ends
 * before its PUBACK, or no PUBACK in time, is a failed attempt (the app drops a repeat by its
 * notification id). Needs the gateway in the same process.
 */
public final class AppSender implements Sender {

  /** How long a message waiting for an absent app goes without being looked at again. */
  public static final Duration RECHECK = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Duration timeout;

  public AppSender(Vertx vertx, Duration timeout) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public Channel channel() {
    return Channel.APP;
  }

  @Override
  public SendResult send(Outgoing message) throws Exception {
    JsonObject request = new JsonObject()
        .put("accountId", Long.parseLong(message.address()))
        .put("payload", message.body());
    try {
      Message<JsonObject> answer = vertx.eventBus().<JsonObject>request(FamilyPush.PUSH_ADDRESS, request,
              new DeliveryOptions().setSendTimeout(timeout.toMillis()).setLocalOnly(true))
          .toCompletionStage().toCompletableFuture().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      return SendResult.delivered(answer.body().getString("receipt"));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReplyException reply) {
        if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
          return SendResult.failed("no MQTT gateway in this process takes family apps");
        }
        if (reply.failureType() == ReplyFailure.TIMEOUT) {
          return SendResult.failed("no PUBACK from the family app within " + timeout.toSeconds() + " s");
        }
        if (reply.failureCode() == FamilyPush.NOT_SUBSCRIBED) {
          return new SendResult.Deferred("family app not connected", RECHECK);
        }
        return SendResult.failed("family app: " + reply.getMessage());
      }
      return SendResult.failed(String.valueOf(e.getCause()));
    } catch (TimeoutException e) {
      return SendResult.failed("no PUBACK from the family app within " + timeout.toSeconds() + " s");
    }
  }
}
