package io.hallmark.server.notify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** How a delivery reaches a receiver: an HTTPS POST (implemented outside the logic, with the JDK's client). */
public interface WebhookTransport {
    /**
     * Posts {@code body} to {@code url} with {@code headers}.
     *
     * @return the HTTP status
     * @throws IOException when the receiver cannot be reached
     */
    int post(URI url, Map<String, String> headers, byte[] body) throws IOException;

    /** The addresses of {@code host}. */
    List<InetAddress> resolve(String host) throws IOException;
}
