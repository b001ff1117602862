package io.cosell.shared.sync.inbound;

import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataFilter;
import io.cosell.shared.crm.ODataQuery;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CRM's currency records by ISO 4217 code ({@code transactioncurrencies?$filter=isocurrencycode eq 'EUR'}).
 * Currencies found are remembered: their ids never change ({@code isocurrencycode} cannot be updated).
 */
final class CurrencyIds {

    private final DataverseClient crm;
    private final Map<String, UUID> known = new ConcurrentHashMap<>();

    CurrencyIds(DataverseClient crm) {
        this.crm = crm;
    }

    Optional<UUID> idOf(String isoCode) {
        String code = isoCode.strip().toUpperCase(Locale.ROOT);
        UUID id = known.get(code);
        if (id != null) {
            return Optional.of(id);
        }
        Optional<UUID> found = crm.query(EntitySet.TRANSACTION_CURRENCIES,
                        ODataQuery.select(EntitySet.TRANSACTION_CURRENCIES.primaryKey())
                                .filter(ODataFilter.eq("isocurrencycode", code)))
                .stream().findFirst().map(CrmRecord::id);
        found.ifPresent(currency -> known.put(code, currency));
        return found;
    }
}
