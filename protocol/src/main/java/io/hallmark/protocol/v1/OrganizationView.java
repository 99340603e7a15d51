package io.hallmark.protocol.v1;

import java.time.Instant;
import java.util.List;

/** An organization as the API shows it. */
public record OrganizationView(String id, String name, List<String> kinds, Instant createdAt) {}
