package cn.anxin.gateway.auth;

import java.util.Optional;

/** Looks up family apps' live credentials. Implementations may block; callers run them off the event loop. */
public interface FamilyAppDirectory {
  Optional<FamilyAppCredential> find(String clientId) throws Exception;
}
