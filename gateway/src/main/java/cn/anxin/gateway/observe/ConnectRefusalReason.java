package cn.anxin.gateway.observe;

import cn.anxin.gateway.auth.AuthOutcome;

/** Why a CONNECT was refused: the {@code reason} of {@code anxin.gateway.connect.refusals}. */
public enum ConnectRefusalReason {
  /** The CONNECT lacked a usable client id or credential. */
  MALFORMED,
  /** No device has that id. */
  UNKNOWN_DEVICE,
  /** The secret or certificate did not match the device. */
  BAD_SECRET,
  /** The device is registered but switched off. */
  DISABLED,
  /** The gateway holds as many connections as it may. */
  GATEWAY_FULL,
  /** The device's site holds as many connections as it may. */
  SITE_FULL,
  /** The device registry could not be asked. */
  REGISTRY_UNAVAILABLE,
  /** A refusal counted without a reason. */
  UNSPECIFIED;

  /** The reason for an authentication verdict other than accepted. */
  public static ConnectRefusalReason of(AuthOutcome outcome) {
    return switch (outcome) {
      case ACCEPTED -> throw new IllegalArgumentException("not a refusal");
      case MALFORMED -> MALFORMED;
      case UNKNOWN_DEVICE -> UNKNOWN_DEVICE;
      case BAD_SECRET -> BAD_SECRET;
      case DISABLED -> DISABLED;
    };
  }
}
