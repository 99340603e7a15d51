package io.hallmark.protocol.telemetry;

import java.util.Optional;

/** Reports with an account check, for tests. */
final class AccountChecks {
    private AccountChecks() {}

    /** {@code r} as schema version 2 with {@code acc}. */
    static TelemetryReport with(TelemetryReport r, TelemetryReport.AccountCheck acc) {
        return new TelemetryReport(
                2,
                r.device(),
                r.seq(),
                r.start(),
                r.duration(),
                r.bytesOut(),
                r.bytesIn(),
                r.packetsOut(),
                r.packetsIn(),
                r.connAttempted(),
                r.connEstablished(),
                r.destinations(),
                r.listening(),
                r.authFailures(),
                r.cpu(),
                r.memKiB(),
                r.firmware(),
                r.uptime(),
                r.events(),
                Optional.of(acc));
    }
}
