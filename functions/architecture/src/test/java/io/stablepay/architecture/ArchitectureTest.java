package io.stablepay.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The dependency arrows point inwards: adapters depend on the core, never the reverse; and the
 * core's classes stay small enough to read, split by responsibility.
 */
@AnalyzeClasses(packages = "io.stablepay", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreIsPlainJava =
      noClasses()
          .that()
          .resideInAPackage("io.stablepay.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "software.amazon..",
              "com.amazonaws..",
              "io.micronaut..",
              "org.web3j..",
              "org.tron..",
              "com.fasterxml..",
              "jakarta..",
              "okhttp3..",
              "io.stablepay.adapter..",
              "io.stablepay.config..")
          .because("the domain core imports no AWS, HTTP, framework or web3 types");

  @ArchTest
  static final ArchRule domainNeedsNoPorts =
      noClasses()
          .that()
          .resideInAPackage("io.stablepay.core.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.stablepay.core.port..")
          .because("the domain is values and rules; what reaches a store or a chain is a use case");

  @ArchTest
  static final ArchRule controllersDoNotTalkToAwsOrChains =
      noClasses()
          .that()
          .resideInAPackage("io.stablepay.adapter.in..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "software.amazon.awssdk..", "org.web3j..", "org.tron..", "io.stablepay.adapter.out..")
          .because("controllers parse, call a use case and map the result");

  @ArchTest
  static final ArchRule outboundAdaptersDoNotReachInbound =
      noClasses()
          .that()
          .resideInAPackage("io.stablepay.adapter.out..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.stablepay.adapter.in..");

  @ArchTest
  static final ArchRule railsStayInTheirFolders =
      noClasses()
          .that()
          .resideInAPackage("io.stablepay.adapter.out.evm..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.stablepay.adapter.out.tron..");

  /** The most collaborators and settings a class of the core is built from. */
  static final int MAX_CONSTRUCTOR_PARAMETERS = 7;

  @ArchTest
  static final ArchRule coreClassesTakeFewConstructorArguments =
      classes()
          .that()
          .resideInAPackage("io.stablepay.core..")
          .and()
          .areNotRecords()
          .and()
          .areNotEnums()
          .and()
          .areNotAnonymousClasses()
          .should(haveNoConstructorOfMoreThan(MAX_CONSTRUCTOR_PARAMETERS))
          .because(
              "a class built from more collaborators does more than one thing: split it by"
                  + " responsibility (as EscrowService, WithdrawalService and KycService were)");

  /**
   * Counts the parameters a constructor declares: an inner class's enclosing instance, which the
   * compiler adds, is not one of them.
   */
  private static ArchCondition<JavaClass> haveNoConstructorOfMoreThan(int max) {
    return new ArchCondition<>("have no constructor of more than " + max + " parameters") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        for (JavaConstructor constructor : type.getConstructors()) {
          int declared = constructor.getRawParameterTypes().size() - (type.isInnerClass() ? 1 : 0);
          if (declared > max) {
            events.add(
                SimpleConditionEvent.violated(
                    constructor, constructor.getFullName() + " takes " + declared + " parameters"));
          }
        }
      }
    };
  }
}
