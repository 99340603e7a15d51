package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.protocol.v1.DeviceAction;
import io.hallmark.protocol.v1.DeviceAdd;
import io.hallmark.protocol.v1.DeviceTagChange;
import io.hallmark.protocol.v1.DeviceView;
import io.hallmark.protocol.v1.EnrollmentPolicyView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark device ...}: devices and their life cycle. */
@Command(
        name = "device",
        mixinStandardHelpOptions = true,
        description = "Devices: add, list, show, approve, quarantine, release, decommission, transfer, tag.",
        subcommands = {
            DeviceCommand.Add.class,
            DeviceCommand.ListAll.class,
            DeviceCommand.Show.class,
            DeviceCommand.Approve.class,
            DeviceCommand.Quarantine.class,
            DeviceCommand.Release.class,
            DeviceCommand.Decommission.class,
            DeviceCommand.Transfer.class,
            DeviceCommand.Policy.class,
            DeviceCommand.Tag.class
        })
final class DeviceCommand extends GroupCommand {
    static final String PATH = "/api/v1/devices";

    static final Table TABLE = Table.of(DeviceView.class)
            .column("ID", "id")
            .column("SERIAL", "serial")
            .column("STATE", "state")
            .column("OWNER", "owner")
            .column("MANUFACTURER", "manufacturer")
            .column("PRODUCT", "product")
            .column("UPDATED", "updatedAt");

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Add a device without a birth certificate; prints its one-time EST enrollment secret once.")
    static final class Add extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The owner (default: your organization).")
        String org;

        @Option(names = "--serial", required = true, paramLabel = "SN", description = "The device's serial number.")
        String serial;

        @Option(names = "--product", paramLabel = "ID", description = "The product's id.")
        String product;

        @Option(
                names = "--ttl-minutes",
                paramLabel = "N",
                description = "How long the secret is valid (default 7 days, at most 90 days).")
        Long ttlMinutes;

        @Override
        int execute() {
            ApiClient.Answer a = client().post(PATH, new DeviceAdd(org, serial, product, ttlMinutes));
            if (json) {
                printRaw(a.body());
                return 0;
            }
            JsonNode added = Json.read(a.body());
            out().println("added device " + added.at("/device/serial").asText() + " ("
                    + added.at("/device/id").asText() + "), state "
                    + added.at("/device/state").asText());
            out().println("one-time EST enrollment secret (shown once; HTTP Basic user " + serial + "):");
            out().println(added.get("enrollmentSecret").asText());
            out().println("expires " + added.get("expiresAt").asText());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List devices.")
    static final class ListAll extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "Owner or manufacturer (default: yours).")
        String org;

        @Option(names = "--state", paramLabel = "STATE", description = "Only devices in this state.")
        String state;

        @Option(
                names = "--integrity",
                paramLabel = "STATUS",
                description = "Only devices of this live integrity: affirming, warning, contraindicated or unknown.")
        String integrity;

        @Option(names = "--product", paramLabel = "PRODUCT", description = "Only devices of this product (its id).")
        String product;

        @Option(
                names = "--firmware",
                paramLabel = "VERSION",
                description = "Only devices that last reported this firmware version.")
        String firmware;

        @Option(names = "--tag", paramLabel = "NAME=VALUE", description = "Only devices carrying this tag.")
        String tag;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(
                    PATH,
                    params(
                            "org",
                            org,
                            "state",
                            state,
                            "integrity",
                            integrity,
                            "product",
                            product,
                            "firmware",
                            firmware,
                            "tag",
                            tag),
                    paging,
                    TABLE);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A device, its certificates and history.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "SN|ID", description = "The device's serial or id.")
        String ref;

        @Override
        int execute() {
            ApiClient.Answer a = client().get(PATH + "/" + ApiClient.segment(ref));
            if (json) {
                printRaw(a.body());
                return 0;
            }
            JsonNode detail = Json.read(a.body());
            TABLE.printDetails(out(), detail.get("device"));
            out().println();
            out().println("certificates:");
            for (JsonNode c : detail.get("certificates")) {
                out().println("  " + c.get("purpose").asText() + " "
                        + c.get("serialNumber").asText() + " "
                        + c.get("status").asText()
                        + (c.hasNonNull("reason") ? " (" + c.get("reason").asText() + ")" : "") + ", until "
                        + c.get("notAfter").asText());
            }
            out().println("history:");
            for (JsonNode e : detail.get("events")) {
                out().println("  " + e.get("at").asText() + "  "
                        + e.get("action").asText() + "  "
                        + (e.hasNonNull("from") ? e.get("from").asText() + " -> " : "")
                        + e.get("to").asText()
                        + "  by " + e.get("actor").asText()
                        + (e.hasNonNull("reason")
                                ? "  (" + Table.clean(e.get("reason").asText()) + ")"
                                : ""));
            }
            return 0;
        }
    }

    @Command(
            name = "tag",
            mixinStandardHelpOptions = true,
            description = "Show a device's tags and reported firmware; with --add or --remove, change the tags.")
    static final class Tag extends ApiCommand {
        @Parameters(index = "0", paramLabel = "SN|ID", description = "The device's serial or id.")
        String ref;

        @Option(names = "--add", paramLabel = "NAME=VALUE", description = "Set a tag (repeatable).")
        java.util.Map<String, String> add;

        @Option(names = "--remove", paramLabel = "NAME", description = "Remove a tag (repeatable).")
        java.util.List<String> remove;

        @Override
        int execute() {
            String path = PATH + "/" + ApiClient.segment(ref) + "/tags";
            ApiClient.Answer a = add == null && remove == null
                    ? client().get(path)
                    : client().patch(path, new DeviceTagChange(add, remove));
            if (json) {
                printRaw(a.body());
                return 0;
            }
            JsonNode t = Json.read(a.body());
            out().println("device " + t.get("serial").asText() + " ("
                    + t.get("device").asText() + ")");
            out().println("firmware: "
                    + (t.hasNonNull("firmwareVersion")
                            ? t.get("firmwareVersion").asText()
                            : "not reported"));
            out().println("tags:");
            t.get("tags").fields().forEachRemaining(e -> out().println(
                            "  " + e.getKey() + "=" + Table.clean(e.getValue().asText())));
            return 0;
        }
    }

    /** One life-cycle act on a device. */
    abstract static class Act extends ApiCommand {
        @Parameters(index = "0", paramLabel = "SN|ID", description = "The device's serial or id.")
        String ref;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in the audit log).")
        String reason;

        abstract String verb();

        boolean reasonRequired() {
            return true;
        }

        @Override
        int execute() {
            if (reasonRequired() && (reason == null || reason.isBlank())) {
                throw usage("--reason: required");
            }
            ApiClient.Answer a =
                    client().post(PATH + "/" + ApiClient.segment(ref) + "/" + verb(), new DeviceAction(reason));
            if (!json) {
                out().println(verb() + ": done");
            }
            printOne(a, TABLE);
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a device's activation.")
    static final class Approve extends Act {
        @Override
        String verb() {
            return "approve";
        }

        @Override
        boolean reasonRequired() {
            return false;
        }
    }

    @Command(
            name = "quarantine",
            mixinStandardHelpOptions = true,
            description = "Quarantine a device: its certificates are held and device endpoints refuse it.")
    static final class Quarantine extends Act {
        @Override
        String verb() {
            return "quarantine";
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release a device from quarantine.")
    static final class Release extends Act {
        @Override
        String verb() {
            return "release";
        }
    }

    @Command(
            name = "decommission",
            mixinStandardHelpOptions = true,
            description = "Decommission a device for good: every certificate of it is revoked.")
    static final class Decommission extends Act {
        @Override
        String verb() {
            return "decommission";
        }
    }

    @Command(
            name = "transfer",
            mixinStandardHelpOptions = true,
            description = "Resale: revoke your credentials of the device and hand it back to its manufacturer.")
    static final class Transfer extends Act {
        @Override
        String verb() {
            return "transfer";
        }
    }

    @Command(
            name = "policy",
            mixinStandardHelpOptions = true,
            description = "Show or set how enrolled devices become active: auto, approval or attested.")
    static final class Policy extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The owner (default: your organization).")
        String org;

        @Option(
                names = "--activation",
                paramLabel = "auto|approval|attested",
                description = "Set the activation policy (attested: active after an affirming attestation).")
        String activation;

        @Override
        int execute() {
            String o = org != null
                    ? org
                    : Json.read(client().get("/api/v1/me").body()).get("org").asText();
            String path = "/api/v1/organizations/" + ApiClient.segment(o) + "/enrollment-policy";
            ApiClient.Answer a =
                    activation == null ? client().get(path) : client().put(path, new EnrollmentPolicyView(activation));
            if (json) {
                printRaw(a.body());
            } else {
                out().println("activation: "
                        + Json.read(a.body()).get("activation").asText());
            }
            return 0;
        }
    }
}
