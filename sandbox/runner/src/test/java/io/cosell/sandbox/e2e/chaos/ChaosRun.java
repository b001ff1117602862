package io.cosell.sandbox.e2e.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.e2e.SandboxClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cosell.sandbox.e2e.SandboxClient.json;

/**
 * The acting half of a chaos run over a started sandbox: with latency, 429 (Retry-After), 500 and webhook faults on,
 * sellers share opportunities in the CRM and Microsoft shares referrals; then the connector's writes start losing
 * their answers, access tokens expire twice, the mapper is killed while its upsert of a new opportunity (by the referral id key) waits for its answer, and
 * both sides make random edits (values, notes, accept, decline, win, lose). Every choice comes from one seeded Random.
 */
final class ChaosRun {

    private static final String API = "/api/data/v9.2/";
    private static final String REFERRALS = "/v1.0/engagements/referrals";
    private static final int ACCEPT = 100000000;
    private static final int DECLINE = 100000001;

    private final Sandbox sandbox;
    private final SandboxClient client;
    private final ChaosActions act;
    private final ChaosPlan plan;
    private final Random random;
    private final Map<String, Deal> referrals = new LinkedHashMap<>();
    private final Map<String, Deal> opportunities = new LinkedHashMap<>();
    private final Map<String, Integer> performed = new LinkedHashMap<>();
    private final AtomicInteger tokenExpiries = new AtomicInteger();
    private MapperKiller killer;

    ChaosRun(Sandbox sandbox, SandboxClient client, ChaosPlan plan) {
        this.sandbox = sandbox;
        this.client = client;
        this.act = new ChaosActions(client);
        this.plan = plan;
        this.random = new Random(plan.seed());
    }

    /** A record of the run: a referral shared by Microsoft, or an opportunity shared by a seller, and what was done to it. */
    static final class Deal {
        final String customer;
        final String email;
        String referralId;
        String opportunityId;
        Integer response;
        Boolean won;

        Deal(String customer, String email) {
            this.customer = customer;
            this.email = email;
        }

        boolean closed() {
            return won != null || Integer.valueOf(DECLINE).equals(response);
        }
    }

    void act() {
        client.partnerCenterFaults(json("""
                {"latencyMs": 15, "throttleShare": 0.08, "serverErrorShare": 0.04, "retryAfterSeconds": 1,
                 "webhookDropShare": 0.15, "webhookDuplicateShare": 0.15, "webhookReorder": true}"""));
        client.dataverseFaults(json("""
                {"latencyMs": 10, "throttleShare": 0.08, "serverErrorShare": 0.04, "retryAfterSeconds": 1}"""));
        String eur = act.euro();
        for (int i = 0; i < plan.opportunities(); i++) {
            sellerShares(eur, i);
        }
        int lost = Math.max(2, (plan.referrals() + plan.opportunities()) / 20);
        client.dataverseFaults(json("""
                {"loseAnswers": [{"method": "PATCH", "path": "%1$sopportunities(cosell*", "times": 1, "holdMs": 4000},
                  {"method": "POST", "path": "%1$saccounts", "times": %2$d}, {"method": "POST", "path": "%1$scontacts", "times": %2$d},
                  {"method": "PATCH", "path": "%1$sopportunities(*", "times": %2$d}]}""".formatted(API, lost)));
        client.partnerCenterFaults(json("""
                {"loseAnswers": [{"method": "POST", "path": "%1$s", "times": %2$d},
                  {"method": "PATCH", "path": "%1$s/*", "times": %2$d}]}""".formatted(REFERRALS, lost)));
        killer = MapperKiller.watch(sandbox, "PATCH", API + "opportunities(cosell*");
        for (int i = 0; i < plan.referrals(); i++) {
            if (i == plan.referrals() / 2) {
                expireTokens();
            }
            microsoftShares(i);
        }
        awaitHalfArrived();
        for (int i = 0; i < plan.edits(); i++) {
            if (i == plan.edits() / 2) {
                expireTokens();
            }
            edit();
        }
        awaitBounded(() -> killer.kills() > 0);
        killer.stop();
        client.resetFaults();
    }

    /** Lets half the referrals reach the CRM first, so the sellers have something to accept, decline, win or lose. */
    private void awaitHalfArrived() {
        awaitBounded(() -> {
            java.util.Set<String> arrived = new java.util.HashSet<>();
            act.read(() -> client.crmRows("opportunities", null))
                    .forEach(row -> arrived.add(row.path("cosell_referralid").asText()));
            return referrals.keySet().stream().filter(arrived::contains).count() >= referrals.size() / 2;
        });
    }

    // an upper bound on waiting under faults; the run goes on either way and reports what happened
    private static void awaitBounded(java.util.concurrent.Callable<Boolean> condition) {
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                    .pollInterval(java.time.Duration.ofSeconds(1)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported through the figures (arrivals skipped, kills 0)
        }
    }

    private void sellerShares(String eur, int index) {
        Deal deal = newDeal("Seller Traders", index);
        String accountId = act.sellerCreates("accounts", json("""
                {"name": "%s", "address1_city": "Dublin", "address1_postalcode": "D02 X%03d", "address1_country": "IE"}"""
                .formatted(deal.customer, index % 1000)));
        ObjectNode contact = json("{\"firstname\": \"Sam\", \"lastname\": \"Buyer\", \"emailaddress1\": \"%s\"}".formatted(deal.email));
        contact.put("parentcustomerid_account@odata.bind", "/accounts(" + accountId + ")");
        String contactId = act.sellerCreates("contacts", contact);
        ObjectNode opportunity = json("""
                {"name": "%s - Azure landing zone", "estimatedvalue": %d, "estimatedclosedate": "2027-09-30",
                 "description": "Landing zone", "cosell_syncwithpartnercenter": true, "cosell_microsofthelp": 100000001}"""
                .formatted(deal.customer, value()));
        opportunity.put("customerid_account@odata.bind", "/accounts(" + accountId + ")");
        opportunity.put("parentcontactid@odata.bind", "/contacts(" + contactId + ")");
        opportunity.put("transactioncurrencyid@odata.bind", "/transactioncurrencies(" + eur + ")");
        deal.opportunityId = act.sellerCreates("opportunities", opportunity);
        ObjectNode solution = json("""
                {"cosell_solutionid": "SOL-1234567-ABC", "cosell_name": "Landing Zone Accelerator", "cosell_type": "Name"}""");
        solution.put("cosell_opportunityid@odata.bind", "/opportunities(" + deal.opportunityId + ")");
        act.sellerCreates("cosell_solutions", solution);
        opportunities.put(deal.opportunityId, deal);
        count("CRM: seller shares an opportunity");
    }

    private void microsoftShares(int index) {
        Deal deal = newDeal("Microsoft Foods", index);
        deal.referralId = act.microsoftShares(json("""
                {"name": "%s - Azure migration",
                 "customerProfile": {"name": "%s", "address": {"city": "Galway", "postalCode": "H91 X%03d", "country": "IE"},
                                     "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "%s"}]},
                 "details": {"dealValue": %d, "currency": "EUR", "closingDateTime": "2027-06-30T00:00:00Z", "notes": "first contact"}}"""
                .formatted(deal.customer, deal.customer, index % 1000, deal.email, value())));
        referrals.put(deal.referralId, deal);
        count("Microsoft: shares a referral");
    }

    private void edit() {
        int roll = random.nextInt(100);
        if (roll < 35) {
            pick(referrals, deal -> !deal.closed()).ifPresent(deal -> {
                boolean value = random.nextBoolean();
                act.microsoftChanges(deal.referralId, value
                        ? json("{\"details\": {\"dealValue\": %d}}".formatted(value()))
                        : json("{\"details\": {\"notes\": \"note %d\"}}".formatted(random.nextInt(1_000_000))));
                count(value ? "Microsoft: changes the deal value" : "Microsoft: changes the notes");
            });
        } else if (roll < 55) {
            pick(referrals, deal -> deal.response == null).ifPresent(deal -> respond(deal, random.nextInt(3) > 0));
        } else if (roll < 70) {
            pick(opportunities, deal -> !deal.closed()).ifPresent(deal -> {
                act.sellerUpdates(deal.opportunityId, json("{\"estimatedvalue\": %d}".formatted(value())));
                count("CRM: changes the estimated value");
            });
        } else {
            boolean inbound = random.nextBoolean();
            pick(inbound ? referrals : opportunities, deal -> !deal.closed() && (!inbound || Integer.valueOf(ACCEPT).equals(deal.response)))
                    .ifPresent(deal -> {
                        if (!inbound && !shared(deal)) {
                            // closing before the connector created the referral is a known gap (docs/reliability.md)
                            count("CRM: win/lose skipped (referral not created yet)");
                            return;
                        }
                        deal.won = random.nextBoolean();
                        act.sellerCloses(deal.opportunityId, deal.won);
                        count(deal.won ? "CRM: wins" : "CRM: loses");
                    });
        }
    }

    private boolean shared(Deal deal) {
        return act.read(() -> client.crmRow("opportunities", deal.opportunityId)).path("cosell_referralid").isTextual();
    }

    /** Accept or decline in the CRM, on the opportunity the referral became (skipped when it has not arrived yet). */
    private void respond(Deal deal, boolean accept) {
        List<com.fasterxml.jackson.databind.JsonNode> rows = act.read(() -> client.crmRowsByReferral("opportunities", deal.referralId));
        if (rows.size() != 1) {
            count("CRM: accept/decline skipped (not arrived yet)");
            return;
        }
        deal.opportunityId = rows.getFirst().path("opportunityid").asText();
        deal.response = accept ? ACCEPT : DECLINE;
        act.sellerUpdates(deal.opportunityId, accept
                ? json("{\"cosell_referralresponse\": %d}".formatted(ACCEPT))
                : json("{\"cosell_referralresponse\": %d, \"cosell_declinereason\": \"Outside our region\"}".formatted(DECLINE)));
        count(accept ? "CRM: accepts" : "CRM: declines");
    }

    private java.util.Optional<Deal> pick(Map<String, Deal> deals, java.util.function.Predicate<Deal> eligible) {
        List<Deal> candidates = new ArrayList<>(deals.values().stream().filter(eligible).toList());
        return candidates.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    private void expireTokens() {
        sandbox.entra().expireAccessTokens();
        tokenExpiries.incrementAndGet();
    }

    private Deal newDeal(String base, int index) {
        String suffix = Long.toHexString(random.nextLong() & 0xffffffffL);
        return new Deal(base + " " + index + "-" + suffix, "buyer." + index + "." + suffix + "@customer.example");
    }

    private int value() {
        return 1000 * (1 + random.nextInt(500));
    }

    private void count(String what) {
        performed.merge(what, 1, Integer::sum);
    }

    Map<String, Deal> referrals() {
        return referrals;
    }

    Map<String, Deal> opportunities() {
        return opportunities;
    }

    Map<String, Integer> performed() {
        return performed;
    }

    int tokenExpiries() {
        return tokenExpiries.get();
    }

    int mapperKills() {
        return killer == null ? 0 : killer.kills();
    }

    long ownRetries() {
        return act.ownRetries();
    }
}
