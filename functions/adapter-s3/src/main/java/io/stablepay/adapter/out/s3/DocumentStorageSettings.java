package io.stablepay.adapter.out.s3;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * Where verification documents are kept ({@code stablepay.kyc.*}); the KYC settings under the same
 * prefix that are not about storage are read where the KYC service is built.
 */
@ConfigurationProperties("stablepay.kyc")
public class DocumentStorageSettings {

  /**
   * The documents bucket; no default: the stack creates it, and a function without it has no
   * document storage.
   */
  @NotBlank private String documentsBucket;

  /** Path-style addressing, for emulators without bucket subdomains (default false). */
  private boolean pathStyle = false;

  public String getDocumentsBucket() {
    return documentsBucket;
  }

  public void setDocumentsBucket(String documentsBucket) {
    this.documentsBucket = documentsBucket;
  }

  public boolean isPathStyle() {
    return pathStyle;
  }

  public void setPathStyle(boolean pathStyle) {
    this.pathStyle = pathStyle;
  }
}
