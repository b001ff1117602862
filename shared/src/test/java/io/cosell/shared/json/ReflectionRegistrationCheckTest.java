package io.cosell.shared.json;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reflection-registration check itself: it must fail on a JSON-bound type that nobody registered. */
class ReflectionRegistrationCheckTest {

    private static final String FIXTURES = "io.cosell.shared.json.fixture";

    @Test
    void namesAnUnregisteredBoundRecordItsComponentTypesEnumsAndFunqSignatures() throws URISyntaxException {
        // given
        Path testClasses = Path.of(getClass().getProtectionDomain().getCodeSource().getLocation().toURI());

        // when
        JacksonBindingScan scan = JacksonBindingScan.scan(List.of(testClasses), List.of(FIXTURES));

        // then
        assertThat(scan.unregistered()).extracting(JacksonBindingScan.Bound::type).containsExactlyInAnyOrder(
                FIXTURES + ".NewPayload", FIXTURES + ".NewPayload$NewLine", FIXTURES + ".NewPayload$NewKind",
                FIXTURES + ".ListedPayload", FIXTURES + ".NewFunction$NewInput", FIXTURES + ".NewFunction$NewOutput");
        assertThat(scan.boundTypes()).extracting(JacksonBindingScan.Bound::type)
                .contains(FIXTURES + ".RegisteredPayload");
        assertThat(scan.opaqueSites()).isEmpty();
    }
}
