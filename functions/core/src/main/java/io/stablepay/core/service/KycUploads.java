package io.stablepay.core.service;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.kyc.DocumentType;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.port.in.KycReviews.UploadTicket;
import io.stablepay.core.port.out.DocumentStorage;
import io.stablepay.core.port.out.KycStore;
import java.time.Clock;
import java.time.Duration;

/**
 * A user's KYC document uploads, for {@link KycService}: records the document and hands out a
 * presigned upload URL, within the limits on content types and on documents waiting for a review.
 */
public final class KycUploads {

  /** How long an upload URL stays valid. */
  static final Duration UPLOAD_TTL = Duration.ofMinutes(15);

  /** Documents a user may have waiting for a review. */
  static final int MAX_UNUSED_DOCUMENTS = 20;

  private final KycStore store;
  private final DocumentStorage documents;
  private final Clock clock;

  public KycUploads(KycStore store, DocumentStorage documents, Clock clock) {
    this.store = store;
    this.documents = documents;
    this.clock = clock;
  }

  UploadTicket requestUpload(Caller caller, String type, String contentType) {
    DocumentType documentType = DocumentType.parse(type);
    String accepted = KycDocument.acceptedContentType(contentType);
    if (accepted == null) {
      throw new InvalidRequestException(
          "contentType must be application/pdf, image/jpeg or" + " image/png");
    }
    if (store.unusedDocuments(caller.userId()).size() >= MAX_UNUSED_DOCUMENTS) {
      throw new InvalidValueException(
          "at most "
              + MAX_UNUSED_DOCUMENTS
              + " documents may wait for a review: submit them first");
    }
    KycDocument document =
        new KycDocument(
            "doc_" + SecretToken.randomHex(12),
            caller.userId(),
            documentType,
            accepted,
            null,
            null,
            null,
            clock.instant());
    store.saveDocument(document);
    DocumentStorage.Upload upload =
        documents.presignUpload(document.objectKey(), accepted, UPLOAD_TTL);
    return new UploadTicket(
        document.id(), documentType.name(), upload.url(), upload.headers(), upload.expiresAt());
  }
}
