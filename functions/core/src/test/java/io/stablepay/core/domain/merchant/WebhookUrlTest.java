package io.stablepay.core.domain.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The form of a webhook URL, checked before it is stored ({@link Merchant#checkWebhookUrl}). */
class WebhookUrlTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.com/hooks",
        "https://example.com:1/",
        "https://example.com:65535/",
        "https://example.com:/",
        "https://93.184.215.14/",
        "https://0.0.0.0/",
        "https://255.255.255.255:443/",
        "https://[2606:4700:4700::1111]/",
        "https://hooks.example.com./x",
        "https://1st.example.com/",
        "https://a.b2/"
      })
  void keepsAWellFormedUrl(String url) {
    assertThat(Merchant.checkWebhookUrl("  " + url + " ", false)).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.com:99999/",
        "https://example.com:0/",
        "https://example.com:65536/",
        "https://93.184.215.14:99999/",
        "https://[2606:4700:4700::1111]:70000/",
        "https://example.com:4294967297/"
      })
  void refusesAPortOutside1To65535(String url) {
    assertThatThrownBy(() -> Merchant.checkWebhookUrl(url, false))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("port");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://0177.0.0.1/",
        "https://0x7f.1/",
        "https://0x7f.0.0.1/",
        "https://127.1/",
        "https://127.0.1/",
        "https://2130706433/",
        "https://0x7f000001/",
        "https://017700000001/",
        "https://127.0.0.01/",
        "https://127.0.0.1./",
        "https://093.184.215.14/",
        "https://93.184.215.014:8443/",
        "https://1.2.3.4.5/",
        "https://256.1.1.1/",
        "https://example.123/",
        "https://example.0x1f/",
        "https://0x/"
      })
  void refusesAnIPv4HostNotWrittenAsFourDecimalNumbers(String url) {
    assertThatThrownBy(() -> Merchant.checkWebhookUrl(url, false))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("four decimal numbers");
  }

  @Test
  void refusesHttpUnlessAllowed() {
    assertThatThrownBy(() -> Merchant.checkWebhookUrl("http://example.com/", false))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(Merchant.checkWebhookUrl("http://127.0.0.1:9/hooks", true))
        .isEqualTo("http://127.0.0.1:9/hooks");
  }
}
