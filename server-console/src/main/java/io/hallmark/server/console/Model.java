package io.hallmark.server.console;

import java.util.List;

/** What the console's templates show: plain, already formatted values (the templates escape them). */
public final class Model {
    private Model() {}

    /**
     * The frame of every signed-in page: who is signed in, the form token and which sections the role may see.
     *
     * @param active the navigation entry of this page
     * @param breakGlass the banner while someone in the organization holds break-glass rights, else null
     */
    public record Frame(
            String title,
            String user,
            String org,
            String csrf,
            String active,
            boolean devices,
            boolean alerts,
            boolean audit,
            boolean rollouts,
            boolean products,
            boolean organization,
            String breakGlass) {}

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
            boolean alertsShown,
            List<Chart> charts,
            boolean rolloutsShown,
            List<RolloutBar> rollouts) {}

    /** A rollout in progress (running or paused) on the fleet page: its release, state and progress bar. */
    public record RolloutBar(
            String id,
            String release,
            String state,
            long total,
            long installed,
            long failed,
            int installedPct,
            int failedPct) {}

    /** One device in a list. */
    public record DeviceRow(String id, String serial, String state, String owner, String updated) {}

    /** The device list. */
    public record Devices(
            Frame frame,
            String q,
            DeviceFilter filter,
            List<String> states,
            List<String> integrities,
            List<DeviceRow> rows,
            String next,
            String note) {}

    /** The device list's filter as the form shows it: each value as given, or null. */
    public record DeviceFilter(String state, String integrity, String product, String firmware, String tag) {}

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
    public record Alerts(
            Frame frame,
            String state,
            List<AlertRow> alerts,
            List<IncidentRow> incidents,
            String next,
            List<SuppressionRow> suppressions) {}

    /** A suppression of alerts in force: a kind of finding accepted for a device, product or organization. */
    public record SuppressionRow(
            String id, String kind, String scope, String target, String reason, String expires, boolean canLift) {}

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

    /** One user of the organization. */
    public record UserRow(String id, String name, String roles, String status, String totp, boolean canDisableTotp) {}

    /** One API token of the signed-in user (never its secret). */
    public record TokenRow(String id, String name, String created, String expires, String status) {}

    /** One break-glass session. */
    public record BreakGlassRow(
            String id, String user, String reason, String started, String expires, String state, String review) {}

    /** The organization page. */
    public record Organization(
            Frame frame,
            List<UserRow> users,
            boolean usersShown,
            List<TokenRow> tokens,
            List<BreakGlassRow> breakGlass,
            boolean breakGlassShown) {}

    /** One wave of a rollout: how far it is released. */
    public record WaveRow(String name, long devices, boolean released, boolean current) {}

    /** One rollout, with its progress. */
    public record RolloutRow(
            String id,
            String release,
            String product,
            String state,
            String stateReason,
            long total,
            long installed,
            long failed,
            int installedPct,
            int failedPct,
            List<WaveRow> waves,
            List<Pair> devices,
            List<Pair> failures,
            boolean canPause,
            boolean canResume) {}

    /** Rollouts. */
    public record Rollouts(Frame frame, List<RolloutRow> rollouts, String next) {}

    /** One product. */
    public record ProductRow(String id, String model, String name, String supportUntil) {}

    /** One trust label with its assessment. */
    public record LabelRow(
            String id,
            String product,
            String level,
            String reached,
            String state,
            String status,
            boolean issued,
            String assessment) {}

    /** Products and labels. */
    public record Products(
            Frame frame,
            List<ProductRow> products,
            boolean productsShown,
            List<LabelRow> labels,
            boolean labelsShown) {}

    /** One bar (or one part of a stacked bar) of a chart; {@code label} is its accessible title. */
    public record Bar(int x, String y, int width, String height, String cls, String label) {}

    /**
     * A bar chart drawn as inline SVG.
     *
     * @param baseline the y of the axis
     * @param max the largest day's total (the top of the scale)
     * @param lastX the x of the last day's bar
     * @param legend each series' CSS class and its total
     */
    public record Chart(
            String id,
            String title,
            String desc,
            int width,
            int height,
            int baseline,
            String max,
            String firstLabel,
            String lastLabel,
            int lastX,
            List<Bar> bars,
            List<Pair> legend) {}
}
