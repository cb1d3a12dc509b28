package cn.anxin.gateway.decode;

/** A payload that does not meet the contract; the message says which rule it broke. */
public final class DecodeException extends Exception {

  public DecodeException(String reason) {
    super(reason, null, false, false);
  }
}
