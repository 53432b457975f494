package io.stablepay.core.port.in;

import io.stablepay.core.domain.ComponentHealth;
import java.util.List;

/** Reports whether every dependency of this process works right now. */
public interface CheckHealth {

  /** One entry per dependency, in a stable order; never throws. */
  List<ComponentHealth> check();
}
