package io.hallmark.protocol.v1;

import java.util.List;

/**
 * {@code POST /api/v1/factory/issue}: birth certificates (IDevID) for a batch of devices.
 *
 * @param org the manufacturer; the caller's organization when null
 * @param product the product's id or model
 * @param requests 1..1000 requests
 */
public record FactoryIssue(String org, String product, List<Request> requests) {
    /**
     * One device.
     *
     * @param csr the PKCS#10 request from the device's key, PEM or base64 DER
     * @param serial the serial; when null, the serialNumber of the request's subject
     */
    public record Request(String csr, String serial) {}
}
