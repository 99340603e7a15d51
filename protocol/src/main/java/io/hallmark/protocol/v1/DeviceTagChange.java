package io.hallmark.protocol.v1;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code PATCH /api/v1/devices/{device}/tags}.
 *
 * @param add tags to set (name to value; an existing tag's value is replaced)
 * @param remove names of tags to remove
 */
public record DeviceTagChange(Map<String, String> add, List<String> remove) {}
