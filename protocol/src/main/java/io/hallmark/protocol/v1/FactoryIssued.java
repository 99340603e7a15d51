package io.hallmark.protocol.v1;

import java.util.List;

/**
 * The answer to {@code POST /api/v1/factory/issue}, in the order of the requests.
 *
 * @param chain the IDevID issuing CA then the root, PEM
 */
public record FactoryIssued(List<Item> devices, String chain) {
    /**
     * One issued birth certificate.
     *
     * @param certificate the device's certificate, PEM
     */
    public record Item(DeviceView device, String certificate) {}
}
