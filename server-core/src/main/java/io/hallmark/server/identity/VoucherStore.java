package io.hallmark.server.identity;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.util.List;

/** Persistence of vouchers and of the manufacturers owners trust. */
public interface VoucherStore {
    /**
     * Stores a voucher.
     *
     * @throws io.hallmark.server.persistence.ConflictException when the device already has a voucher with this nonce
     */
    void insert(VoucherRecord voucher);

    /** The vouchers of a device, oldest first. */
    List<VoucherRecord> forDevice(String deviceId);

    /** The vouchers {@code orgId} issued or holds, newest first by id. */
    Page<VoucherRecord> list(String orgId, PageRequest page);

    /** Adds a trusted manufacturer certificate; adding it again changes nothing. */
    void addTrusted(TrustedManufacturer manufacturer);

    /** The manufacturer certificates {@code orgId} trusts. */
    List<TrustedManufacturer> trusted(String orgId);

    /** Every trusted manufacturer certificate, of every owner. */
    List<TrustedManufacturer> allTrusted();
}
