/**
 * Cyber Resilience Act reporting (Regulation (EU) 2024/2847, Art. 14): cases opened for an actively exploited
 * vulnerability or a severe incident, their three deadlines ({@link io.hallmark.server.cra.Deadlines}), reports
 * drafted from what the platform knows ({@link io.hallmark.server.cra.ReportDrafter}), submissions recorded once, and
 * deadline reminders published as security events ({@link io.hallmark.server.cra.CraService#remind()}).
 */
package io.hallmark.server.cra;
