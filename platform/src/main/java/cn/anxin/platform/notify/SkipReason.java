package cn.anxin.platform.notify;

/** Why a notification was deliberately not sent; stored in {@code notification_outbox.skip_reason}. */
public enum SkipReason {
  /** The contact chose a channel this version cannot send on (voice calls, the family app). */
  CHANNEL_NOT_BUILT,
  /**
   * The channel needs an address the contact does not have (no phone for SMS, no e-mail; for the
   * app, no family account, or when sending, no live app credential of that account).
   */
  NO_ADDRESS,
  /** By the time of sending the contact no longer consents, or no longer uses the channel. */
  NO_CONSENT,
  /** The contact was removed (or the elder erased) before it was sent. */
  CONTACT_REMOVED,
  /** The webhook subscription was removed or switched off before it was sent. */
  WEBHOOK_REMOVED,
  /** The alert closed before the raise went out (held by quiet hours): the closing message says both. */
  SUPERSEDED,
  /** The account an escalation message was for was disabled before it was sent. */
  ACCOUNT_DISABLED
}
