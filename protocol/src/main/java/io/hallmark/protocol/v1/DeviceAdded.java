package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * A device added with its one-time enrollment secret, shown this once: HTTP Basic password for EST (RFC 7030
 * §3.2.3), with the serial as user name.
 */
public record DeviceAdded(DeviceView device, String enrollmentSecret, Instant expiresAt) {
    @Override
    public String toString() {
        return "DeviceAdded[device=" + device + ", enrollmentSecret=***]";
    }
}
