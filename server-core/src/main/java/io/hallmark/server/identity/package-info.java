/**
 * Device identity over the whole life cycle: products, factory birth certificates (IDevID), the device record and
 * its states, enrollment of operational certificates (LDevID) over EST (RFC 7030), activation, quarantine,
 * decommission and resale.
 *
 * <p>{@link io.hallmark.server.identity.DeviceService} is the operators' entry, {@link
 * io.hallmark.server.identity.EnrollmentService} the devices'; both authorize, then have the organization's CA sign,
 * then store the result together with its audit entry. {@link io.hallmark.server.identity.CsrVerifier} is the pure
 * check of a certificate signing request.
 */
package io.hallmark.server.identity;
