package io.stablepay.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DocumentedRoutesTest {

  private final DocumentedRoutes routes =
      new DocumentedRoutes(
          """
      openapi: 3.0.1
      paths:
        /api/payments/{id}:
          get: {}
        /api/payments/{id}/pay:
          post: {}
          parameters: []
        /api/payments/request:
          post: {}
      """);

  @Test
  void aDocumentedPathAnswersItsMethodsWhateverItsParameters() {
    assertThat(routes.methodsOf("/api/payments/req_1")).contains(Set.of("GET"));
    assertThat(routes.methodsOf("/api/payments/req_1/pay")).contains(Set.of("POST"));
    // a literal segment and a parameter both match: both templates' methods
    assertThat(routes.methodsOf("/api/payments/request")).contains(Set.of("GET", "POST"));
  }

  @Test
  void anUndocumentedPathHasNoMethods() {
    assertThat(routes.methodsOf("/api/payments")).isEmpty();
    assertThat(routes.methodsOf("/api/payments/a/b")).isEmpty();
    assertThat(routes.methodsOf("/api/payments/req_1/pay/")).isEmpty();
  }

  @Test
  void theServedDocumentIsRead() {
    assertThat(new DocumentedRoutes().methodsOf("/api/wallet/transfer")).contains(Set.of("POST"));
  }
}
