package io.stablepay.core.domain.kyc;

import java.util.ArrayList;
import java.util.List;

/**
 * The automated checks that run before a human looks: every document is there, within size and
 * readable as what it claims to be; the set holds the kind of document the review needs; the name
 * the documents carry is the profile's (the business's, for KYB); and neither that name nor the
 * profile's is on the sanctions list. Any failure rejects automatically, with every finding as the
 * reason; otherwise the review goes to a human with the findings attached.
 */
public final class KycChecks {

  /** A document as the store holds it: its size (null: never uploaded) and first bytes. */
  public record Stored(KycDocument document, Long size, byte[] head) {}

  /**
   * @param reject whether the checks alone reject the review
   * @param findings one line per check, failures first
   */
  public record Verdict(boolean reject, List<String> findings) {

    public Verdict {
      findings = List.copyOf(findings);
    }

    /** The findings as one reason. */
    public String reason() {
      return String.join("; ", findings);
    }
  }

  private KycChecks() {}

  /**
   * @param profileName the person's name on the profile (KYC) or the merchant's business name (KYB)
   */
  public static Verdict run(
      KycReview review, List<Stored> documents, String profileName, NameScreen sanctions) {
    List<String> failures = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    boolean needed = false;
    for (Stored stored : documents) {
      KycDocument document = stored.document();
      String label = document.type() + " " + document.id();
      if (stored.size() == null) {
        failures.add(label + " was never uploaded");
      } else if (stored.size() == 0 || stored.size() > KycDocument.MAX_BYTES) {
        failures.add(label + " is empty or larger than 10 MiB");
      } else if (!document.readable(stored.head())) {
        failures.add(label + " is not a readable " + document.contentType() + " file");
      } else {
        needed |=
            review.kind() == KycReview.Kind.KYB
                ? document.type().business()
                : document.type().identity();
      }
    }
    if (documents.isEmpty()) {
      failures.add("no documents");
    } else if (failures.isEmpty()) {
      passed.add(documents.size() + " document(s) present and readable");
    }
    if (!needed) {
      failures.add(
          review.kind() == KycReview.Kind.KYB
              ? "a readable BUSINESS_REGISTRATION is required"
              : "a readable identity document (PASSPORT, NATIONAL_ID or DRIVER_LICENSE) is required");
    }
    if (NameScreen.sameName(profileName, review.nameOnDocument())) {
      passed.add(
          "the name on the documents matches the "
              + (review.kind() == KycReview.Kind.KYB ? "business name" : "profile"));
    } else {
      failures.add(
          "the name on the documents does not match the "
              + (review.kind() == KycReview.Kind.KYB ? "business name" : "profile"));
    }
    boolean listed = false;
    for (String name : new String[] {profileName, review.nameOnDocument()}) {
      var hit = sanctions.hit(name);
      if (hit.isPresent() && !listed) {
        failures.add("the name matches a sanctions list entry (" + hit.get() + ")");
        listed = true;
      }
    }
    if (!listed) {
      passed.add("no sanctions list match (" + sanctions.size() + " entries screened)");
    }
    List<String> findings = new ArrayList<>(failures);
    findings.addAll(passed);
    return new Verdict(!failures.isEmpty(), findings);
  }
}
