package io.stablepay.infra;

import software.amazon.awscdk.services.lambda.Code;

/**
 * The shaded jar of each function module ({@link Handler#module}): the app takes them from the
 * build ({@code functions/<module>/target/<module>.jar}), tests from a placeholder.
 */
@FunctionalInterface
public interface FunctionJars {

  /** The jar of {@code module}. */
  Code jar(String module);
}
