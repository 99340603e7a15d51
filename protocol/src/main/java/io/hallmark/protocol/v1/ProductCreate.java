package io.hallmark.protocol.v1;

import java.time.LocalDate;

/**
 * {@code POST /api/v1/products}: a manufacturer's device model.
 *
 * @param org the manufacturer's id or name; the caller's organization when null
 * @param model the model identifier, unique within the manufacturer (1..64 letters, digits, '.', '-', '_')
 * @param name a name for people
 * @param supportUntil the last day of security support, if declared
 */
public record ProductCreate(String org, String model, String name, LocalDate supportUntil) {}
