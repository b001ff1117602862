package io.cosell.shared.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** A realistic CRM opportunity with its account, contact and solutions, as the outbound sync reads them. */
final class OpportunityFixtures {

    static final UUID OPPORTUNITY_ID = UUID.fromString("8c0f6d1e-55aa-ee11-be37-000d3a1b2c3d");
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpportunityFixtures() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode opportunity() {
        return json("""
                {"opportunityid": "%s", "name": "✔ Northwind - Azure landing zone", "description": "Three subscriptions",
                 "estimatedvalue": 85000.00, "estimatedclosedate": "2025-09-30", "statecode": 0, "statuscode": 1,
                 "cosell_syncwithpartnercenter": true, "cosell_microsofthelp": 100000001,
                 "cosell_visibletomicrosoft": false, "cosell_referralresponse": null, "cosell_declinereason": null}
                """.formatted(OPPORTUNITY_ID));
    }

    static ObjectNode account() {
        return json("""
                {"name": "Northwind Traders", "address1_line1": "1 Harbour Street", "address1_city": "Dublin",
                 "address1_stateorprovince": "Leinster", "address1_postalcode": "D02 XY45", "address1_country": "ie"}
                """);
    }

    static ObjectNode contact() {
        return json("""
                {"firstname": "Aoife", "lastname": "Byrne", "emailaddress1": "aoife@northwind.example",
                 "telephone1": "+353 1 555 0100", "jobtitle": "CTO"}
                """);
    }

    static ObjectNode solution(String id, String name, String type) {
        ObjectNode row = json("{}");
        row.put("cosell_solutionid", id);
        row.put("cosell_name", name);
        row.put("cosell_type", type);
        return row;
    }

    static OpportunityRecords records() {
        return records(UnaryOperator.identity());
    }

    static OpportunityRecords records(UnaryOperator<ObjectNode> editOpportunity) {
        return new OpportunityRecords(OPPORTUNITY_ID, editOpportunity.apply(opportunity()), Optional.of(account()),
                List.of(contact()), List.of(solution("SOL-15974-MQF", "Contoso Cloud Migration Factory", "Name"),
                solution("SOL-20481-XKA", "Data Estate Modernization on Azure", null)), Optional.of("eur"),
                Optional.empty());
    }
}
