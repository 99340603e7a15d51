package io.hallmark.agent.update;

/**
 * Installs a verified firmware image. The image handed in has passed every TUF check; the installer decides how to
 * write it and whether the device runs it.
 */
public interface Installer {
    /** The firmware version the device runs now. */
    String currentVersion();

    /**
     * Installs {@code image} as {@code version} and reports what happened; never throws for a failed installation.
     */
    InstallResult install(String version, byte[] image);

    /**
     * The outcome of one installation.
     *
     * @param installed whether the device now runs the new version
     * @param runningVersion the version it runs afterwards
     * @param reason why it failed or was rolled back; empty when installed
     */
    record InstallResult(boolean installed, String runningVersion, String reason) {}
}
