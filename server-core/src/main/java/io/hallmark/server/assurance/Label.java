package io.hallmark.server.assurance;

import io.hallmark.assurance.Level;
import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A trust label of one product, from request to revocation.
 *
 * @param id {@code lbl_...}
 * @param orgId the manufacturer
 * @param productId the product ({@code prd_...})
 * @param productModel the product's model, as at the request
 * @param productName the product's name, as at the request
 * @param manufacturer the manufacturer's name, as at the request
 * @param level the level requested
 * @param reached the level the assessment of the profile reached
 * @param state where the label stands in the workflow
 * @param profileSha256 SHA-256 (hex) of the profile's exact bytes
 * @param assessmentJson the assessment as the engine wrote it
 * @param integrityThresholdPercent the share of the fleet failing integrity checks above which the label is
 *     suspended, stated in the label
 * @param requestedBy the requesting user
 * @param requestedAt when it was requested
 * @param review the assessor's decision, if any
 * @param issue the signed label, once issued
 * @param revocation why and when it was revoked, if it was
 * @param lastStatus the live status last evaluated and recorded (wire name), empty before the first evaluation
 */
public record Label(
        String id,
        String orgId,
        String productId,
        String productModel,
        String productName,
        String manufacturer,
        Level level,
        Level reached,
        LabelState state,
        String profileSha256,
        String assessmentJson,
        int integrityThresholdPercent,
        String requestedBy,
        Instant requestedAt,
        Optional<Review> review,
        Optional<Issue> issue,
        Optional<Revocation> revocation,
        Optional<String> lastStatus) {

    /** Checks the fields. */
    public Label {
        Checks.notBlank(id, "id");
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(productId, "productId");
        Checks.notBlank(productModel, "productModel");
        Checks.notBlank(productName, "productName");
        Checks.notBlank(manufacturer, "manufacturer");
        Checks.notNull(level, "level");
        Checks.notNull(reached, "reached");
        Checks.notNull(state, "state");
        Checks.notBlank(profileSha256, "profileSha256");
        Checks.notBlank(assessmentJson, "assessmentJson");
        Checks.inRange(integrityThresholdPercent, 0, 100, "integrityThresholdPercent");
        Checks.notBlank(requestedBy, "requestedBy");
        Checks.notNull(requestedAt, "requestedAt");
        Checks.notNull(review, "review");
        Checks.notNull(issue, "issue");
        Checks.notNull(revocation, "revocation");
        Checks.notNull(lastStatus, "lastStatus");
    }

    /**
     * An assessor's decision on a request.
     *
     * @param reviewerId the assessor (user)
     * @param reviewerOrgId the assessor organization
     * @param reviewerOrgName its name, as signed into the label
     */
    public record Review(
            String reviewerId,
            String reviewerOrgId,
            String reviewerOrgName,
            boolean approved,
            String reason,
            Instant at) {
        /** Checks the fields. */
        public Review {
            Checks.notBlank(reviewerId, "reviewerId");
            Checks.notBlank(reviewerOrgId, "reviewerOrgId");
            Checks.notBlank(reviewerOrgName, "reviewerOrgName");
            Checks.notBlank(reason, "reason");
            Checks.notNull(at, "at");
        }
    }

    /**
     * The signed label.
     *
     * @param jws the compact JWS (RFC 7515 §7.1) of the label's claims
     */
    public record Issue(String jws, String issuedBy, Instant issuedAt, Instant expiresAt) {
        /** Checks the fields. */
        public Issue {
            Checks.notBlank(jws, "jws");
            Checks.notBlank(issuedBy, "issuedBy");
            Checks.notNull(issuedAt, "issuedAt");
            Checks.notNull(expiresAt, "expiresAt");
        }
    }

    /** Who revoked the label, when and why. */
    public record Revocation(String revokedBy, Instant at, String reason) {
        /** Checks the fields. */
        public Revocation {
            Checks.notBlank(revokedBy, "revokedBy");
            Checks.notNull(at, "at");
            Checks.notBlank(reason, "reason");
        }
    }

    /** This label in another workflow state. */
    Label withState(LabelState newState) {
        return new Label(
                id,
                orgId,
                productId,
                productModel,
                productName,
                manufacturer,
                level,
                reached,
                newState,
                profileSha256,
                assessmentJson,
                integrityThresholdPercent,
                requestedBy,
                requestedAt,
                review,
                issue,
                revocation,
                lastStatus);
    }

    /** This label with the assessor's decision. */
    Label withReview(Review r) {
        return new Label(
                id,
                orgId,
                productId,
                productModel,
                productName,
                manufacturer,
                level,
                reached,
                r.approved() ? LabelState.APPROVED : LabelState.REJECTED,
                profileSha256,
                assessmentJson,
                integrityThresholdPercent,
                requestedBy,
                requestedAt,
                Optional.of(r),
                issue,
                revocation,
                lastStatus);
    }

    /** This label, issued. */
    Label withIssue(Issue i) {
        return new Label(
                id,
                orgId,
                productId,
                productModel,
                productName,
                manufacturer,
                level,
                reached,
                LabelState.ISSUED,
                profileSha256,
                assessmentJson,
                integrityThresholdPercent,
                requestedBy,
                requestedAt,
                review,
                Optional.of(i),
                revocation,
                lastStatus);
    }

    /** This label, revoked. */
    Label withRevocation(Revocation r) {
        return new Label(
                id,
                orgId,
                productId,
                productModel,
                productName,
                manufacturer,
                level,
                reached,
                LabelState.REVOKED,
                profileSha256,
                assessmentJson,
                integrityThresholdPercent,
                requestedBy,
                requestedAt,
                review,
                issue,
                Optional.of(r),
                lastStatus);
    }

    /** This label with the live status last recorded. */
    Label withLastStatus(String status) {
        return new Label(
                id,
                orgId,
                productId,
                productModel,
                productName,
                manufacturer,
                level,
                reached,
                state,
                profileSha256,
                assessmentJson,
                integrityThresholdPercent,
                requestedBy,
                requestedAt,
                review,
                issue,
                revocation,
                Optional.of(status));
    }
}
