package cn.anxin.gateway.auth;

import java.util.Optional;

/** Looks up family apps' live credentials. Implementations may block; callers run them off the event loop. */
public interface FamilyAppDirectory {
  Optional<FamilyAppCredential> find(String clientId) throws Exception;

  /**
   * Replaces a live credential's stored secret hash, but only while it still is {@code oldHash}. The
   * default stores nothing.
   */
  default void replaceHash(String clientId, String oldHash, String newHash) throws Exception {}
}
