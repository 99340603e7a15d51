package io.hallmark.server.http;

import io.hallmark.server.access.Permission;
import java.util.Set;

/**
 * One route of the operator API: what it is, who may call it, and how it is documented.
 *
 * @param method GET, POST, PATCH, DELETE
 * @param path Javalin/OpenAPI path with {@code {param}} placeholders
 * @param access {@link Access#PUBLIC} needs no token; otherwise a valid token and one of {@code anyOf}
 * @param anyOf the caller must hold at least one; empty means any authenticated user
 * @param operationId stable OpenAPI operation id
 * @param summary one line for the documentation
 * @param request the JSON body type, or null
 * @param response the JSON answer type (records), or null for none/non-JSON
 * @param responseMediaType media type of the success answer
 * @param status the success status
 * @param mutating whether the route changes state (and so writes an audit entry)
 */
public record RouteSpec(
        String method,
        String path,
        Access access,
        Set<Permission> anyOf,
        String operationId,
        String summary,
        Class<?> request,
        Class<?> response,
        Class<?> responseItem,
        String responseMediaType,
        int status,
        boolean mutating) {

    /** Who may call a route. */
    public enum Access {
        /** Anyone, without a token. */
        PUBLIC,
        /** A valid API token with one of the route's permissions. */
        TOKEN
    }

    /** Whether a caller with these permissions passes the route's role check (scope is checked separately). */
    public boolean isPublic() {
        return access == Access.PUBLIC;
    }
}
