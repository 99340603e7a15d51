package io.hallmark.server.console;

import io.hallmark.server.fleetstats.DayCount;
import io.hallmark.server.fleetstats.FleetHistoryService;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bar charts of the fleet's recent days, drawn on the server as inline SVG (SVG 1.1 §5.4: {@code title} and {@code
 * desc} give the accessible name and description): no script, and the numbers are also in each bar's own title and
 * in the chart's description.
 */
final class Charts {
    static final int DAYS = 14;
    private static final int LEFT = 34;
    private static final int STEP = 20;
    private static final int BAR = 14;
    private static final int TOP = 8;
    private static final int PLOT = 90;

    private Charts() {}

    static List<Model.Chart> of(FleetHistoryService.History h) {
        List<Model.Chart> charts = new ArrayList<>();
        h.added()
                .ifPresent(c -> charts.add(chart(
                        "chart-added", "Devices added per day", h, c, List.of("added"), Map.of("added", "c-added"))));
        h.attestations()
                .ifPresent(c -> charts.add(chart(
                        "chart-integrity",
                        "Attestation results per day",
                        h,
                        c,
                        List.of("affirming", "warning", "contraindicated", "none"),
                        Map.of(
                                "affirming", "c-good",
                                "warning", "c-warn",
                                "contraindicated", "c-bad",
                                "none", "c-none"))));
        h.alerts()
                .ifPresent(c -> charts.add(chart(
                        "chart-alerts",
                        "Behaviour alerts opened per day",
                        h,
                        c,
                        List.of("alerts"),
                        Map.of("alerts", "c-bad"))));
        return charts;
    }

    static Model.Chart chart(
            String id,
            String title,
            FleetHistoryService.History h,
            List<DayCount> counts,
            List<String> series,
            Map<String, String> classes) {
        int days = (int) (h.lastDay() - h.firstDay() + 1);
        long[][] v = new long[days][series.size()];
        for (DayCount c : counts) {
            int d = (int) (c.day() - h.firstDay());
            int s = series.indexOf(c.series());
            if (d >= 0 && d < days && s >= 0) {
                v[d][s] += c.count();
            }
        }
        long max = 1;
        long total = 0;
        long peak = 0;
        int peakDay = 0;
        for (int d = 0; d < days; d++) {
            long sum = 0;
            for (long x : v[d]) {
                sum += x;
            }
            total += sum;
            max = Math.max(max, sum);
            if (sum > peak) {
                peak = sum;
                peakDay = d;
            }
        }
        List<Model.Bar> bars = new ArrayList<>();
        Map<String, Long> perSeries = new LinkedHashMap<>();
        for (int d = 0; d < days; d++) {
            double y = TOP + PLOT;
            String date = day(h.firstDay() + d);
            for (int s = 0; s < series.size(); s++) {
                perSeries.merge(series.get(s), v[d][s], Long::sum);
                if (v[d][s] == 0) {
                    continue;
                }
                double height = Math.max(1.0, PLOT * (double) v[d][s] / max);
                y -= height;
                bars.add(new Model.Bar(
                        LEFT + d * STEP,
                        fmt(y),
                        BAR,
                        fmt(height),
                        classes.get(series.get(s)),
                        date + ": " + v[d][s] + " " + series.get(s)));
            }
        }
        List<Model.Pair> legend = new ArrayList<>();
        perSeries.forEach((k, n) -> legend.add(new Model.Pair(classes.get(k), k + " " + n)));
        String desc = days + " days from " + day(h.firstDay()) + " to " + day(h.lastDay()) + ": " + total + " in all ("
                + String.join(", ", legend.stream().map(Model.Pair::value).toList()) + ")"
                + (peak > 0 ? "; most on " + day(h.firstDay() + peakDay) + " (" + peak + ")." : ".");
        return new Model.Chart(
                id,
                title,
                desc,
                LEFT + days * STEP,
                TOP + PLOT + 16,
                TOP + PLOT,
                Long.toString(max),
                day(h.firstDay()).substring(5),
                day(h.lastDay()).substring(5),
                LEFT + (days - 1) * STEP,
                bars,
                legend);
    }

    private static String day(long epochDay) {
        return LocalDate.ofEpochDay(epochDay).toString();
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d);
    }
}
