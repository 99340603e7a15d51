package io.hallmark.protocol.v1;

import java.util.List;

/**
 * {@code GET /api/v1/me}: who the token acts for.
 *
 * @param breakGlass the active break-glass session, if any
 */
public record MeView(
        String user, String name, String org, List<String> roles, boolean platformAdmin, String breakGlass) {}
