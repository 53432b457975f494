package io.stablepay.core.domain;

/** Health of one dependency: UP, or DOWN with a reason an operator can act on. */
public record ComponentHealth(String name, boolean up, String reason) {

  public static ComponentHealth up(String name) {
    return new ComponentHealth(name, true, null);
  }

  public static ComponentHealth down(String name, String reason) {
    return new ComponentHealth(name, false, reason);
  }
}
