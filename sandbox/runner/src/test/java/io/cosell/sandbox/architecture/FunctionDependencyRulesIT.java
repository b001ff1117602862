package io.cosell.sandbox.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.cosell.sandbox.lambda.FunctionZips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.jar.JarFile;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Functions are thin adapters: from {@code shared} they use the use-case interfaces and their inputs and results
 * ({@code io.cosell.shared.usecase}) and nothing else. Checked on the classes inside each built function.zip.
 */
class FunctionDependencyRulesIT {

    private static final ArchRule RULE = noClasses()
            .that().resideInAPackage("io.cosell.functions..")
            .should().dependOnClassesThat(DescribedPredicate.describe(
                    "are in io.cosell.shared but not in io.cosell.shared.usecase",
                    javaClass -> javaClass.getPackageName().startsWith("io.cosell.shared")
                            && !javaClass.getPackageName().startsWith("io.cosell.shared.usecase")))
            .as("functions depend on shared only through io.cosell.shared.usecase");

    @ParameterizedTest
    @ValueSource(strings = {"cosell-webhook-receiver", "cosell-mapper", "cosell-crm-poller", "cosell-registration",
            "cosell-reconciler", "cosell-admin", "cosell-token-keepalive"})
    void a_function_uses_shared_only_through_its_use_cases(String function) throws IOException {
        // given
        JavaClasses classes;
        try (JarFile zip = new JarFile(FunctionZips.of(function).toFile())) {
            classes = new ClassFileImporter().importJar(zip);
        }

        // then
        assertThat(classes.stream().filter(javaClass -> javaClass.getPackageName().startsWith("io.cosell.functions")))
                .as("the function's own classes at the root of its zip").isNotEmpty();
        RULE.check(classes);
    }

    @Test
    void a_function_reaching_past_the_use_cases_fails_the_rule() {
        // given: a fixture "function" that builds a sync implementation itself
        JavaClasses wrongWay = new ClassFileImporter().importPackages("io.cosell.functions.fixture");

        // when / then
        assertThatThrownBy(() -> RULE.check(wrongWay))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("WrongWayHandler")
                .hasMessageContaining("io.cosell.shared.sync.SyncDispatcher");
    }
}
