package io.hallmark.protocol.v1;

import java.util.List;

/** The answer to {@code POST /api/v1/trust/manufacturers}: the certificates now trusted. */
public record TrustedManufacturers(List<TrustedManufacturerView> items) {}
