package io.stablepay.adapter.out.s3;

import io.micronaut.context.annotation.Requires;
import io.stablepay.core.port.out.DocumentStorage;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Verification documents in an S3 bucket ({@link DocumentStorageSettings}): uploads go straight
 * from the user to the bucket through a presigned PUT that fixes the key and the content type; only
 * the checks read them back (a HEAD for the size, a ranged GET for the first bytes). Path-style
 * addressing is for emulators without bucket subdomains. Endpoint, region and credentials come from
 * the SDK's standard settings, for the client and the presigner alike.
 */
@Singleton
@Requires(property = "stablepay.kyc.documents-bucket")
final class S3DocumentStorage implements DocumentStorage {

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;

  @Inject
  S3DocumentStorage(SdkHttpClient http, DocumentStorageSettings settings) {
    this(http, settings.getDocumentsBucket(), settings.isPathStyle());
  }

  S3DocumentStorage(SdkHttpClient http, String bucket, boolean pathStyle) {
    S3Configuration configuration =
        S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build();
    this.s3 = S3Client.builder().httpClient(http).serviceConfiguration(configuration).build();
    this.presigner = S3Presigner.builder().serviceConfiguration(configuration).build();
    this.bucket = bucket;
  }

  @Override
  public Upload presignUpload(String key, String contentType, Duration ttl) {
    PresignedPutObjectRequest presigned =
        presigner.presignPutObject(
            p ->
                p.signatureDuration(ttl)
                    .putObjectRequest(put -> put.bucket(bucket).key(key).contentType(contentType)));
    return new Upload(
        presigned.url().toString(), presigned.expiration(), Map.of("Content-Type", contentType));
  }

  @Override
  public Optional<Long> size(String key) {
    try {
      return Optional.of(s3.headObject(h -> h.bucket(bucket).key(key)).contentLength());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty(); // HEAD answers carry no error code, only the status
      }
      throw e;
    }
  }

  @Override
  public byte[] head(String key, int bytes) {
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(g -> g.bucket(bucket).key(key).range("bytes=0-" + (bytes - 1)))) {
      return in.readNBytes(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @PreDestroy
  void close() {
    presigner.close();
    s3.close();
  }
}
