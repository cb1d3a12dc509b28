package cn.anxin.platform.privacy;

/**
 * An ID-card number as stored: AES-GCM ciphertext (nonce first) under the named key, the keyed
 * look-up hash, and the last four characters for masked display.
 */
public record SealedIdCard(byte[] cipher, String keyId, byte[] hash, String last4) {}
