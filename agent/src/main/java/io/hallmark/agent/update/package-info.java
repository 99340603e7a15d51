/**
 * The device's update check: the TUF client workflow of {@code io.hallmark.protocol.tuf} against the manufacturer's
 * repository ({@link io.hallmark.agent.update.UpdateCheck}), and installation through an {@link
 * io.hallmark.agent.update.Installer}; {@link io.hallmark.agent.update.SimulatedInstaller} keeps A/B slots, runs a
 * self-test and stays on the previous slot when it fails, and never lets the version go down.
 */
package io.hallmark.agent.update;
