package io.hallmark.protocol.v1;

import java.time.Instant;
import java.util.List;

/** A user as the API shows it (never the password hash). */
public record UserView(
        String id,
        String org,
        String name,
        List<String> roles,
        boolean hasPassword,
        boolean disabled,
        Instant createdAt) {}
