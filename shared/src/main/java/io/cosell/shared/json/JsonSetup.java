package io.cosell.shared.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The one JSON configuration of the connector, applied to Quarkus's own {@link ObjectMapper} (the bean every class
 * that reads or writes JSON is given): ISO-8601 dates, never numeric timestamps; offsets kept as sent (no adjustment
 * to a context time zone); unknown properties ignored (Partner Center adds fields); null properties left out.
 * It also registers the modules Quarkus registers on its mapper, so {@link #newMapper()} (for code built without
 * CDI, such as tests) behaves as the bean does.
 * <p>
 * Readers that need something stricter derive an {@link com.fasterxml.jackson.databind.ObjectReader} from this
 * mapper, e.g. the mapping configuration, which refuses unknown properties.
 */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {

    /** A new mapper configured as the CDI bean is. */
    public static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper();
        new JsonSetup().customize(mapper);
        return mapper;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .registerModule(new ParameterNamesModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
