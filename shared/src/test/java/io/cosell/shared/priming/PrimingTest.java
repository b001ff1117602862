package io.cosell.shared.priming;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrimingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    @Test
    void primes_every_part_and_sends_the_aws_requests_nowhere_signed_with_placeholder_keys() {
        // given
        Priming priming = new Priming(MAPPER, "eu-west-1", true, true, true);
        PrimingHttpClient aws = new PrimingHttpClient();

        // when
        List<Priming.Primed> primed = priming.run(aws);

        // then
        assertThat(primed).extracting(Priming.Primed::part).containsExactly("json", "referral-json", "http", "tls", "dynamodb",
                "sqs");
        assertThat(aws.requests()).extracting(PrimingTest::target)
                .containsExactly("DynamoDB_20120810.GetItem", "DynamoDB_20120810.PutItem", "AmazonSQS.SendMessage");
        assertThat(aws.requests()).allSatisfy(request -> {
            assertThat(request.firstMatchingHeader("Authorization")).hasValueSatisfying(
                    authorization -> assertThat(authorization).contains("Credential=priming/"));
            assertThat(request.host()).endsWith("eu-west-1.amazonaws.com");
        });
    }

    @Test
    void leaves_out_what_the_function_does_not_use() {
        // given
        Priming priming = new Priming(MAPPER, "us-east-1", false, false, false);
        PrimingHttpClient aws = new PrimingHttpClient();

        // when
        List<Priming.Primed> primed = priming.run(aws);

        // then
        assertThat(primed).extracting(Priming.Primed::part).containsExactly("json", "http", "tls");
        assertThat(aws.requests()).isEmpty();
    }

    private static String target(SdkHttpRequest request) {
        return request.firstMatchingHeader("X-Amz-Target").orElse("");
    }
}
