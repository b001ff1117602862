package io.cosell.shared.sync.poll;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.mapping.MappingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CrmPollSettingsTest {

    @Test
    void the_default_mapping_watches_the_columns_that_go_to_partner_center() {
        // when
        List<String> watched = CrmPollSettings.watchedColumns(MappingConfig.defaults(), List.of());

        // then
        assertThat(watched).containsExactly("name", "description", "estimatedvalue", "estimatedclosedate",
                "_transactioncurrencyid_value", "_customerid_value", "_parentcontactid_value", "statecode",
                "statuscode", "cosell_microsofthelp", "cosell_visibletomicrosoft", "cosell_referralresponse",
                "cosell_declinereason");
        assertThat(CrmPollSettings.DEFAULT_WATCHED_COLUMNS).isEqualTo(watched);
    }

    @Test
    void the_mappings_own_columns_are_watched_and_extra_ones_added_once() {
        // given
        MappingConfig mapping = MappingConfig.fromJson(new ObjectMapper(), """
                {"dealValueColumn": "new_dealvalue", "closeDateColumn": "new_closedate",
                 "currencyLookup": "new_currency",
                 "connectorColumns": {"microsoftHelp": "new_mshelp", "visibleToMicrosoft": "new_visible",
                                      "referralResponse": "new_response", "declineReason": "new_declinereason"}}
                """);

        // when
        List<String> watched = CrmPollSettings.watchedColumns(mapping, List.of("new_segment", "name"));

        // then
        assertThat(watched).contains("new_dealvalue", "new_closedate", "_new_currency_value", "new_mshelp",
                "new_visible", "new_response", "new_declinereason", "new_segment")
                .doesNotContain("estimatedvalue", "estimatedclosedate", "_transactioncurrencyid_value",
                        "cosell_microsofthelp")
                .doesNotHaveDuplicates();
    }
}
