package io.stablepay.adapter.out.kms;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.identity.AccessToken;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.identity.VerifiedToken;
import io.stablepay.core.port.in.IdentityMessages;
import io.stablepay.core.port.out.TokenService;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * ES256 access tokens signed by KMS: the signing input goes to KMS {@code Sign} (the private key
 * never leaves it), and its DER signature is transcoded to the JWS form. Verification is local with
 * Nimbus against the public key, fetched once from KMS and kept for the life of the process.
 */
@Singleton
final class KmsTokenService implements TokenService {

  private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  /** The sign-in session a token belongs to (the name OpenID Connect gives it). */
  static final String SESSION_CLAIM = "sid";

  private final KmsClient kms;
  private final JwtSettings settings;
  private final Clock clock;
  private volatile ECKey publicKey;

  KmsTokenService(KmsClient kms, JwtSettings settings, Clock clock) {
    this.kms = kms;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public AccessToken issue(User user, String sessionId) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(user.id())
            .claim("role", user.role().name())
            .claim(SESSION_CLAIM, sessionId)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(settings.getLifetime())))
            .issuer(settings.getIssuer())
            .audience(settings.getAudience())
            .jwtID(UUID.randomUUID().toString())
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(JOSEObjectType.JWT)
            .keyID(publicKey().getKeyID())
            .build();
    Base64URL headerPart = header.toBase64URL();
    Base64URL payloadPart = Base64URL.encode(claims.toString());
    byte[] signingInput = (headerPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII);
    byte[] der =
        kms.sign(
                s ->
                    s.keyId(keyId())
                        .message(SdkBytes.fromByteArray(signingInput))
                        .messageType(MessageType.RAW)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
            .signature()
            .asByteArray();
    try {
      Base64URL signature = Base64URL.encode(ECDSA.transcodeSignatureToConcat(der, 64));
      String token = headerPart + "." + payloadPart + "." + signature;
      return new AccessToken(token, settings.getLifetime().toSeconds());
    } catch (JOSEException e) {
      throw new IllegalStateException("KMS returned a signature that is not ECDSA P-256 DER", e);
    }
  }

  @Override
  public VerifiedToken verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      ECKey key = publicKey();
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
          || !key.getKeyID().equals(jwt.getHeader().getKeyID())
          || !jwt.verify(new ECDSAVerifier(key))) {
        throw unauthorized();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Instant now = clock.instant();
      if (claims.getExpirationTime() == null
          || !claims.getExpirationTime().toInstant().plus(CLOCK_SKEW).isAfter(now)
          || !settings.getIssuer().equals(claims.getIssuer())
          || claims.getAudience() == null
          || !claims.getAudience().contains(settings.getAudience())
          || claims.getSubject() == null
          || claims.getStringClaim(SESSION_CLAIM) == null) {
        throw unauthorized();
      }
      return new VerifiedToken(
          claims.getSubject(),
          Role.valueOf(claims.getStringClaim("role")),
          claims.getStringClaim(SESSION_CLAIM));
    } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
      throw unauthorized();
    }
  }

  @Override
  public String publicKeySetJson() {
    return new JWKSet(List.of(publicKey())).toString(true);
  }

  private ECKey publicKey() {
    ECKey key = publicKey;
    if (key == null) {
      synchronized (this) {
        if (publicKey == null) {
          publicKey = fetchPublicKey();
        }
        key = publicKey;
      }
    }
    return key;
  }

  private ECKey fetchPublicKey() {
    byte[] spki = kms.getPublicKey(r -> r.keyId(keyId())).publicKey().asByteArray();
    try {
      ECPublicKey ec =
          (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
      ECKey jwk =
          new ECKey.Builder(Curve.P_256, ec)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .build();
      // the kid is the key's RFC 7638 thumbprint: stable, and new when the key rotates
      return new ECKey.Builder(jwk).keyID(jwk.computeThumbprint().toString()).build();
    } catch (GeneralSecurityException | ClassCastException | JOSEException e) {
      throw new IllegalStateException("KMS key " + keyId() + " is not an ECC_NIST_P256 key", e);
    }
  }

  private String keyId() {
    String keyId = settings.getKeyId();
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalStateException("stablepay.jwt.key-id (STABLEPAY_JWT_KEY_ID) is not set");
    }
    return keyId;
  }

  private static UnauthorizedException unauthorized() {
    return new UnauthorizedException(IdentityMessages.NOT_AUTHENTICATED);
  }
}
