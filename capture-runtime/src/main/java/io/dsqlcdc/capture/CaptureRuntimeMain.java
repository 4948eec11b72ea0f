package io.dsqlcdc.capture;

import io.dsqlcdc.capture.cli.RunCommand;
import io.dsqlcdc.capture.cli.RuntimeVersionProvider;
import io.dsqlcdc.capture.diagnose.DiagnoseCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code capture-runtime <command>}: each command is a subcommand class (package cli) listed here. */
@Command(name = "capture-runtime", mixinStandardHelpOptions = true, versionProvider = RuntimeVersionProvider.class,
    description = "Streams changes from Aurora DSQL (or PostgreSQL) tables into Kafka, exactly once.",
    subcommands = {RunCommand.class, DiagnoseCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:clean stop", "1:runtime failure", "2:invalid config or usage", "3:fenced by another runtime"})
public final class CaptureRuntimeMain implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CaptureRuntimeMain()).execute(args));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required, e.g. run --config FILE");
  }
}
