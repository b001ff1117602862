package io.cosell.shared.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An opportunity as the CRM → Partner Center sync reads it: the row and the rows it refers to, as Web API JSON with the
 * columns {@link OpportunityMapper} names.
 *
 * @param opportunity      the opportunity row ({@link OpportunityMapper#opportunityColumns()})
 * @param account          the customer account: the opportunity's Account ({@code parentaccountid}), else its
 *                         Potential Customer ({@code customerid}) when that is an account
 * @param contacts         the customer contacts sent to Partner Center (see {@link OpportunityMapper})
 * @param solutions        the opportunity's {@code cosell_solutions} rows, oldest first
 * @param currency         the ISO 4217 code ({@code isocurrencycode}) of the opportunity's currency, when one is set
 * @param closeDescription the description of the opportunity's latest {@code opportunityclose} (won or lost), if any
 */
public record OpportunityRecords(UUID opportunityId, ObjectNode opportunity, Optional<ObjectNode> account,
                                 List<ObjectNode> contacts, List<ObjectNode> solutions, Optional<String> currency,
                                 Optional<String> closeDescription) {

    public OpportunityRecords {
        contacts = List.copyOf(contacts);
        solutions = List.copyOf(solutions);
    }
}
