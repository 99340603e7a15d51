package io.hallmark.server.assurance;

import io.hallmark.assurance.Assessment;
import io.hallmark.assurance.AssessmentTool;
import io.hallmark.assurance.Level;
import io.hallmark.assurance.StatementVerifier;
import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.core.Ids;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.identity.Product;
import io.hallmark.server.identity.ProductService;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.vault.KeyVault;
import io.hallmark.server.vault.VaultJwsSigner;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Trust labels: request, review, issue, revoke, read, and the public status.
 *
 * <p>Every change is authorized through {@link Guard} and written with its audit entry in one transaction. Signing
 * happens before that transaction (the vault records its own use). A label is valid for {@link #VALIDITY} from its
 * issue; its fleet integrity threshold is {@link #INTEGRITY_THRESHOLD_PERCENT} and its fix deadline for critical
 * vulnerabilities {@link #CRITICAL_FIX_DAYS} days.
 */
public final class LabelService {
    /** How long an issued label is valid. */
    public static final Duration VALIDITY = Duration.ofDays(730);
    /** The fleet integrity failure share above which a label is suspended, stated in each label. */
    public static final int INTEGRITY_THRESHOLD_PERCENT = 5;
    /**
     * How many days a critical vulnerability of the product may stay unfixed before its label is suspended, stated in
     * each label ({@code critical_fix_days}). The profile states no such deadline, so every label states this one.
     */
    public static final int CRITICAL_FIX_DAYS = 30;
    /** The largest profile accepted. */
    public static final int MAX_PROFILE_BYTES = 48 * 1024;

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final ProductService products;
    private final VaultJwsSigner signer;
    private final LabelSignals signals;
    private final Clock clock;
    private final Supplier<URI> publicBase;
    private final StatusCache cache = new StatusCache();

    /**
     * Creates the service.
     *
     * @param vault holds the label key ({@code label-signing}), made on first use
     * @param signals vulnerability and fleet integrity facts (a {@link PlatformLabelSignals})
     * @param publicBase the operator API's public base URL (e.g. {@code https://hallmark.example:8443}), read when a
     *     status URL is made
     */
    public LabelService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            ProductService products,
            KeyVault vault,
            LabelSignals signals,
            Clock clock,
            Supplier<URI> publicBase) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.products = Checks.notNull(products, "products");
        this.signer = new VaultJwsSigner(vault, "label-signing", "hallmark-label+jwt");
        this.signals = Checks.notNull(signals, "signals");
        this.clock = Checks.notNull(clock, "clock");
        this.publicBase = Checks.notNull(publicBase, "publicBase");
    }

    /**
     * Requests a label at {@code level} for the caller's product {@code productRef} (id or model), assessing
     * {@code profile} (YAML) with the assessment engine; the profile's referenced files are not sent, so evidence
     * they would give counts as missing.
     */
    public Label request(Caller caller, String productRef, String level, byte[] profile) {
        Level lvl = LabelRules.parseLevel(level);
        if (profile == null || profile.length == 0 || profile.length > MAX_PROFILE_BYTES) {
            throw new InvalidRequestException("profile: expected 1.." + MAX_PROFILE_BYTES + " bytes of YAML");
        }
        Product product = products.get(caller, null, productRef);
        guard.check(caller, Permission.LABEL_REQUEST, product.orgId(), "label.request", product.id());
        Organization maker = access.findOrganization(product.orgId())
                .orElseThrow(() -> new NotFoundException("no organization " + product.orgId()));
        if (!maker.kinds().contains(OrgKind.MANUFACTURER)) {
            throw new InvalidRequestException("org: " + maker.name() + " is not a manufacturer");
        }
        Assessment assessment = AssessmentTool.assess("profile.yaml", profile, Map.of(), StatementVerifier.jwsEs256());
        Label label = new Label(
                Ids.newId("lbl"),
                product.orgId(),
                product.id(),
                product.model(),
                product.name(),
                maker.name(),
                lvl,
                assessment.reached(),
                LabelState.REQUESTED,
                Hashes.hex(Hashes.sha256(profile)),
                AssessmentTool.json(assessment),
                INTEGRITY_THRESHOLD_PERCENT,
                caller.principal().userId(),
                clock.instant(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        tx.inTransaction(s -> {
            s.labels().insert(label);
            audit.record(
                    s,
                    caller.record(
                            "label.request",
                            Optional.of(label.orgId()),
                            label.id(),
                            Outcome.SUCCESS,
                            "level " + lvl + " for " + product.model() + "; assessment reached " + label.reached(),
                            Severity.INFO));
            return null;
        });
        return label;
    }

    /**
     * Records an assessor's decision. The caller holds {@code label-review} in an organization of kind
     * {@code assessor} other than the manufacturer.
     */
    public Label review(Caller caller, String labelId, boolean approve, String reason) {
        String why = LabelRules.checkReason(reason);
        Label label = find(labelId);
        String reviewerOrg = caller.principal().orgId();
        guard.check(caller, Permission.LABEL_REVIEW, reviewerOrg, "label.review", label.id());
        Organization org = assessorOrganization(caller)
                .orElseThrow(() -> denied(caller, "label.review", label.id(), "not an assessor organization"));
        LabelRules.checkReviewable(label, reviewerOrg);
        Label reviewed = label.withReview(
                new Label.Review(caller.principal().userId(), org.id(), org.name(), approve, why, clock.instant()));
        change(
                label,
                reviewed,
                caller.record(
                        "label.review",
                        Optional.of(label.orgId()),
                        label.id(),
                        Outcome.SUCCESS,
                        (approve ? "approved: " : "rejected: ") + why,
                        Severity.INFO));
        return reviewed;
    }

    /** Signs and publishes a label whose assessment reached its level (and, for L3/L4, that an assessor approved). */
    public Label issue(Caller caller, String labelId) {
        Label label = find(labelId);
        guard.check(caller, Permission.LABEL_ISSUE, label.orgId(), "label.issue", label.id());
        LabelRules.checkIssuable(label);
        Instant now = clock.instant();
        Instant expires = now.plus(VALIDITY);
        String jws = signer.sign(LabelClaims.of(label, now, expires, statusUrl(label.id()), signer.keyId()));
        Label issued = label.withIssue(new Label.Issue(jws, caller.principal().userId(), now, expires))
                .withLastStatus(LabelStatus.Status.VALID.wireName());
        change(
                label,
                issued,
                caller.record(
                        "label.issue",
                        Optional.of(label.orgId()),
                        label.id(),
                        Outcome.SUCCESS,
                        "level " + label.level() + ", expires " + expires + "; status valid",
                        Severity.INFO));
        return issued;
    }

    /** Revokes an issued label for good. */
    public Label revoke(Caller caller, String labelId, String reason) {
        String why = LabelRules.checkReason(reason);
        Label label = find(labelId);
        guard.check(caller, Permission.LABEL_REVOKE, label.orgId(), "label.revoke", label.id());
        LabelRules.checkRevocable(label);
        Label revoked = label.withRevocation(
                        new Label.Revocation(caller.principal().userId(), clock.instant(), why))
                .withLastStatus(LabelStatus.Status.REVOKED.wireName());
        change(
                label,
                revoked,
                caller.record(
                        "label.revoke",
                        Optional.of(label.orgId()),
                        label.id(),
                        Outcome.SUCCESS,
                        "status revoked: " + why,
                        Severity.WARNING));
        return revoked;
    }

    /** The labels of {@code orgRef} (the caller's organization when null). */
    public Page<Label> list(Caller caller, String orgRef, PageRequest page) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        Organization org =
                access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
        guard.check(caller, Permission.LABEL_READ, org.id(), "label.list", org.id());
        return tx.read(s -> s.labels().list(org.id(), page));
    }

    /** The requests of every manufacturer waiting for a review: for members of assessor organizations. */
    public Page<Label> awaitingReview(Caller caller, PageRequest page) {
        guard.check(caller, Permission.LABEL_REVIEW, caller.principal().orgId(), "label.list", "awaiting review");
        if (assessorOrganization(caller).isEmpty()) {
            throw denied(caller, "label.list", "awaiting review", "not an assessor organization");
        }
        return tx.read(s -> s.labels().listInState(LabelState.REQUESTED, page));
    }

    /** One label: for readers of its manufacturer, and for reviewers of assessor organizations. */
    public Label get(Caller caller, String labelId) {
        Label label = find(labelId);
        boolean reviewer = caller.principal().may(Permission.LABEL_REVIEW)
                && assessorOrganization(caller).isPresent();
        if (!reviewer) {
            guard.check(caller, Permission.LABEL_READ, label.orgId(), "label.read", label.id());
        }
        return label;
    }

    /**
     * The public status of an issued label, for anyone: empty when there is no issued label with this id. Answers
     * are cached per label for up to a minute and dropped when the label changes; a status that differs from the
     * one last recorded is audited ({@code label.status.change}) with its reasons.
     */
    public Optional<Verification> status(String labelId) {
        if (!Ids.isId(labelId, "lbl")) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Verification> cached = cache.find(labelId, now);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<Label> found =
                tx.read(s -> s.labels().findById(labelId)).filter(l -> l.issue().isPresent());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(evaluate(found.get(), now));
    }

    /**
     * Evaluates the status of every issued label now, so that a change (a vulnerability past its deadline, the fleet,
     * the end of support) is recorded and audited even when no one asks for it; returns how many labels it looked at.
     * The server runs this every minute.
     */
    public int refreshStatuses() {
        Instant now = clock.instant();
        int seen = 0;
        Optional<String> cursor = Optional.empty();
        do {
            PageRequest request = new PageRequest(cursor, PageRequest.MAX_LIMIT);
            Page<Label> page = tx.read(s -> s.labels().listInState(LabelState.ISSUED, request));
            for (Label l : page.items()) {
                evaluate(l, now);
                seen++;
            }
            cursor = page.next();
        } while (cursor.isPresent());
        return seen;
    }

    /** The status of an issued label now, recorded (and audited) when it changed, and cached. */
    private Verification evaluate(Label issued, Instant now) {
        Label label = issued;
        LabelStatus.Result result = LabelStatus.evaluate(
                label,
                new LabelStatus.Facts(
                        now,
                        products.supportUntil(label.productId()),
                        signals.criticalVulnerabilities(label.productId()),
                        Duration.ofDays(LabelClaims.criticalFixDays(
                                label.issue().orElseThrow().jws())),
                        signals.fleetIntegrity(label.productId())));
        String wire = result.status().wireName();
        if (!label.lastStatus().equals(Optional.of(wire))) {
            label = recordStatusChange(label, result);
        }
        Verification v = new Verification(
                label, result, signer.verifies(label.issue().get().jws()), statusUrl(label.id()), now);
        cache.put(v);
        return v;
    }

    /** The label public key (PEM, SubjectPublicKeyInfo) to verify labels offline. */
    public String publicKeyPem() {
        return signer.publicKeyPem();
    }

    /** Where the public status of {@code labelId} is: {@code <public base>/verify/<labelId>}. */
    public URI statusUrl(String labelId) {
        String base = publicBase.get().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/verify/" + labelId);
    }

    private Label recordStatusChange(Label label, LabelStatus.Result result) {
        Label changed = label.withLastStatus(result.status().wireName());
        String reasons = result.reasons().isEmpty()
                ? "nothing suspends it"
                : result.reasons().stream()
                        .map(r -> r.id() + ": " + r.message())
                        .collect(Collectors.joining("; "));
        AuditRecord r = new AuditRecord(
                "system",
                Optional.of(label.orgId()),
                "label.status.change",
                Optional.of(label.id()),
                Outcome.SUCCESS,
                Optional.of(label.lastStatus().orElse("none") + " -> "
                        + result.status().wireName() + ": " + reasons),
                Optional.empty(),
                result.status() == LabelStatus.Status.VALID ? Severity.INFO : Severity.WARNING,
                Optional.empty());
        boolean done = tx.inTransaction(s -> {
            if (!s.labels().update(changed, label.state())) {
                return false;
            }
            audit.record(s, r);
            return true;
        });
        // another writer came first: its change is the one recorded; this answer still reflects the facts now
        return done ? changed : label;
    }

    private void change(Label before, Label after, AuditRecord record) {
        tx.inTransaction(s -> {
            if (!s.labels().update(after, before.state())) {
                throw new ConflictException("label " + before.id() + " changed meanwhile; try again");
            }
            audit.record(s, record);
            return null;
        });
        cache.invalidate(before.id());
    }

    private Label find(String labelId) {
        if (!Ids.isId(labelId, "lbl")) {
            throw new NotFoundException("no label " + labelId);
        }
        return tx.read(s -> s.labels().findById(labelId))
                .orElseThrow(() -> new NotFoundException("no label " + labelId));
    }

    private Optional<Organization> assessorOrganization(Caller caller) {
        return access.findOrganization(caller.principal().orgId())
                .filter(o -> o.kinds().contains(OrgKind.ASSESSOR));
    }

    private RuntimeException denied(Caller caller, String action, String target, String reason) {
        guard.deny(caller, action, caller.principal().orgId(), target, reason);
        return new IllegalStateException("unreachable: deny throws");
    }
}
