/**
 * Fleet history for the console's charts: per-day counts of devices added, attestation results by status and
 * behaviour alerts opened, each one grouped query over an index of the organization and the time.
 */
package io.hallmark.server.fleetstats;
