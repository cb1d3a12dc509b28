package cn.anxin.gateway.family;

import java.util.regex.Pattern;

/**
 * The family app's side of the MQTT listener, contract v1: who is a family app, the one topic each
 * may subscribe to, and the event-bus addresses the platform's notifier and the gateway talk over
 * when they run in one process.
 *
 * <p>A family app connects with a client identifier {@code family@} followed by 20 lower-case
 * letters and digits (issued by the platform; {@code @} never occurs in a device id, so the two kinds
 * of connection cannot be confused), the same string as user name, and its secret as password. It
 * may subscribe only to {@link #topic(long)} of its own account, and publishes nothing.
 */
public final class FamilyPush {

  /** Client identifiers of family apps. */
  public static final Pattern CLIENT_ID = Pattern.compile("family@[a-z0-9]{20}");

  /**
   * Request to push to a family account's app: a JSON object {@code {"accountId": 7, "payload": "..."}};
   * the answer is {@code {"receipt": "..."}} once the app's PUBACK arrived, or a failure with code
   * {@link #NOT_SUBSCRIBED} (no app of the account is connected and subscribed here) or
   * {@link #LOST} (the connection ended before the PUBACK).
   */
  public static final String PUSH_ADDRESS = "anxin.family.push";
  /** Published (a JSON object with {@code accountId}) when a family app has just subscribed. */
  public static final String SUBSCRIBED_ADDRESS = "anxin.family.subscribed";
  /** Sent by the platform (a JSON object with {@code accountId}) when an account's app credential is revoked. */
  public static final String REVOKED_ADDRESS = "anxin.family.revoked";

  public static final int NOT_SUBSCRIBED = 404;
  public static final int LOST = 503;

  private static final String PREFIX = "anxin/v1/families/";
  private static final String SUFFIX = "/notifications";

  private FamilyPush() {}

  /** Whether a CONNECT comes from a family app rather than a device. */
  public static boolean isFamilyClient(String clientId) {
    return clientId != null && CLIENT_ID.matcher(clientId).matches();
  }

  /** The topic a family account's notifications are published on. */
  public static String topic(long accountId) {
    return PREFIX + accountId + SUFFIX;
  }

  /** Whether the account's app may subscribe to this filter: its own topic, exactly, no wildcards. */
  public static boolean maySubscribe(long accountId, String filter) {
    return topic(accountId).equals(filter);
  }
}
