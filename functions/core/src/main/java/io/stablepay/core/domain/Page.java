package io.stablepay.core.domain;

import java.util.List;

/** One page of a list and the opaque cursor of the next page (null on the last page). */
public record Page<T>(List<T> data, String nextCursor) {

  public Page {
    data = List.copyOf(data);
  }
}
