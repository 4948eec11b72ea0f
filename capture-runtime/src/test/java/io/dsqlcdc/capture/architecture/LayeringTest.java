package io.dsqlcdc.capture.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages depend on each other without cycles; the capture flow (the pipeline, its sources and the
 * dispatcher) sits on top of what it uses, never beneath; and the runtime has no Kubernetes code at all.
 */
class LayeringTest {
  static final JavaClasses RUNTIME = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.dsqlcdc.capture");

  @Test
  void theRuntimesPackagesHaveNoCycles() {
    slices().matching("io.dsqlcdc.capture.(*)..").should().beFreeOfCycles().check(RUNTIME);
  }

  @Test
  void onlyTheCommandsStartThePipeline() {
    noClasses().that().resideOutsideOfPackages("io.dsqlcdc.capture.pipeline..", "io.dsqlcdc.capture.cli..")
        .should().dependOnClassesThat().resideInAPackage("io.dsqlcdc.capture.pipeline..").check(RUNTIME);
  }

  @Test
  void eventsStateOffsetsSourceAndSinkKnowNothingOfTheCaptureFlow() {
    noClasses().that().resideInAnyPackage("io.dsqlcdc.capture.event..", "io.dsqlcdc.capture.state..",
            "io.dsqlcdc.capture.window..", "io.dsqlcdc.capture.offsets..", "io.dsqlcdc.capture.source..",
            "io.dsqlcdc.capture.sink..")
        .should().dependOnClassesThat().resideInAnyPackage("io.dsqlcdc.capture.pipeline..",
            "io.dsqlcdc.capture.snapshot..", "io.dsqlcdc.capture.streaming..", "io.dsqlcdc.capture.dispatch..")
        .check(RUNTIME);
  }

  @Test
  void theRuntimeHasNoKubernetesCode() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "io.javaoperatorsdk..")
        .check(RUNTIME);
  }
}
