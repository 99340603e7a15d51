package io.hallmark.server.pki;

import io.hallmark.core.Checks;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * The certificate profiles of device identity, each stated in one place: {@link Idevid} for the identity a
 * manufacturer installs (IEEE 802.1AR-2018 §8), {@link Ldevid} for the one an owner issues after enrollment.
 *
 * <p>Make one with {@link #idevid(String)} or {@link #ldevid(String, String)} and hand it to {@link
 * OrganizationCa#issue}. A profile decides the subject, the validity and the extensions of its purpose; the issuer
 * adds what every certificate below an organization's root carries: a random serial, the authority and subject key
 * identifiers (RFC 5280 §4.2.1.1, §4.2.1.2) and the issuing CA's CRL distribution point and OCSP address.
 */
public abstract sealed class DeviceProfile permits DeviceProfile.Idevid, DeviceProfile.Ldevid {
    /** The hardwareModuleName otherName of a subjectAltName (RFC 4108 §5). */
    public static final String HARDWARE_MODULE_NAME_OID = "1.3.6.1.5.5.7.8.4";
    /** The MASA URL certificate extension, id-pe-masa-url (RFC 8995 §2.3.2). */
    public static final String MASA_URL_OID = "1.3.6.1.5.5.7.1.32";
    /** An LDevID's validity unless {@link LdevidBuilder#validity} says otherwise. */
    public static final Duration DEFAULT_LDEVID_VALIDITY = Duration.ofDays(90);

    /** An X.520 serialNumber: a PrintableString of at most 64 characters (RFC 5280 Appendix A, ub-serial-number). */
    private static final Pattern PRINTABLE_SERIAL = Pattern.compile("[A-Za-z0-9 '()+,\\-./:=?]{1,64}");
    /** RFC 5280 Appendix A, ub-common-name. */
    private static final int MAX_COMMON_NAME = 64;
    /** A dotted object identifier with at least two arcs, as RFC 4108 §5 wants for hwType. */
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

    private final String serialNumber;

    private DeviceProfile(String serialNumber) {
        this.serialNumber = serialNumber;
    }

    /** Starts an IDevID profile for the device with the manufacturer's {@code serialNumber}. */
    public static IdevidBuilder idevid(String serialNumber) {
        return new IdevidBuilder(checkSerial(serialNumber));
    }

    /** Starts an LDevID profile for the device the owner names {@code serialNumber} and {@code commonName}. */
    public static LdevidBuilder ldevid(String serialNumber, String commonName) {
        return new LdevidBuilder(checkSerial(serialNumber), checkCommonName(commonName));
    }

    /** The issuing CA this profile's certificates come from. */
    public abstract OrganizationCa.Purpose purpose();

    /** The device's serial number, the subject's {@code serialNumber} attribute. */
    public String serialNumber() {
        return serialNumber;
    }

    /** The subject distinguished name. */
    abstract X500Name subject();

    /** When a certificate issued at {@code notBefore} by an issuer valid until {@code issuerNotAfter} expires. */
    abstract Instant notAfter(Instant notBefore, Instant issuerNotAfter);

    /** Adds the profile's own extensions for {@code subjectKey}. */
    abstract void addExtensions(X509v3CertificateBuilder builder, PublicKey subjectKey) throws CertIOException;

    /**
     * An Initial Device Identifier certificate (IEEE 802.1AR-2018 §8), installed by the manufacturer and kept for the
     * device's life.
     *
     * <ul>
     *   <li>subject {@code serialNumber=<SN>}, with a {@code CN} when given (§8.6);
     *   <li>subjectAltName with the otherName hardwareModuleName (RFC 4108 §5, §8.9): {@code SEQUENCE { hwType
     *       OBJECT IDENTIFIER, hwSerialNum OCTET STRING }}, the product's type OID and the serial number's ASCII
     *       octets;
     *   <li>{@code notAfter} 99991231235959Z, "no well-defined expiration date" (RFC 5280 §4.1.2.5, §8.5): a device
     *       identity must outlive any guess at the product's life, so it may outlive its issuing CA; relying parties
     *       validate it within the issuer's validity;
     *   <li>KeyUsage digitalSignature, plus keyAgreement for an EC key (critical); ExtendedKeyUsage clientAuth;
     *       BasicConstraints not a CA (critical);
     *   <li>the MASA URL extension (RFC 8995 §2.3.2, {@value #MASA_URL_OID}, non-critical), an IA5String {@code
     *       https} URI where a BRSKI registrar finds the manufacturer's authorizing service.
     * </ul>
     */
    public static final class Idevid extends DeviceProfile {
        /** 9999-12-31T23:59:59Z, the GeneralizedTime RFC 5280 §4.1.2.5 reserves for "no well-defined expiration". */
        static final Instant NO_WELL_DEFINED_EXPIRATION = Instant.parse("9999-12-31T23:59:59Z");

        private final Optional<String> commonName;
        private final ASN1ObjectIdentifier hardwareType;
        private final URI masaUrl;

        private Idevid(String serialNumber, Optional<String> commonName, String hardwareType, URI masaUrl) {
            super(serialNumber);
            this.commonName = commonName;
            this.hardwareType = new ASN1ObjectIdentifier(hardwareType);
            this.masaUrl = masaUrl;
        }

        @Override
        public OrganizationCa.Purpose purpose() {
            return OrganizationCa.Purpose.IDEVID;
        }

        /** The subject's common name, when given. */
        public Optional<String> commonName() {
            return commonName;
        }

        /** The hwType of the hardwareModuleName: the product's type OID in dotted form. */
        public String hardwareType() {
            return hardwareType.getId();
        }

        /** The MASA URL of RFC 8995 §2.3.2. */
        public URI masaUrl() {
            return masaUrl;
        }

        @Override
        X500Name subject() {
            X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
            commonName.ifPresent(cn -> name.addRDN(BCStyle.CN, cn));
            return name.addRDN(BCStyle.SERIALNUMBER, serialNumber()).build();
        }

        @Override
        Instant notAfter(Instant notBefore, Instant issuerNotAfter) {
            return NO_WELL_DEFINED_EXPIRATION;
        }

        @Override
        void addExtensions(X509v3CertificateBuilder builder, PublicKey subjectKey) throws CertIOException {
            ASN1Encodable hardwareModuleName = new DERSequence(new ASN1Encodable[] {
                hardwareType, new DEROctetString(serialNumber().getBytes(StandardCharsets.US_ASCII))
            });
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(
                            GeneralName.otherName,
                            new OtherName(new ASN1ObjectIdentifier(HARDWARE_MODULE_NAME_OID), hardwareModuleName))));
            int usage = KeyUsage.digitalSignature;
            if (subjectKey instanceof ECPublicKey) {
                usage |= KeyUsage.keyAgreement;
            }
            addEndEntity(builder, usage);
            builder.addExtension(
                    new ASN1ObjectIdentifier(MASA_URL_OID), false, new DERIA5String(masaUrl.toString(), true));
        }
    }

    /**
     * A Locally significant Device Identifier certificate (IEEE 802.1AR-2018 §8), issued by the device's owner after
     * enrollment and renewed while the device stays in service.
     *
     * <ul>
     *   <li>subject {@code CN=<common name>, serialNumber=<SN>} from the owner's naming;
     *   <li>valid {@link #DEFAULT_LDEVID_VALIDITY} unless set otherwise, never past its issuing CA (RFC 5280 §6.1.3);
     *   <li>KeyUsage digitalSignature (critical); ExtendedKeyUsage clientAuth; BasicConstraints not a CA (critical).
     * </ul>
     */
    public static final class Ldevid extends DeviceProfile {
        private final String commonName;
        private final Duration validity;

        private Ldevid(String serialNumber, String commonName, Duration validity) {
            super(serialNumber);
            this.commonName = commonName;
            this.validity = validity;
        }

        @Override
        public OrganizationCa.Purpose purpose() {
            return OrganizationCa.Purpose.LDEVID;
        }

        /** The subject's common name. */
        public String commonName() {
            return commonName;
        }

        /** How long a certificate of this profile is valid, unless its issuer expires sooner. */
        public Duration validity() {
            return validity;
        }

        @Override
        X500Name subject() {
            return new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, commonName)
                    .addRDN(BCStyle.SERIALNUMBER, serialNumber())
                    .build();
        }

        @Override
        Instant notAfter(Instant notBefore, Instant issuerNotAfter) {
            Instant wanted = notBefore.plus(validity);
            return wanted.isBefore(issuerNotAfter) ? wanted : issuerNotAfter;
        }

        @Override
        void addExtensions(X509v3CertificateBuilder builder, PublicKey subjectKey) throws CertIOException {
            addEndEntity(builder, KeyUsage.digitalSignature);
        }
    }

    /** Builds an {@link Idevid}; the hardware type and the MASA URL are required. */
    public static final class IdevidBuilder {
        private final String serialNumber;
        private Optional<String> commonName = Optional.empty();
        private String hardwareType;
        private URI masaUrl;

        private IdevidBuilder(String serialNumber) {
            this.serialNumber = serialNumber;
        }

        /** Adds a common name to the subject; by default the subject holds the serial number alone. */
        public IdevidBuilder commonName(String commonName) {
            this.commonName = Optional.of(checkCommonName(commonName));
            return this;
        }

        /** The product's type OID, e.g. {@code 1.3.6.1.4.1.99999.1.7}, the hwType of the hardwareModuleName. */
        public IdevidBuilder hardwareType(String oid) {
            Checks.notNull(oid, "hardwareType");
            Checks.check(
                    OID.matcher(oid).matches(),
                    "hardwareType",
                    "\"" + oid + "\"",
                    "a dotted OID such as 1.3.6.1.4.1.99999.1");
            this.hardwareType = oid;
            return this;
        }

        /** Where registrars find the manufacturer's MASA: an absolute {@code https} URI (RFC 8995 §2.3.2). */
        public IdevidBuilder masaUrl(URI masaUrl) {
            Checks.notNull(masaUrl, "masaUrl");
            Checks.check(
                    masaUrl.isAbsolute()
                            && "https".equals(masaUrl.getScheme().toLowerCase(Locale.ROOT))
                            && masaUrl.getHost() != null
                            && masaUrl.getRawFragment() == null
                            && masaUrl.toString().chars().allMatch(c -> c < 0x80),
                    "masaUrl",
                    masaUrl,
                    "an absolute ASCII https URI with a host and no fragment");
            this.masaUrl = masaUrl;
            return this;
        }

        /**
         * The profile.
         *
         * @throws IllegalStateException when the hardware type or the MASA URL is missing
         */
        public Idevid build() {
            Checks.checkState(hardwareType != null, "hardwareType", "missing", "the product's type OID");
            Checks.checkState(masaUrl != null, "masaUrl", "missing", "the manufacturer's MASA URL");
            return new Idevid(serialNumber, commonName, hardwareType, masaUrl);
        }
    }

    /** Builds an {@link Ldevid}; the validity defaults to {@link #DEFAULT_LDEVID_VALIDITY}. */
    public static final class LdevidBuilder {
        private final String serialNumber;
        private final String commonName;
        private Duration validity = DEFAULT_LDEVID_VALIDITY;

        private LdevidBuilder(String serialNumber, String commonName) {
            this.serialNumber = serialNumber;
            this.commonName = commonName;
        }

        /** How long the certificate is valid: at least a minute, by default {@link #DEFAULT_LDEVID_VALIDITY}. */
        public LdevidBuilder validity(Duration validity) {
            Checks.notNull(validity, "validity");
            Checks.check(validity.compareTo(Duration.ofMinutes(1)) >= 0, "validity", validity, ">= PT1M");
            this.validity = validity;
            return this;
        }

        /** The profile. */
        public Ldevid build() {
            return new Ldevid(serialNumber, commonName, validity);
        }
    }

    private static void addEndEntity(X509v3CertificateBuilder builder, int keyUsage) throws CertIOException {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    }

    private static String checkSerial(String serialNumber) {
        Checks.notNull(serialNumber, "serialNumber");
        Checks.check(
                PRINTABLE_SERIAL.matcher(serialNumber).matches(),
                "serialNumber",
                "\"" + serialNumber + "\"",
                "1 to 64 PrintableString characters: letters, digits, space and '()+,-./:=?");
        return serialNumber;
    }

    private static String checkCommonName(String commonName) {
        Checks.notBlank(commonName, "commonName");
        Checks.check(
                commonName.length() <= MAX_COMMON_NAME,
                "commonName",
                "\"" + commonName + "\"",
                "at most " + MAX_COMMON_NAME + " characters");
        return commonName;
    }
}
