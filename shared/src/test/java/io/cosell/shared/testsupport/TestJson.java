package io.cosell.shared.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.json.JsonSetup;
import io.cosell.shared.referral.ReferralJson;

/** The connector's mapper for classes built without CDI, configured as the CDI bean is. */
public final class TestJson {

    public static final ObjectMapper MAPPER = JsonSetup.newMapper();
    public static final ReferralJson REFERRAL_JSON = new ReferralJson(MAPPER);

    private TestJson() {
    }
}
