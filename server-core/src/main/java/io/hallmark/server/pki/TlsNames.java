package io.hallmark.server.pki;

import io.hallmark.core.Checks;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.util.IPAddress;

/**
 * The subject alternative names of a TLS server certificate (RFC 5280 §4.2.1.6): DNS names in lower case without a
 * trailing dot, and IP address literals; {@code localhost} and {@code 127.0.0.1} are always among them.
 */
record TlsNames(Set<String> dnsNames, Set<String> ipAddresses) {
    static final String LOCALHOST = "localhost";
    static final String LOOPBACK = "127.0.0.1";

    /** A host name (RFC 1123 §2.1) of letters, digits and hyphens; a leading {@code *.} makes a wildcard. */
    private static final Pattern DNS_NAME =
            Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    TlsNames {
        dnsNames = Set.copyOf(dnsNames);
        ipAddresses = Set.copyOf(ipAddresses);
    }

    /** Validates and normalises the names, adding {@code localhost} and {@code 127.0.0.1}. */
    static TlsNames of(List<String> dnsNames, List<String> ipAddresses) {
        Checks.notNull(dnsNames, "dnsNames");
        Checks.notNull(ipAddresses, "ipAddresses");
        Set<String> dns = new LinkedHashSet<>();
        dns.add(LOCALHOST);
        for (String name : dnsNames) {
            Checks.notNull(name, "dnsNames[]");
            String normal = name.strip().toLowerCase(Locale.ROOT);
            if (normal.endsWith(".")) {
                normal = normal.substring(0, normal.length() - 1);
            }
            Checks.check(
                    normal.length() <= 253 && DNS_NAME.matcher(normal).matches(),
                    "dnsNames[]",
                    "\"" + name + "\"",
                    "a host name such as hallmark.example.com");
            dns.add(normal);
        }
        Set<String> ips = new LinkedHashSet<>();
        ips.add(LOOPBACK);
        for (String address : ipAddresses) {
            Checks.notNull(address, "ipAddresses[]");
            String literal = address.strip();
            Checks.check(IPAddress.isValid(literal), "ipAddresses[]", "\"" + address + "\"", "an IPv4 or IPv6 literal");
            ips.add(literal);
        }
        return new TlsNames(dns, ips);
    }

    /** The names as a subjectAltName extension value. */
    GeneralNames toGeneralNames() {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.stream().sorted().forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        ipAddresses.stream().sorted().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return new GeneralNames(names.toArray(new GeneralName[0]));
    }

    /** Whether {@code certificate} names every DNS name and IP address here in its subjectAltName. */
    boolean areCoveredBy(X509Certificate certificate) {
        return comparable(sanOf(certificate)).containsAll(comparable(toGeneralNames()));
    }

    /** The names here that {@code certificate} lacks, for a log line. */
    Set<String> missingFrom(X509Certificate certificate) {
        Set<String> missing = comparable(toGeneralNames());
        missing.removeAll(comparable(sanOf(certificate)));
        return missing;
    }

    private static GeneralNames sanOf(X509Certificate certificate) {
        try {
            GeneralNames names = GeneralNames.fromExtensions(
                    new JcaX509CertificateHolder(certificate).getExtensions(), Extension.subjectAlternativeName);
            return names == null ? new GeneralNames(new GeneralName[0]) : names;
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }

    /** DNS names in lower case and IP addresses as hex octets, so that spelling differences do not matter. */
    private static Set<String> comparable(GeneralNames names) {
        Set<String> keys = new LinkedHashSet<>();
        for (GeneralName name : names.getNames()) {
            if (name.getTagNo() == GeneralName.dNSName) {
                keys.add("dns:"
                        + ASN1IA5String.getInstance(name.getName()).getString().toLowerCase(Locale.ROOT));
            } else if (name.getTagNo() == GeneralName.iPAddress) {
                keys.add("ip:"
                        + HexFormat.of()
                                .formatHex(ASN1OctetString.getInstance(name.getName())
                                        .getOctets()));
            }
        }
        return keys;
    }
}
