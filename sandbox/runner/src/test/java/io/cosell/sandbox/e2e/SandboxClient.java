package io.cosell.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.sandbox.Sandbox;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What an end-to-end test does to a running sandbox, over the same HTTP APIs a person uses: act as a Microsoft
 * seller, read the CRM (as the sandbox's observer client, so reads never count against the connector's Dataverse
 * limits), look at webhook deliveries, inject faults, look at the dead-letter queue.
 */
public final class SandboxClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Sandbox sandbox;
    private String crmToken;
    private String partnerCenterToken;

    public SandboxClient(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** A Microsoft seller shares a referral; returns the created referral. */
    public JsonNode microsoftSharesReferral(ObjectNode referral) {
        return send("POST", sandbox.partnerCenter().baseUri() + "/_sandbox/microsoft/referrals", referral, null).body();
    }

    /** A Microsoft-side change to a referral (JSON merge). */
    public JsonNode microsoftChangesReferral(String referralId, ObjectNode change) {
        return send("PATCH", sandbox.partnerCenter().baseUri() + "/_sandbox/microsoft/referrals/" + referralId, change, null).body();
    }

    public List<JsonNode> deliveriesFor(String referralId) {
        return allDeliveries().stream().filter(d -> referralId.equals(d.path("referralId").asText())).toList();
    }

    public List<JsonNode> allDeliveries() {
        JsonNode all = send("GET", sandbox.partnerCenter().baseUri() + "/_sandbox/deliveries", null, null).body();
        List<JsonNode> result = new ArrayList<>();
        (all.isArray() ? all : all.path("value")).forEach(result::add);
        return result;
    }

    public void redeliver(String deliveryId) {
        send("POST", sandbox.partnerCenter().baseUri() + "/_sandbox/deliveries/" + deliveryId + "/redeliver", null, null);
    }

    public void partnerCenterFaults(ObjectNode faults) {
        send("POST", sandbox.partnerCenter().baseUri() + "/_sandbox/faults", faults, null);
    }

    public void dataverseFaults(ObjectNode faults) {
        send("POST", sandbox.dataverse().baseUri() + "/_sandbox/faults", faults, null);
    }

    public void resetFaults() {
        send("DELETE", sandbox.partnerCenter().baseUri() + "/_sandbox/faults", null, null);
        send("DELETE", sandbox.dataverse().baseUri() + "/_sandbox/faults", null, null);
    }

    /** All rows of an entity set matching an OData filter, as the CRM shows them. */
    public List<JsonNode> crmRows(String entitySet, String filter) {
        String url = sandbox.dataverse().apiRoot() + entitySet
                + (filter == null ? "" : "?$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20"));
        JsonNode page = send("GET", url, null, crmToken()).body();
        List<JsonNode> rows = new ArrayList<>();
        page.path("value").forEach(rows::add);
        return rows;
    }

    /** A seller creates a CRM row; returns its id (from OData-EntityId). */
    public String sellerCreates(String entitySet, ObjectNode row) {
        JsonNode created = send("POST", sandbox.dataverse().apiRoot() + entitySet, row, crmToken(),
                "return=representation").body();
        String key = switch (entitySet) {
            case "opportunities" -> "opportunityid";
            case "accounts" -> "accountid";
            case "contacts" -> "contactid";
            case "leads" -> "leadid";
            case "cosell_solutions" -> "cosell_solutionsid";
            default -> throw new IllegalArgumentException(entitySet);
        };
        return created.path(key).asText();
    }

    /** A seller edits a CRM row. */
    public void sellerUpdates(String entitySet, String id, ObjectNode changes) {
        send("PATCH", sandbox.dataverse().apiRoot() + entitySet + "(" + id + ")", changes, crmToken(), null);
    }

    public void sellerDeletes(String entitySet, String id) {
        send("DELETE", sandbox.dataverse().apiRoot() + entitySet + "(" + id + ")", null, crmToken(), null);
    }

    /** A seller closes an opportunity as won (status 3) or lost (status 4/5) through the documented actions. */
    public void sellerCloses(String opportunityId, boolean won, int status) {
        ObjectNode body = object();
        body.put("Status", status);
        body.putObject("OpportunityClose").put("subject", won ? "Won" : "Lost")
                .put("opportunityid@odata.bind", "/opportunities(" + opportunityId + ")");
        send("POST", sandbox.dataverse().apiRoot() + (won ? "WinOpportunity" : "LoseOpportunity"), body, crmToken(), null);
    }

    public JsonNode crmRow(String entitySet, String id) {
        return send("GET", sandbox.dataverse().apiRoot() + entitySet + "(" + id + ")", null, crmToken(), null).body();
    }

    /** The referral as Partner Center holds it (read with the observer client). */
    public JsonNode referral(String referralId) {
        return send("GET", sandbox.partnerCenter().baseUri() + "/v1.0/engagements/referrals/" + referralId, null,
                partnerCenterToken(), null).body();
    }

    public List<JsonNode> crmRowsByReferral(String entitySet, String referralId) {
        return crmRows(entitySet, "cosell_referralid eq '" + referralId + "'");
    }

    /** Messages waiting on the dead-letter queue. */
    public int deadLetters() {
        return messages(Sandbox.SYNC_DLQ);
    }

    /** Messages on the sync queue, waiting or being handled (in flight, or handed back until their visibility ends). */
    public int syncQueueMessages() {
        return messages(Sandbox.SYNC_QUEUE);
    }

    /** The partner's referrals (Outgoing) whose externalReferenceId is the CRM opportunity, read as the observer. */
    public List<JsonNode> referralsOfOpportunity(String opportunityId) {
        String filter = URLEncoder.encode("direction eq 'Outgoing'", StandardCharsets.UTF_8).replace("+", "%20");
        String url = sandbox.partnerCenter().baseUri() + "/v1.0/engagements/referrals?$filter=" + filter;
        List<JsonNode> found = new ArrayList<>();
        while (url != null) {
            JsonNode page = send("GET", url, null, partnerCenterToken(), null).body();
            page.path("value").forEach(referral -> {
                if (opportunityId.equalsIgnoreCase(referral.path("externalReferenceId").asText())) {
                    found.add(referral);
                }
            });
            url = page.hasNonNull("@odata.nextLink")
                    ? URI.create(url).resolve(page.get("@odata.nextLink").asText()).toString() : null;
        }
        return found;
    }

    /** The connector's Dataverse requests so far (the observer's own reads are not counted against it). */
    public long connectorDataverseRequests() {
        return send("GET", sandbox.dataverse().baseUri() + "/_sandbox/requests/count", null, null).body()
                .path("callers").path(io.cosell.emulator.entra.EntraSettings.SANDBOX_CLIENT_ID).asLong();
    }

    private int messages(String queue) {
        try (SqsClient sqs = io.cosell.shared.aws.AwsClients.sqs(io.cosell.shared.aws.AwsClientSettings.local(sandbox.sqs().endpoint()))) {
            String count = sqs.getQueueAttributes(GetQueueAttributesRequest.builder()
                    .queueUrl(sandbox.sqs().queueUrl(queue))
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).build())
                    .attributes().values().stream().reduce("0", (a, b) -> Integer.toString(Integer.parseInt(a) + Integer.parseInt(b)));
            return Integer.parseInt(count);
        }
    }

    /**
     * True when the sync queue holds no message: none waiting, none in flight (received and not yet deleted or handed
     * back) and none delayed. A message a worker handed back stays in flight until its visibility timeout ends, so
     * only then has every redelivery had its chance, and a message on its way to the dead-letter queue is there.
     */
    public boolean syncQueueSettled() {
        try (SqsClient sqs = io.cosell.shared.aws.AwsClients.sqs(io.cosell.shared.aws.AwsClientSettings.local(sandbox.sqs().endpoint()))) {
            return sqs.getQueueAttributes(GetQueueAttributesRequest.builder()
                            .queueUrl(sandbox.sqs().queueUrl(Sandbox.SYNC_QUEUE))
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED).build())
                    .attributes().values().stream().allMatch("0"::equals);
        }
    }

    /** The partner's own referrals (Outgoing) by their {@code externalReferenceId}, read in one pass over every page. */
    public java.util.Map<String, List<JsonNode>> outgoingReferralsByExternalReference() {
        java.util.Map<String, List<JsonNode>> found = new java.util.HashMap<>();
        String filter = URLEncoder.encode("direction eq 'Outgoing'", StandardCharsets.UTF_8).replace("+", "%20");
        String url = sandbox.partnerCenter().baseUri() + "/v1.0/engagements/referrals?$filter=" + filter;
        while (url != null) {
            JsonNode page = send("GET", url, null, partnerCenterToken(), null).body();
            page.path("value").forEach(referral -> found.computeIfAbsent(
                    referral.path("externalReferenceId").asText().toLowerCase(java.util.Locale.ROOT),
                    key -> new ArrayList<>()).add(referral));
            url = page.hasNonNull("@odata.nextLink")
                    ? URI.create(url).resolve(page.get("@odata.nextLink").asText()).toString() : null;
        }
        return found;
    }

    /** The partner's own referrals whose {@code externalReferenceId} is {@code id} (every page of the list). */
    public List<JsonNode> referralsWithExternalReference(String id) {
        List<JsonNode> found = new ArrayList<>();
        String url = sandbox.partnerCenter().baseUri() + "/v1.0/engagements/referrals?$filter="
                + URLEncoder.encode("direction eq 'Outgoing'", StandardCharsets.UTF_8).replace("+", "%20");
        while (url != null) {
            JsonNode page = send("GET", url, null, partnerCenterToken()).body();
            page.path("value").forEach(referral -> {
                if (id.equals(referral.path("externalReferenceId").asText())) {
                    found.add(referral);
                }
            });
            url = page.hasNonNull("@odata.nextLink") ? page.path("@odata.nextLink").asText() : null;
        }
        return found;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the observer's cached tokens, e.g. after the Entra emulator let them expire; the next call gets new ones. */
    public synchronized void forgetTokens() {
        crmToken = null;
        partnerCenterToken = null;
    }

    private synchronized String crmToken() {
        if (crmToken == null) {
            crmToken = observerToken(sandbox.dataverse().scope());
        }
        return crmToken;
    }

    private synchronized String partnerCenterToken() {
        if (partnerCenterToken == null) {
            partnerCenterToken = observerToken("https://api.partner.microsoft.com/.default");
        }
        return partnerCenterToken;
    }

    private String observerToken(String scope) {
        String form = "grant_type=client_credentials&client_id=" + Sandbox.OBSERVER_CLIENT_ID
                + "&client_secret=" + Sandbox.OBSERVER_CLIENT_SECRET + "&scope="
                + URLEncoder.encode(scope, StandardCharsets.UTF_8);
        return send("POST", sandbox.entra().tokenUrl(Sandbox.TENANT), form, null).body().path("access_token").asText();
    }

    public record Answer(int status, JsonNode body) {
    }

    private static Answer send(String method, String url, Object body, String token) {
        return send(method, url, body, token, null);
    }

    private static Answer send(String method, String url, Object body, String token, String prefer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json");
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body instanceof String form) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
            request.method(method, HttpRequest.BodyPublishers.ofString(form));
        } else if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(toBytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            for (int attempt = 1; response.statusCode() == 429 && attempt < 20; attempt++) {
                // the emulators' fault injection throttles every caller, this test's reads too: wait as told
                Thread.sleep(1000L * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")));
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            JsonNode parsed = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] toBytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
