package io.stablepay.adapter.in.http.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.web.router.RouteAttributes;
import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.port.in.Authentication;
import io.stablepay.core.port.in.IdentityMessages;
import io.stablepay.schema.Functions;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * A route that takes a {@link Caller} parameter requires a valid bearer token: this binder verifies
 * it (signature, expiry, audience, and that the account is still active) before the controller
 * runs, or answers 401; a route marked {@link Roles} also gets 403 for other roles.
 */
@Singleton
@Requires(
    env = {
      Functions.AUTH_API,
      Functions.WALLET_API,
      Functions.MERCHANT_API,
      Functions.SIGNER_API,
      Functions.KYC_API,
      Functions.SUBSCRIPTION_API,
      Functions.ESCROW_API
    })
final class CallerBinder implements TypedRequestArgumentBinder<Caller> {

  private static final String BEARER = "Bearer ";

  private final Authentication authentication;

  CallerBinder(Authentication authentication) {
    this.authentication = authentication;
  }

  @Override
  public Argument<Caller> argumentType() {
    return Argument.of(Caller.class);
  }

  @Override
  public BindingResult<Caller> bind(
      ArgumentConversionContext<Caller> context, HttpRequest<?> request) {
    String header = request.getHeaders().getAuthorization().orElse("");
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new UnauthorizedException(IdentityMessages.NOT_AUTHENTICATED);
    }
    Caller caller = authentication.authenticate(header.substring(BEARER.length()).trim());
    RouteAttributes.getRouteMatch(request)
        .map(route -> route.getAnnotationMetadata().enumValues(Roles.class, Role.class))
        .filter(allowed -> allowed.length > 0)
        .ifPresent(caller::requireRole);
    return () -> Optional.of(caller);
  }
}
