package io.cosell.shared.json;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every type that shared (and any function module on this classpath) binds with Jackson at run time is registered
 * for reflection, so the native executables can read and write it.
 */
class ReflectionRegistrationTest {

    private static final List<String> PACKAGES = List.of("io.cosell.shared", "io.cosell.functions");

    @Test
    void everyJacksonBoundTypeIsRegisteredForReflection() throws URISyntaxException {
        // given
        Path testClasses = Path.of(getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).filter(entry -> !entry.equals(testClasses)).toList();

        // when
        JacksonBindingScan scan = JacksonBindingScan.scan(classpath, PACKAGES);

        // then
        System.out.println("Jackson-bound types: " + scan.boundTypes().size());
        scan.boundTypes().forEach(bound -> System.out.println("  " + bound.type() + " (" + bound.reason() + ")"));
        scan.opaqueSites().forEach(site -> System.out.println("  opaque: " + site));
        assertThat(scan.boundTypes()).extracting(JacksonBindingScan.Bound::type)
                .contains("io.cosell.shared.vocabulary.SyncMessage", "io.cosell.shared.referral.Referral",
                        "io.cosell.shared.mapping.MappingConfig");
        assertThat(scan.unregistered()).as("bound with Jackson but not registered for reflection").isEmpty();
        assertThat(scan.opaqueSites()).as("binding calls whose bound type cannot be seen").isEmpty();
    }
}
