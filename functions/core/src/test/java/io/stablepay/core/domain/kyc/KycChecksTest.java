package io.stablepay.core.domain.kyc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KycChecksTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final byte[] PDF = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
  private static final NameScreen LIST =
      new NameScreen(List.of("# a comment", "", "Ivan Embargovich", "Madonna"));

  @Test
  void namesCompareAsWordsWhateverTheCaseAccentsPunctuationAndOrder() {
    assertThat(NameScreen.words("  José  O'Neil-Smith "))
        .containsExactly("jose", "neil", "o", "smith");
    assertThat(NameScreen.sameName("José O'Neil", "O NEIL, JOSE")).isTrue();
    assertThat(NameScreen.sameName("Ada Lovelace", "Ada King Lovelace")).isTrue();
    assertThat(NameScreen.sameName("Ada Lovelace", "Ada Byron")).isFalse();
    assertThat(NameScreen.sameName("", "Ada")).isFalse();
  }

  @Test
  void theSanctionsScreenMatchesAWholeEntryAndNeverAPartOfOne() {
    assertThat(LIST.size()).isEqualTo(2);
    assertThat(LIST.hit("EMBARGOVICH, Ivan")).contains("embargovich ivan");
    assertThat(LIST.hit("Ivan Petrovich Embargovich")).contains("embargovich ivan");
    assertThat(LIST.hit("Madonna")).contains("madonna");
    // a one-word entry matches only a one-word name; one word of an entry matches nothing
    assertThat(LIST.hit("Madonna Smith")).isEmpty();
    assertThat(LIST.hit("Ivan Smith")).isEmpty();
    assertThat(LIST.hit(null)).isEmpty();
  }

  @Test
  void readableDocumentsWithTheMatchingNameGoToAHuman() {
    KycDocument passport = document(DocumentType.PASSPORT, "application/pdf");
    KycChecks.Verdict verdict =
        KycChecks.run(
            review(KycReview.Kind.KYC, "LOVELACE Ada"),
            List.of(new KycChecks.Stored(passport, 2048L, PDF)),
            "Ada Lovelace",
            LIST);

    assertThat(verdict.reject()).isFalse();
    assertThat(verdict.findings())
        .containsExactly(
            "1 document(s) present and readable",
            "the name on the documents matches the profile",
            "no sanctions list match (2 entries screened)");
  }

  @Test
  void anyFailedCheckRejectsWithEveryFindingAsTheReason() {
    KycDocument missing = document(DocumentType.PASSPORT, "application/pdf");
    KycDocument fake = document(DocumentType.DRIVER_LICENSE, "image/jpeg");
    KycDocument huge = document(DocumentType.NATIONAL_ID, "application/pdf");
    KycChecks.Verdict verdict =
        KycChecks.run(
            review(KycReview.Kind.KYC, "Someone Else"),
            List.of(
                new KycChecks.Stored(missing, null, null),
                new KycChecks.Stored(fake, 10L, PDF),
                new KycChecks.Stored(huge, KycDocument.MAX_BYTES + 1, PDF)),
            "Ada Lovelace",
            LIST);

    assertThat(verdict.reject()).isTrue();
    assertThat(verdict.reason())
        .contains("was never uploaded")
        .contains("is not a readable image/jpeg file")
        .contains("larger than 10 MiB")
        .contains("a readable identity document")
        .contains("does not match the profile");
  }

  @Test
  void aSanctionedNameOrTheWrongKindOfDocumentRejects() {
    KycDocument passport = document(DocumentType.PASSPORT, "image/jpeg");
    KycChecks.Verdict listed =
        KycChecks.run(
            review(KycReview.Kind.KYC, "Ivan Embargovich"),
            List.of(new KycChecks.Stored(passport, 100L, JPEG)),
            "Ivan Embargovich",
            LIST);
    assertThat(listed.reject()).isTrue();
    assertThat(listed.findings()).anyMatch(f -> f.contains("sanctions list entry"));

    KycChecks.Verdict kyb =
        KycChecks.run(
            review(KycReview.Kind.KYB, "Coffee Ltd"),
            List.of(new KycChecks.Stored(passport, 100L, JPEG)),
            "Coffee Ltd",
            LIST);
    assertThat(kyb.reject()).isTrue();
    assertThat(kyb.reason()).contains("BUSINESS_REGISTRATION is required");
  }

  private static KycDocument document(DocumentType type, String contentType) {
    return new KycDocument("doc_" + type, "u1", type, contentType, null, null, null, T0);
  }

  private static KycReview review(KycReview.Kind kind, String name) {
    return new KycReview(
        "kyr_1",
        "u1",
        kind,
        KycReview.Status.CHECKING,
        List.of("d"),
        name,
        List.of(),
        null,
        null,
        null,
        null,
        0,
        T0,
        T0);
  }
}
