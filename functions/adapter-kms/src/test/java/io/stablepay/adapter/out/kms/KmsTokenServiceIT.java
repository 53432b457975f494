package io.stablepay.adapter.out.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.identity.AccessToken;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.identity.VerifiedToken;
import io.stablepay.devstack.MiniStackServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/** Real ES256 signatures from the emulator's KMS, verified by Nimbus through the JWKS. */
class KmsTokenServiceIT {

  private static final User ADA =
      new User(
          "u-1",
          new Email("ada@example.com"),
          "Ada",
          "L",
          Role.MERCHANT,
          KycStatus.NOT_STARTED,
          true,
          Instant.parse("2026-11-23T22:00:00Z"));

  private static MiniStackServer emulator;
  private static KmsClient kms;
  private static String keyId;

  @BeforeAll
  static void start() {
    emulator = MiniStackServer.start(0);
    kms =
        KmsClient.builder()
            .endpointOverride(URI.create(emulator.endpoint()))
            .region(Region.US_EAST_1)
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
    keyId =
        kms.createKey(k -> k.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
            .keyMetadata()
            .keyId();
  }

  @AfterAll
  static void stop() {
    kms.close();
    emulator.close();
  }

  private static KmsTokenService service(Clock clock, String audience) {
    JwtSettings settings = new JwtSettings();
    settings.setKeyId(keyId);
    settings.setAudience(audience);
    return new KmsTokenService(kms, settings, clock);
  }

  @Test
  void issuesAnEs256TokenThatTheJwksVerifies() throws Exception {
    KmsTokenService tokens = service(Clock.systemUTC(), "stablepay-api");

    AccessToken token = tokens.issue(ADA, "session-1");

    SignedJWT jwt = SignedJWT.parse(token.value());
    JWKSet jwks = JWKSet.parse(tokens.publicKeySetJson());
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(jwks.getKeyByKeyId(jwt.getHeader().getKeyID())).isNotNull();
    assertThat(jwt.verify(new ECDSAVerifier(jwks.getKeys().get(0).toECKey()))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getClaims())
        .containsKeys("sub", "role", "iat", "exp", "iss", "aud", "jti");
    assertThat(token.expiresInSeconds()).isEqualTo(900);
    assertThat(tokens.verify(token.value()))
        .isEqualTo(new VerifiedToken("u-1", Role.MERCHANT, "session-1"));
    assertThat(jwks.toString()).doesNotContain("\"d\"");
  }

  @Test
  void aTamperedTokenIsRefused() throws Exception {
    KmsTokenService tokens = service(Clock.systemUTC(), "stablepay-api");
    String[] parts = tokens.issue(ADA, "session-1").value().split("\\.");
    String forgedPayload =
        com.nimbusds.jose.util.Base64URL.encode(
                parts[1].length() > 0
                    ? SignedJWT.parse(String.join(".", parts))
                        .getJWTClaimsSet()
                        .toString()
                        .replace("MERCHANT", "ADMIN")
                    : "")
            .toString();

    assertThatThrownBy(() -> tokens.verify(parts[0] + "." + forgedPayload + "." + parts[2]))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> tokens.verify("not.a.token"))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void anExpiredTokenIsRefused() {
    Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
    String old =
        service(Clock.fixed(anHourAgo, ZoneOffset.UTC), "stablepay-api")
            .issue(ADA, "session-1")
            .value();

    assertThatThrownBy(() -> service(Clock.systemUTC(), "stablepay-api").verify(old))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    String elsewhere = service(Clock.systemUTC(), "another-api").issue(ADA, "session-1").value();

    assertThatThrownBy(() -> service(Clock.systemUTC(), "stablepay-api").verify(elsewhere))
        .isInstanceOf(UnauthorizedException.class);
  }
}
