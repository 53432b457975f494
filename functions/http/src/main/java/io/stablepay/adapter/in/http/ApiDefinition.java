package io.stablepay.adapter.in.http;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * Anchors the OpenAPI document, generated at compile time from the controllers into {@code
 * META-INF/swagger/stablepay-api-<version>.yml} and served at {@code /api/openapi.yml}.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "StablePay API",
            version = "0.1",
            description =
                "Self-hosted stablecoin payments: wallets, transfers, merchants, chains. "
                    + "Errors are RFC 9457 application/problem+json with a stable urn:stablepay:problem type: "
                    + "400 when the request breaks this document (a type, pattern, set of values or bound), "
                    + "422 when it conforms but what a value means refuses it (a checksum, an amount finer "
                    + "than its asset, a reference to nothing of yours, fields that do not go together, a "
                    + "network this deployment does not serve, a token or cursor it did not issue). "
                    + "Amounts are decimal strings; a JSON body that names a key twice is refused (400).",
            license = @License(name = "MIT")))
@SecurityScheme(
    name = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT (ES256, see /.well-known/jwks.json)")
final class ApiDefinition {

  private ApiDefinition() {}
}
