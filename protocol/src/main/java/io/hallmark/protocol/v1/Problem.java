package io.hallmark.protocol.v1;

/**
 * An error as RFC 9457 problem details ({@code application/problem+json}).
 *
 * @param type a URI naming the kind of problem ({@code https://hallmark.dev/problems/<name>})
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what is wrong with this request
 * @param instance the request path
 * @param requestId quote it when reporting the problem; the server log has the same id
 */
public record Problem(String type, String title, int status, String detail, String instance, String requestId) {}
