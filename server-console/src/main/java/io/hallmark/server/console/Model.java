package io.hallmark.server.console;

import java.util.List;

/** What the console's templates show: plain, already formatted values (the templates escape them). */
public final class Model {
    private Model() {}

    /**
     * The frame of every signed-in page: who is signed in, the form token and which sections the role may see.
     *
     * @param active the navigation entry of this page
     */
    public record Frame(
            String title,
            String user,
            String org,
            String csrf,
            String active,
            boolean devices,
            boolean alerts,
            boolean audit) {}

    /** A label and a value. */
    public record Pair(String name, String value) {}

    /** The sign-in page. */
    public record Login(String csrf, String error, String notice) {}

    /** The second step of a sign-in: the TOTP code. */
    public record Code(String csrf, String error) {}

    /**
     * A new TOTP secret, shown once.
     *
     * @param size the QR symbol's width in modules, quiet zone included
     * @param qrPath the dark modules as an SVG path
     */
    public record Enrollment(String uri, String secret, int size, String qrPath) {}

    /** The signed-in user's own page. */
    public record Account(
            Frame frame, String name, String roles, String totp, Enrollment enrollment, String notice, String error) {}

    /** An error page; {@code frame} is null when nobody is signed in. */
    public record Error(Frame frame, int status, String message) {}

    /** The fleet overview. */
    public record Fleet(
            Frame frame,
            List<Pair> states,
            List<Pair> integrity,
            List<AlertRow> alerts,
            List<IncidentRow> incidents,
            boolean alertsShown) {}

    /** One device in a list. */
    public record DeviceRow(String id, String serial, String state, String owner, String updated) {}

    /** The device list. */
    public record Devices(
            Frame frame, String q, String state, List<String> states, List<DeviceRow> rows, String next, String note) {}

    /** One certificate of a device. */
    public record CertRow(String ca, String serial, String purpose, String notBefore, String notAfter, String status) {}

    /** One step of a device's life. */
    public record EventRow(String at, String action, String from, String to, String actor, String reason) {}

    /** The device page. */
    public record Device(
            Frame frame,
            DeviceRow device,
            List<Pair> identity,
            List<CertRow> certificates,
            List<EventRow> events,
            List<Pair> telemetry,
            List<AlertRow> alerts,
            boolean alertsShown,
            boolean canQuarantine,
            boolean canRelease) {}

    /** One behaviour alert. */
    public record AlertRow(
            String id,
            String serial,
            String deviceId,
            String finding,
            String severity,
            String state,
            String lastSeen,
            long count,
            boolean canTriage) {}

    /** One incident. */
    public record IncidentRow(
            String id,
            String kind,
            String subject,
            String severity,
            String state,
            String opened,
            long alerts,
            long devices,
            boolean canResolve) {}

    /** Alerts and incidents. */
    public record Alerts(Frame frame, String state, List<AlertRow> alerts, List<IncidentRow> incidents, String next) {}

    /** One audit entry. */
    public record AuditRow(
            long seq, String time, String actor, String action, String target, String outcome, String reason) {}

    /** The audit log. */
    public record Audit(
            Frame frame,
            String action,
            String actor,
            String outcome,
            List<AuditRow> rows,
            String next,
            String verification,
            boolean canVerify) {}
}
