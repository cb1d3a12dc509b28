package cn.anxin.platform.registry.accounts;

import cn.anxin.platform.access.Role;
import java.time.Instant;
import java.util.List;

/** An account as administrators see it: never its password or the password's hash. */
public record AccountView(long id, String username, String displayName, Role role, String phone, String email,
    String locale, boolean enabled, List<Long> siteIds, Instant createdAt, Instant passwordChangedAt,
    long activeSessions) {}
