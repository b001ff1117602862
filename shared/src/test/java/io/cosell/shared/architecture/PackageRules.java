package io.cosell.shared.architecture;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** How the packages of {@code shared} may depend on each other. */
final class PackageRules {

    /** Every package (sub-packages included) is its own slice: no two may depend on each other, directly or not. */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.cosell.shared.(**)").should().beFreeOfCycles();

    /** The sync message, record references and directions are the words every package shares: they use none. */
    static final ArchRule VOCABULARY_DEPENDS_ON_NOTHING = classes()
            .that().resideInAPackage("io.cosell.shared.vocabulary..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.cosell.shared.vocabulary..", "java..",
                    "com.fasterxml.jackson..", "io.quarkus.runtime.annotations..");

    /** What the functions call: interfaces and their inputs and results, built from the vocabulary only. */
    static final ArchRule USE_CASES_DEPEND_ON_VOCABULARY_ONLY = classes()
            .that().resideInAPackage("io.cosell.shared.usecase..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.cosell.shared.usecase..",
                    "io.cosell.shared.vocabulary..", "java..", "com.fasterxml.jackson..",
                    "io.quarkus.runtime.annotations..");

    private PackageRules() {
    }
}
