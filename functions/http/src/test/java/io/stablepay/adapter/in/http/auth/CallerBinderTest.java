package io.stablepay.adapter.in.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.convert.ConversionContext;
import io.micronaut.http.HttpRequest;
import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.port.in.IdentityMessages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Caller binding: a route that takes a {@link Caller} runs only for a bearer token the
 * authentication use case accepts, and gets the caller that token names, never one from the
 * request's parameters or body.
 */
class CallerBinderTest {

  private final List<String> tokensSeen = new ArrayList<>();
  private final CallerBinder binder =
      new CallerBinder(
          token -> {
            tokensSeen.add(token);
            if (!token.startsWith("valid-")) {
              throw new UnauthorizedException("the access token is invalid or expired");
            }
            return new Caller(token.substring("valid-".length()), Role.USER);
          });
  private final ArgumentConversionContext<Caller> context =
      ConversionContext.of(binder.argumentType());

  @Test
  void aBearerTokenTheUseCaseAcceptsBindsTheCallerItNames() {
    Caller caller =
        bind(HttpRequest.GET("/api/wallet/balance").header("Authorization", "Bearer valid-ada"));

    assertThat(caller.userId()).isEqualTo("ada");
    assertThat(tokensSeen).containsExactly("valid-ada");
  }

  @Test
  void theSchemeIsCaseInsensitiveAndTheTokenIsTrimmed() {
    Caller caller =
        bind(
            HttpRequest.GET("/api/wallet/balance").header("Authorization", "bEaReR   valid-bob  "));

    assertThat(caller.userId()).isEqualTo("bob");
    assertThat(tokensSeen).containsExactly("valid-bob");
  }

  @Test
  void noTokenOrAnotherSchemeIsRefusedBeforeTheUseCaseIsAsked() {
    assertThatThrownBy(() -> bind(HttpRequest.GET("/api/wallet/balance")))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessage(IdentityMessages.NOT_AUTHENTICATED);
    assertThatThrownBy(
            () ->
                bind(
                    HttpRequest.GET("/api/wallet/balance")
                        .header("Authorization", "Basic YWRhOnNlY3JldA==")))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessage(IdentityMessages.NOT_AUTHENTICATED);
    assertThat(tokensSeen).isEmpty();
  }

  @Test
  void aTokenTheUseCaseRefusesIsRefusedWithItsReason() {
    assertThatThrownBy(
            () ->
                bind(
                    HttpRequest.GET("/api/wallet/balance")
                        .header("Authorization", "Bearer forged")))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessage("the access token is invalid or expired");
  }

  @Test
  void theCallerComesFromTheTokenNotFromTheRequest() {
    Caller caller =
        bind(
            HttpRequest.GET("/api/wallet/balance?caller=root&userId=root")
                .header("Authorization", "Bearer valid-ada")
                .header("X-User-Id", "root"));

    assertThat(caller.userId()).isEqualTo("ada");
    assertThat(caller.role()).isEqualTo(Role.USER);
  }

  private Caller bind(HttpRequest<?> request) {
    return binder.bind(context, request).getValue().orElseThrow();
  }
}
