package io.stablepay.adapter.in.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;

/**
 * The address a request came from, as API Gateway saw the connection ({@code
 * requestContext.http.sourceIp}), never a header the caller writes: not {@code X-Forwarded-For},
 * and not Micronaut's {@code getRemoteAddress()}, which behind API Gateway falls back to the
 * server's own address from the {@code Host} header.
 */
public final class SourceAddress {

  private SourceAddress() {}

  /** The source IP, or null when the request did not come through API Gateway. */
  public static String of(HttpRequest<?> request) {
    if (request instanceof ServletHttpRequest<?, ?> servlet
        && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event
        && event.getRequestContext() != null
        && event.getRequestContext().getHttp() != null) {
      String ip = event.getRequestContext().getHttp().getSourceIp();
      return ip == null || ip.isBlank() ? null : ip;
    }
    return null;
  }
}
