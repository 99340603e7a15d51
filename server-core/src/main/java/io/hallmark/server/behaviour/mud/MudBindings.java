package io.hallmark.server.behaviour.mud;

import io.hallmark.core.Checks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the MUD manager knows that a MUD file only names (RFC 8520 §3): which networks are local, which hosts are
 * controllers, which belong to a manufacturer or run a model. Hosts are IP literals or DNS names, compared
 * case-insensitively; a class with no hosts bound matches no contact.
 *
 * @param localNetworks prefixes for {@code local-networks}; {@link #defaults()} uses the private, link-local and
 *     unique-local ranges
 * @param myControllers hosts for {@code my-controller}
 * @param controllers hosts for {@code controller}, by controller URI
 * @param manufacturers hosts for {@code manufacturer}, by manufacturer domain
 * @param sameManufacturer hosts for {@code same-manufacturer}
 * @param models hosts for {@code model}, by MUD URL
 */
public record MudBindings(
        List<String> localNetworks,
        Set<String> myControllers,
        Map<String, Set<String>> controllers,
        Map<String, Set<String>> manufacturers,
        Set<String> sameManufacturer,
        Map<String, Set<String>> models) {
    /** Copies and checks: every local network must be an IPv4 or IPv6 prefix. */
    public MudBindings {
        localNetworks = List.copyOf(localNetworks);
        for (String n : localNetworks) {
            Checks.check(
                    IpPrefix.parsePrefix(n, 4) != null || IpPrefix.parsePrefix(n, 6) != null,
                    "localNetworks",
                    n,
                    "an IPv4 or IPv6 prefix");
        }
        myControllers = Set.copyOf(myControllers);
        controllers = Map.copyOf(controllers);
        manufacturers = Map.copyOf(manufacturers);
        sameManufacturer = Set.copyOf(sameManufacturer);
        models = Map.copyOf(models);
    }

    /** RFC 1918, 169.254.0.0/16 (RFC 3927), fc00::/7 (RFC 4193) and fe80::/10 as local; no hosts bound. */
    public static MudBindings defaults() {
        return new MudBindings(
                List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "fc00::/7", "fe80::/10"),
                Set.of(),
                Map.of(),
                Map.of(),
                Set.of(),
                Map.of());
    }

    /** These bindings with {@code hosts} as {@code my-controller}. */
    public MudBindings withMyControllers(Set<String> hosts) {
        return new MudBindings(localNetworks, hosts, controllers, manufacturers, sameManufacturer, models);
    }

    /** These bindings with {@code hosts} for the manufacturer {@code domain}. */
    public MudBindings withManufacturer(String domain, Set<String> hosts) {
        Map<String, Set<String>> m = new HashMap<>(manufacturers);
        m.put(domain, hosts);
        return new MudBindings(localNetworks, myControllers, controllers, m, sameManufacturer, models);
    }
}
