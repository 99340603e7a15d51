package io.hallmark.server.vuln;

import java.util.List;

/**
 * What an import read: the records accepted, and one message per record refused (the others are kept).
 *
 * @param accepted the records accepted
 * @param refused one line per refused record: which record, and why
 * @param <T> the record type
 */
public record ImportResult<T>(List<T> accepted, List<String> refused) {
    /** Copies the lists. */
    public ImportResult {
        accepted = List.copyOf(accepted);
        refused = List.copyOf(refused);
    }
}
