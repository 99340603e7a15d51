package io.hallmark.server.persistence;

import io.hallmark.server.access.BreakGlassStore;
import io.hallmark.server.access.OrganizationStore;
import io.hallmark.server.access.TokenStore;
import io.hallmark.server.access.UserStore;
import io.hallmark.server.assurance.LabelStore;
import io.hallmark.server.audit.AuditStore;
import io.hallmark.server.identity.DeviceCertificateStore;
import io.hallmark.server.identity.DeviceStore;
import io.hallmark.server.identity.IdentityPolicyStore;
import io.hallmark.server.identity.ProductStore;
import io.hallmark.server.identity.VoucherStore;
import io.hallmark.server.update.ReleaseStore;
import io.hallmark.server.update.TufStore;

/** The stores of one transaction. Only the feature that owns a store uses it; others call that feature's service. */
public interface Stores {
    /** Organizations (access). */
    OrganizationStore organizations();

    /** Users (access). */
    UserStore users();

    /** API tokens (access). */
    TokenStore tokens();

    /** Break-glass sessions (access). */
    BreakGlassStore breakGlass();

    /** The audit log and its checkpoints (audit). */
    AuditStore audit();

    /** Products (identity). */
    ProductStore products();

    /** Devices, their history and enrollment secrets (identity). */
    DeviceStore devices();

    /** Device certificates and their revocation state (identity). */
    DeviceCertificateStore deviceCertificates();

    /** Owners' identity policies (identity). */
    IdentityPolicyStore identityPolicies();

    /** Vouchers and trusted manufacturers (identity). */
    VoucherStore vouchers();

    /** Trust labels (assurance). */
    LabelStore labels();

    /** Firmware releases (update). */
    ReleaseStore releases();

    /** The manufacturers' TUF repositories (update). */
    TufStore tufRepositories();
}
