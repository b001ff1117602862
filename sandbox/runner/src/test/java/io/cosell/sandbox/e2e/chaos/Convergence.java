package io.cosell.sandbox.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.sandbox.e2e.SandboxClient;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a chaos run must end in, read from both sides: every referral once in the CRM and every shared opportunity once
 * in Partner Center (else a duplicate or a loss), mapped fields equal, exactly one account and one contact per
 * customer and each account used by its opportunity, no dead letter, and every Audit line in the seller's words.
 */
record Convergence(int lost, int duplicates, List<String> mismatches, int orphans, int deadLetters,
                   List<String> unreadableAudit) {

    private static final Pattern AUDIT_LINE = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC · (Partner Center → CRM|CRM → Partner Center) · \\S.*$");

    boolean converged() {
        return lost == 0 && duplicates == 0 && mismatches.isEmpty() && orphans == 0 && deadLetters == 0
                && unreadableAudit.isEmpty();
    }

    static Convergence read(SandboxClient client, ChaosActions act, ChaosRun run) {
        Map<String, List<JsonNode>> crmByReferral = new HashMap<>();
        Map<String, JsonNode> crmById = new HashMap<>();
        for (JsonNode row : act.read(() -> client.crmRows("opportunities", null))) {
            crmById.put(row.path("opportunityid").asText(), row);
            if (row.path("cosell_referralid").isTextual()) {
                crmByReferral.computeIfAbsent(row.path("cosell_referralid").asText(), id -> new ArrayList<>()).add(row);
            }
        }
        int lost = 0;
        int duplicates = 0;
        List<String> mismatches = new ArrayList<>();
        List<String> audit = new ArrayList<>();
        List<JsonNode> used = new ArrayList<>();
        for (ChaosRun.Deal deal : run.referrals().values()) {
            List<JsonNode> rows = crmByReferral.getOrDefault(deal.referralId, List.of());
            if (rows.isEmpty()) {
                lost++;
                continue;
            }
            duplicates += rows.size() - 1;
            JsonNode referral = act.read(() -> client.referral(deal.referralId));
            compareInbound(deal, referral, rows.getFirst(), mismatches);
            readable(rows.getFirst(), audit);
            used.add(rows.getFirst());
        }
        Map<String, List<JsonNode>> outgoing = act.read(client::outgoingReferralsByExternalReference);
        for (ChaosRun.Deal deal : run.opportunities().values()) {
            List<JsonNode> referrals = outgoing.getOrDefault(deal.opportunityId.toLowerCase(java.util.Locale.ROOT), List.of());
            if (referrals.isEmpty()) {
                lost++;
                continue;
            }
            duplicates += referrals.size() - 1;
            JsonNode referral = referrals.getFirst();
            String referralId = referral.path("id").asText();
            duplicates += Math.max(0, crmByReferral.getOrDefault(referralId, List.of()).size() - 1);
            JsonNode opportunity = crmById.get(deal.opportunityId);
            compareOutbound(deal, referral, opportunity, mismatches);
            readable(opportunity, audit);
            used.add(opportunity);
        }
        int orphans = orphans(client, act, run, used);
        return new Convergence(lost, duplicates, List.copyOf(mismatches), orphans, client.deadLetters(), List.copyOf(audit));
    }

    private static void compareInbound(ChaosRun.Deal deal, JsonNode referral, JsonNode opportunity, List<String> mismatches) {
        String where = "referral " + deal.referralId;
        same(where + " deal value", referral.path("details").path("dealValue"), opportunity.path("estimatedvalue"), mismatches);
        equal(where + " notes", referral.path("details").path("notes").asText(), opportunity.path("description").asText(), mismatches);
        equal(where + " status", expectedStatus(deal, opportunity), status(referral), mismatches);
    }

    private static void compareOutbound(ChaosRun.Deal deal, JsonNode referral, JsonNode opportunity, List<String> mismatches) {
        String where = "opportunity " + deal.opportunityId;
        equal(where + " referral id", referral.path("id").asText(), opportunity.path("cosell_referralid").asText(), mismatches);
        same(where + " deal value", referral.path("details").path("dealValue"), opportunity.path("estimatedvalue"), mismatches);
        equal(where + " name", "✔ " + referral.path("name").asText(), opportunity.path("name").asText(), mismatches);
        equal(where + " status", expectedStatus(deal, opportunity), status(referral), mismatches);
    }

    /** The referral status the CRM side calls for (see ReferralStatusChange); null when open and any open status will do. */
    private static String expectedStatus(ChaosRun.Deal deal, JsonNode opportunity) {
        if (deal.response != null && deal.response == 100000001) {
            return "Closed/Declined";
        }
        return switch (opportunity.path("statecode").asInt(0)) {
            case 1 -> "Closed/Won";
            case 2 -> "Closed/Lost";
            default -> deal.response != null ? "Active/Accepted" : null;
        };
    }

    private static String status(JsonNode referral) {
        return referral.path("status").asText() + "/" + referral.path("substatus").asText();
    }

    private static void equal(String what, String expected, String actual, List<String> mismatches) {
        if (expected != null && !Objects.equals(expected, actual)) {
            mismatches.add(what + ": expected " + expected + ", was " + actual);
        }
    }

    private static void same(String what, JsonNode partnerCenter, JsonNode crm, List<String> mismatches) {
        BigDecimal left = partnerCenter.isNumber() ? partnerCenter.decimalValue() : null;
        BigDecimal right = crm.isNumber() ? crm.decimalValue() : null;
        if (left == null || right == null || left.compareTo(right) != 0) {
            mismatches.add(what + ": Partner Center " + partnerCenter + ", CRM " + crm);
        }
    }

    private static void readable(JsonNode opportunity, List<String> unreadable) {
        String trail = opportunity.path("cosell_audit").asText("");
        if (trail.isBlank()) {
            unreadable.add("opportunity " + opportunity.path("opportunityid").asText() + ": no Audit");
            return;
        }
        for (String line : trail.split("\n")) {
            if (!AUDIT_LINE.matcher(line).matches() || line.contains("Exception") || line.contains("null")
                    || line.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                unreadable.add("opportunity " + opportunity.path("opportunityid").asText() + ": " + line);
            }
        }
    }

    /** Accounts and contacts beyond one per customer, and customers' accounts no opportunity uses. */
    private static int orphans(SandboxClient client, ChaosActions act, ChaosRun run, List<JsonNode> used) {
        Map<String, Integer> accountsByName = new HashMap<>();
        Map<String, String> accountIdByName = new HashMap<>();
        for (JsonNode account : act.read(() -> client.crmRows("accounts", null))) {
            accountsByName.merge(account.path("name").asText(), 1, Integer::sum);
            accountIdByName.put(account.path("name").asText(), account.path("accountid").asText());
        }
        Map<String, Integer> contactsByEmail = new HashMap<>();
        for (JsonNode contact : act.read(() -> client.crmRows("contacts", null))) {
            contactsByEmail.merge(contact.path("emailaddress1").asText(), 1, Integer::sum);
        }
        java.util.Set<String> usedAccounts = new java.util.HashSet<>();
        used.forEach(row -> usedAccounts.add(row.path("_customerid_value").asText()));
        int orphans = 0;
        List<ChaosRun.Deal> deals = new ArrayList<>(run.referrals().values());
        deals.addAll(run.opportunities().values());
        for (ChaosRun.Deal deal : deals) {
            int accounts = accountsByName.getOrDefault(deal.customer, 0);
            int contacts = contactsByEmail.getOrDefault(deal.email, 0);
            orphans += Math.max(0, accounts - 1) + Math.max(0, contacts - 1);
            if (accounts >= 1 && !usedAccounts.contains(accountIdByName.get(deal.customer))) {
                orphans++;
            }
        }
        return orphans;
    }
}
