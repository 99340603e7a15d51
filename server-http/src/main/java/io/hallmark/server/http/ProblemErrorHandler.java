package io.hallmark.server.http;

import io.hallmark.protocol.v1.Problem;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a request line or URI it cannot decode, a URI too long, a bad header) as RFC 9457 problem
 * documents instead of HTML pages, so that every answer of the server has the same shape.
 */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    public boolean errorPageForMethod(String method) {
        // every method gets a problem document, not only GET, POST and HEAD
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String id = RequestIds.newId();
        byte[] body = Json.encode(problem(code, path(request), id));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(RequestIds.HEADER, id);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String id = RequestIds.newId();
        fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        fields.put(RequestIds.HEADER, id);
        return ByteBuffer.wrap(Json.encode(problem(status, null, id)));
    }

    private static Problem problem(int status, String path, String id) {
        String detail =
                switch (status) {
                    case 400 -> "the request cannot be read (malformed request line, URI or header)";
                    case 404 -> "no such route";
                    case 413 -> "the body exceeds the limit of this endpoint";
                    case 414 -> "the URI is too long";
                    case 431 -> "the request headers are too large";
                    default -> status >= 500 ? "the server failed; quote the request id" : "the request was refused";
                };
        String type =
                switch (status) {
                    case 400 -> "bad-request";
                    case 404 -> "not-found";
                    case 413 -> "payload-too-large";
                    case 414 -> "uri-too-long";
                    case 431 -> "headers-too-large";
                    default -> status >= 500 ? "internal" : "client-error";
                };
        return new Problem(Problems.TYPE_BASE + type, title(status), status, detail, path, id);
    }

    private static String title(int status) {
        org.eclipse.jetty.http.HttpStatus.Code c = org.eclipse.jetty.http.HttpStatus.getCode(status);
        return c == null ? "Error" : c.getMessage();
    }

    private static String path(Request request) {
        try {
            return request.getHttpURI().getPath();
        } catch (RuntimeException e) {
            // the path is what could not be decoded
            return null;
        }
    }
}
