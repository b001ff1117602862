package io.cosell.functions.mapper;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.cosell.shared.usecase.Redelivery;
import io.cosell.shared.usecase.SyncMessageHandler;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.ArgumentMatchers.anyInt;

/** Posts SQS batch events to the Lambda mock event server and reads the partial batch failures. */
@QuarkusTest
class MapperFunctionTest {

    @InjectMock
    SyncMessageHandler syncMessages;

    @InjectMock
    Redelivery redelivery;

    @Inject
    MapperFunction function;

    @Test
    void reports_malformed_and_failed_records_as_batch_item_failures_and_hands_the_rest_on() throws IOException {
        // given
        doThrow(new IllegalStateException("cannot map this message")).when(syncMessages)
                .handle(contains("unmappable"), anyInt());

        // when
        JsonPath response = invoke(fixture("/events/sqs-batch.json"));

        // then
        assertThat(response.getList("batchItemFailures.itemIdentifier", String.class)).containsExactlyInAnyOrder(
                "2e1424d4-f796-459a-8184-9c92662be6da", "a1b2c3d4-0000-4000-8000-000000000003");
        ArgumentCaptor<String> handled = ArgumentCaptor.forClass(String.class);
        ArgumentCaptor<Integer> receiveCounts = ArgumentCaptor.forClass(Integer.class);
        verify(syncMessages, times(2)).handle(handled.capture(), receiveCounts.capture());
        assertThat(handled.getAllValues()).containsExactlyInAnyOrder(
                "{\"direction\":\"inbound\",\"referralId\":\"6a0b3e2f-8d1c-4c5e-9f2a-1b3c4d5e6f70\"}",
                "{\"direction\":\"outbound\",\"opportunityId\":\"unmappable\"}");
        assertThat(receiveCounts.getAllValues()).containsExactly(1, 1);
        verify(redelivery).backOff("AQEBzWwaftRI0KuVm4tP+/7q1rGgNqicHq", 3);
        verify(redelivery).backOff("AQEBx2F4bWx1a2VhcmVjZWlwdGhhbmRsZQ", 1);
        verify(redelivery, never()).backOff(eq("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a"), anyInt());
    }

    @Test
    void a_batch_whose_records_all_succeed_has_no_failures() throws IOException {
        // given
        String batch = fixture("/events/sqs-batch.json")
                .replace("\"body\": \"referral 6a0b3e2f changed\"", "\"body\": \"{}\"");

        // when
        JsonPath response = invoke(batch);

        // then
        assertThat(response.getList("batchItemFailures", Object.class)).isEmpty();
        ArgumentCaptor<Integer> receiveCounts = ArgumentCaptor.forClass(Integer.class);
        verify(syncMessages, times(3)).handle(anyString(), receiveCounts.capture());
        assertThat(receiveCounts.getAllValues()).containsExactlyInAnyOrder(1, 3, 1);
        verify(redelivery, never()).backOff(anyString(), anyInt());
    }

    @Test
    void the_documented_sqs_event_whose_body_is_not_json_is_reported_without_calling_the_use_case() throws IOException {
        // when
        JsonPath response = invoke(fixture("/events/aws-sqs-batch.json"));

        // then
        assertThat(response.getList("batchItemFailures.itemIdentifier", String.class)).containsExactlyInAnyOrder(
                "059f36b4-87a3-44ab-83d2-661975830a7d", "2e1424d4-f796-459a-8184-9c92662be6da");
        verify(syncMessages, never()).handle(anyString(), anyInt());
    }

    @Test
    void records_about_different_referrals_sync_at_the_same_time_and_those_about_one_referral_in_turn() throws IOException {
        // given: a batch about referral A, referral B, A again and an opportunity; every sync waits (at most 10 s)
        // until three run at once
        CountDownLatch threeAtOnce = new CountDownLatch(3);
        List<String> waitedInVain = new CopyOnWriteArrayList<>();
        Set<String> running = ConcurrentHashMap.newKeySet();
        List<String> overlapping = new CopyOnWriteArrayList<>();
        List<String> started = new CopyOnWriteArrayList<>();
        doAnswer(call -> {
            JsonPath message = JsonPath.from(call.<String>getArgument(0));
            String lane = message.getString("referralId") != null ? message.getString("referralId")
                    : message.getString("crmRecord.id");
            if (!running.add(lane)) {
                overlapping.add(lane);
            }
            started.add(message.getString("dedupeKey"));
            threeAtOnce.countDown();
            if (!threeAtOnce.await(10, TimeUnit.SECONDS)) {
                waitedInVain.add(message.getString("dedupeKey"));
            }
            running.remove(lane);
            return null;
        }).when(syncMessages).handle(anyString(), anyInt());

        // when
        JsonPath response = invoke(fixture("/events/sqs-batch-three-lanes.json"));

        // then: A, B and the opportunity ran together; A's second message started after its first had ended
        assertThat(response.getList("batchItemFailures", Object.class)).isEmpty();
        assertThat(waitedInVain).isEmpty();
        assertThat(overlapping).isEmpty();
        assertThat(started).containsExactlyInAnyOrder("a-created", "b-created", "a-updated", "c-changed");
        assertThat(started.indexOf("a-created")).isLessThan(started.indexOf("a-updated"));
    }

    @Test
    void records_failing_at_the_same_moment_are_answered_on_one_thread_so_funqy_lists_every_one() {
        // given: ten records about ten referrals, each failing once all ten are running
        CountDownLatch allRunning = new CountDownLatch(10);
        doAnswer(call -> {
            allRunning.countDown();
            allRunning.await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("Partner Center is busy; will retry.");
        }).when(syncMessages).handle(anyString(), anyInt());
        Set<Thread> answeredOn = ConcurrentHashMap.newKeySet();
        List<Uni<Void>> answers = IntStream.range(0, 10)
                .mapToObj(i -> function.map(message(i)).onTermination().invoke(() -> answeredOn.add(Thread.currentThread())))
                .toList();

        // when
        Uni.combine().all().unis(answers).collectFailures().discardItems().onFailure().recoverWithNull()
                .await().atMost(Duration.ofSeconds(20));

        // then: Funqy adds each failed record to a plain list on the thread that answers it
        assertThat(allRunning.getCount()).isZero();
        assertThat(answeredOn).hasSize(1);
    }

    private static SQSMessage message(int index) {
        SQSMessage message = new SQSMessage();
        message.setMessageId("message-" + index);
        message.setReceiptHandle("receipt-" + index);
        message.setBody("{\"direction\":\"inbound\",\"referralId\":\"referral-" + index + "\"}");
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        return message;
    }

    private static JsonPath invoke(String event) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(event)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = MapperFunctionTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
