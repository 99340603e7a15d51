package io.hallmark.assurance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A product profile as its YAML file states it (documented in {@code docs/assurance/README.md}, schema in
 * {@code docs/assurance/profile.schema.json}); field names are the snake_case of the component names.
 *
 * <p>Jackson binds the file to these records; unknown fields are refused there. Everything else (ids, ranges, catalog
 * references) is checked by {@link ProfileValidator}, which reports every problem with its line and column. Any
 * component may be {@code null} before validation.
 */
record Profile(
        Integer profileVersion,
        Product product,
        String targetLevel,
        List<Asset> assets,
        List<Interface> interfaces,
        List<Threat> threats,
        List<SecurityFunction> securityFunctions,
        List<CatalogClaims> catalogs,
        Map<String, Integer> securityLevelTarget,
        Privacy privacy,
        LifeCycle lifeCycle,
        Attestations attestations) {

    /** What the product is and where it is used. */
    record Product(
            String name,
            String manufacturer,
            String model,
            String firmwareVersion,
            String vertical,
            String craClass,
            String description) {}

    /** Something worth protecting, valued 1 (negligible) to 5 (severe) for each security property. */
    record Asset(String id, String description, AssetValue value) {}

    /** The harm a loss of each property would cause, 1 to 5. */
    record AssetValue(Integer confidentiality, Integer integrity, Integer availability) {}

    /** A way into the product. */
    record Interface(String id, String kind, String description, Boolean exposed) {}

    /** An attack path against assets through interfaces, rated with the five B.4 factors. */
    record Threat(
            String id,
            String title,
            String attackPath,
            List<String> targets,
            List<String> interfaces,
            Factors attackPotential,
            List<String> mitigations,
            String acceptance) {}

    /** The five factors of ISO/IEC 18045 B.4, as level ids of the attack potential catalog. */
    record Factors(
            String elapsedTime, String expertise, String knowledgeOfToe, String windowOfOpportunity, String equipment) {

        Map<String, String> asMap() {
            LinkedHashMap<String, String> m = new LinkedHashMap<>();
            m.put("elapsed_time", elapsedTime);
            m.put("expertise", expertise);
            m.put("knowledge_of_toe", knowledgeOfToe);
            m.put("window_of_opportunity", windowOfOpportunity);
            m.put("equipment", equipment);
            return m;
        }
    }

    /** A security function the product implements, with the files that show it. */
    record SecurityFunction(String id, String title, String description, List<Evidence> evidence) {}

    /** A file, relative to the profile's folder, and its SHA-256 in lower-case hex. */
    record Evidence(String file, String sha256) {}

    /** The claims made against one version of one catalog. */
    record CatalogClaims(String catalog, String version, List<Claim> claims) {}

    /** What the product claims for one catalog entry. */
    record Claim(String requirement, String status, String justification, List<String> functions) {}

    /** The privacy impact: personal data processed and the rights of the people it is about. */
    record Privacy(List<PersonalData> personalData, List<String> dataSubjectRights, String contact) {}

    /** One category of personal data, why it is processed and how long it is kept. */
    record PersonalData(String category, List<String> purposes, String retention, String legalBasis) {}

    /** Support, disclosure and update commitments over the product's life. */
    record LifeCycle(
            SupportPeriod supportPeriod,
            Disclosure vulnerabilityDisclosure,
            Evidence sbom,
            UpdateChannel updateChannel) {}

    /** The support period (CRA Art. 13(8), ETSI EN 303 645 5.3-13). */
    record SupportPeriod(String start, String end, String publishedAt) {}

    /** Where and how vulnerabilities are reported (ETSI EN 303 645 5.2-1, CRA Annex I Part II (5) and (6)). */
    record Disclosure(String contact, String policy) {}

    /** How updates reach the device and how they are signed (ETSI EN 303 645 5.3-10, CRA Annex I Part II (7)). */
    record UpdateChannel(Boolean signed, String algorithm, String description, Evidence evidence) {}

    /** The signed statements that levels L2 to L4 need. */
    record Attestations(Statement declaration, Statement assessorReview, Statement certification) {}

    /** A signed statement: who signs, the signature file (compact JWS) and the signer's public key (JWK). */
    record Statement(String signer, String signature, String key) {}
}
