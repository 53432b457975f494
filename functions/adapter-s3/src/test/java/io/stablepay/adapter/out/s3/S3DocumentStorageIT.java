package io.stablepay.adapter.out.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.port.out.DocumentStorage;
import io.stablepay.devstack.MiniStackServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Documents on the emulator's S3 through the adapter, which finds the emulator only through the
 * SDK's standard settings (set here as the {@code aws.*} system properties, as an operator would
 * set {@code AWS_ENDPOINT_URL}): a presigned PUT made by a plain HTTP client lands the bytes, and
 * the checks' reads see their size and first bytes.
 */
class S3DocumentStorageIT {

  private static final String BUCKET = "documents";

  private static MiniStackServer emulator;
  private static S3DocumentStorage storage;

  @BeforeAll
  static void start() {
    emulator = MiniStackServer.start(0);
    System.setProperty("aws.endpointUrl", emulator.endpoint());
    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    try (S3Client admin =
        S3Client.builder()
            .endpointOverride(URI.create(emulator.endpoint()))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      admin.createBucket(b -> b.bucket(BUCKET));
    }
    storage = new S3DocumentStorage(UrlConnectionHttpClient.create(), BUCKET, true);
  }

  @AfterAll
  static void stop() {
    storage.close();
    for (String property :
        new String[] {"aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey"}) {
      System.clearProperty(property);
    }
    emulator.close();
  }

  @Test
  void aPresignedUploadLandsTheBytesAndTheChecksReadTheirSizeAndHead() throws Exception {
    byte[] pdf = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    Instant before = Instant.now();
    DocumentStorage.Upload upload =
        storage.presignUpload("kyc/u1/doc_1", "application/pdf", Duration.ofMinutes(15));

    assertThat(upload.url())
        .startsWith(emulator.endpoint() + "/" + BUCKET + "/kyc/u1/doc_1?")
        .contains("X-Amz-Signature=")
        .contains("X-Amz-Expires=900");
    assertThat(upload.expiresAt()).isBetween(before.plusSeconds(899), before.plusSeconds(905));
    assertThat(upload.headers()).containsEntry("Content-Type", "application/pdf");
    HttpRequest.Builder put =
        HttpRequest.newBuilder(URI.create(upload.url()))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(pdf));
    upload.headers().forEach(put::header);
    HttpResponse<String> answer =
        HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

    assertThat(storage.size("kyc/u1/doc_1")).contains((long) pdf.length);
    assertThat(storage.head("kyc/u1/doc_1", 8)).isEqualTo(Arrays.copyOf(pdf, 8));
    assertThat(storage.head("kyc/u1/doc_1", 4096)).isEqualTo(pdf);
  }

  @Test
  void aDocumentNeverUploadedHasNoSize() {
    assertThat(storage.size("kyc/u1/never")).isEmpty();
  }
}
