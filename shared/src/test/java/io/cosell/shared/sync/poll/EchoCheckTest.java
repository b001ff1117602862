package io.cosell.shared.sync.poll;

import io.cosell.shared.testsupport.TestJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EchoCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "8C0F6D1E-55AA-EE11-BE37-000D3A1B2C3D";

    private final EchoCheck check = new EchoCheck(List.of("name", "estimatedvalue", "estimatedclosedate",
            "description", "_customerid_value", "cosell_visibletomicrosoft"), TestJson.MAPPER);

    private static CrmRecord row(String json) throws Exception {
        return new CrmRecord(UUID.randomUUID(), "W/\"7\"", (ObjectNode) JSON.readTree(json));
    }

    @Test
    void values_written_differently_but_equal_are_an_echo() throws Exception {
        // given
        CrmRecord row = row("""
                {"name":"✔ Contoso migration","estimatedvalue":50000,"estimatedclosedate":"2025-06-30",
                 "description":null,"_customerid_value":"%s","cosell_visibletomicrosoft":true}
                """.formatted(ACCOUNT.toLowerCase()));
        Map<String, String> snapshot = Map.of(
                "name", "\"Contoso migration\"",
                "estimatedvalue", "50000.00",
                "estimatedclosedate", "2025-06-30T00:00:00Z",
                "customerid_account@odata.bind", "\"/accounts(" + ACCOUNT + ")\"",
                "cosell_visibletomicrosoft", "true");

        // when / then
        assertThat(check.isEcho(row, snapshot)).isTrue();
    }

    @Test
    void plain_text_snapshot_values_compare_too() throws Exception {
        // given
        CrmRecord row = row("""
                {"name":"✘ Contoso migration","estimatedvalue":50000.5,"estimatedclosedate":null,"description":"",
                 "_customerid_value":null,"cosell_visibletomicrosoft":false}
                """);
        Map<String, String> snapshot = Map.of("name", "Contoso migration", "estimatedvalue", "50000.50",
                "cosell_visibletomicrosoft", "false");

        // when / then
        assertThat(check.isEcho(row, snapshot)).isTrue();
    }

    @Test
    void a_changed_value_is_not_an_echo() throws Exception {
        // given
        CrmRecord row = row("""
                {"name":"Contoso migration","estimatedvalue":60000,"cosell_visibletomicrosoft":false}
                """);

        // when / then
        assertThat(check.isEcho(row, Map.of("name", "Contoso migration", "estimatedvalue", "50000",
                "cosell_visibletomicrosoft", "false"))).isFalse();
    }

    @Test
    void a_value_where_the_snapshot_had_none_is_not_an_echo() throws Exception {
        // given
        CrmRecord row = row("""
                {"name":"Contoso migration","description":"added by the seller","cosell_visibletomicrosoft":false}
                """);

        // when / then
        assertThat(check.isEcho(row, Map.of("name", "Contoso migration", "cosell_visibletomicrosoft", "false")))
                .isFalse();
    }

    @Test
    void sync_marks_are_ignored_only_in_the_name() throws Exception {
        // given
        CrmRecord row = row("""
                {"name":"Contoso","description":"✔ done","cosell_visibletomicrosoft":false}
                """);

        // when / then
        assertThat(check.isEcho(row, Map.of("name", "Contoso", "description", "done",
                "cosell_visibletomicrosoft", "false"))).isFalse();
    }

    @Test
    void a_changed_time_on_a_date_is_not_an_echo() throws Exception {
        // given
        CrmRecord row = row("""
                {"name":"Contoso","estimatedclosedate":"2025-06-30T10:00:00Z","cosell_visibletomicrosoft":false}
                """);

        // when / then
        assertThat(check.isEcho(row, Map.of("name", "Contoso", "estimatedclosedate", "2025-06-30",
                "cosell_visibletomicrosoft", "false"))).isFalse();
    }
}
