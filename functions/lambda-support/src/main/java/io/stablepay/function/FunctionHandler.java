package io.stablepay.function;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;

/**
 * A function that is not behind the HTTP API (a schedule, a queue or a workflow invokes it):
 * Micronaut's request handler with typed input and output, whose context starts in the function's
 * own environment ({@link #function()}, one of {@link io.stablepay.schema.Functions}). Its injected
 * fields are resolved during init, so a bean the function lacks fails its start, and its first
 * paths are primed then ({@link Priming}). Subclasses keep the no-argument constructor Lambda uses
 * and may add one taking a context, for tests.
 */
public abstract class FunctionHandler<I, O> extends MicronautRequestHandler<I, O> {

  /** Keeps the priming hook reachable (CRaC holds it weakly). */
  private final Priming priming;

  protected FunctionHandler() {
    super();
    priming = Priming.of(getApplicationContext(), () -> {});
  }

  protected FunctionHandler(ApplicationContext context) {
    super(context);
    priming = Priming.of(context, () -> {});
  }

  /** The function this handler serves: its Micronaut environment. */
  protected abstract String function();

  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return super.newApplicationContextBuilder().environments(function());
  }
}
