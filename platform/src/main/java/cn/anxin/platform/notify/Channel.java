package cn.anxin.platform.notify;

/**
 * How a notification travels. The family channels are the ones a contact chooses
 * ({@code elder_contact.channels}); {@link #WEBHOOK} is a site's own system. The constant names are
 * stored in {@code notification_outbox.channel}.
 */
public enum Channel {
  /** A text message through the configured SMS gateway. */
  SMS,
  /** An e-mail through the configured SMTP server. */
  EMAIL,
  /** A push to the family app over MQTT (the gateway's family topic, QoS 1, delivered on the app's PUBACK). */
  APP,
  /** A voice call: not built, so planned as skipped. */
  VOICE,
  /** A signed JSON POST to a site's webhook subscription. */
  WEBHOOK;

  /** Whether this process can send on the channel at all (whether it is configured is another matter). */
  public boolean isBuilt() {
    return this != VOICE;
  }

  /** The channel of a contact's channel name, or null for a name this version does not know. */
  public static Channel ofContact(String name) {
    for (Channel c : values()) {
      if (c != WEBHOOK && c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }
}
