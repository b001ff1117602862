package io.cosell.shared.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageRulesTest {

    private static JavaClasses shared;

    @BeforeAll
    static void importShared() {
        shared = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.cosell.shared");
    }

    @Test
    void shared_main_code_is_imported() {
        // then: the rules below would pass vacuously on an empty import
        assertThat(shared.stream().map(javaClass -> javaClass.getPackageName()).distinct())
                .contains("io.cosell.shared.vocabulary", "io.cosell.shared.usecase", "io.cosell.shared.sync.inbound");
    }

    @Test
    void shared_has_no_package_cycles() {
        // when / then
        PackageRules.NO_PACKAGE_CYCLES.check(shared);
    }

    @Test
    void the_vocabulary_depends_on_no_other_package() {
        // when / then
        PackageRules.VOCABULARY_DEPENDS_ON_NOTHING.check(shared);
    }

    @Test
    void the_use_cases_depend_on_the_vocabulary_only() {
        // when / then
        PackageRules.USE_CASES_DEPEND_ON_VOCABULARY_ONLY.check(shared);
    }

    @Test
    void a_cycle_between_two_packages_fails_the_rule_and_names_them() {
        // given: fixture.cycle.a and fixture.cycle.b use each other
        JavaClasses withCycle = new ClassFileImporter().importPackages("io.cosell.shared.architecture.fixture.cycle");

        // when / then
        assertThatThrownBy(() -> PackageRules.NO_PACKAGE_CYCLES.check(withCycle))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("fixture.cycle.a")
                .hasMessageContaining("fixture.cycle.b");
    }
}
