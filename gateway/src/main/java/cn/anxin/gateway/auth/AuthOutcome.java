package cn.anxin.gateway.auth;

/** The answer to a device's CONNECT credentials. */
public enum AuthOutcome {
  ACCEPTED,
  /** No credentials, or the client identifier is not the device id in the user name. */
  MALFORMED,
  /** No device registered under that id. Answered like a wrong secret, so ids cannot be probed. */
  UNKNOWN_DEVICE,
  BAD_SECRET,
  /** Known device, right secret, but switched off by an administrator. */
  DISABLED
}
