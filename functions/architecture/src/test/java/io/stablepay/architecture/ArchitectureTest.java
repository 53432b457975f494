package io.stablepay.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency arrows point inwards: adapters depend on the core, never the reverse. */
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
}
