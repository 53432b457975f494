package io.stablepay.adapter.out.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.InvalidRequestException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF check on merchants' webhook URLs. Addresses written out are never looked up (the
 * endpoints get a resolver that fails the test when asked); names get a fixed answer: nothing here
 * uses DNS or connects anywhere.
 */
class JdkWebhookEndpointTest {

  /** For literals: asking it anything is a failure (no DNS for an address written out). */
  private static final JdkWebhookEndpoint.Resolver NO_LOOKUP =
      host -> {
        throw new AssertionError("looked up " + host);
      };

  private final JdkWebhookEndpoint strict = new JdkWebhookEndpoint(null, false, NO_LOOKUP);
  private final JdkWebhookEndpoint local = new JdkWebhookEndpoint(null, true, NO_LOOKUP);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:93.184.215.14]/",
        "http://[::169.254.169.254]/",
        "http://[::a9fe:a9fe]/",
        "http://[::7f00:1]/",
        "http://[::5db8:d70e]/",
        "http://[64:ff9b::a00:1]/",
        "http://[64:ff9b::169.254.169.254]/",
        "http://[64:ff9b::5db8:d70e]/",
        "http://[64:ff9b:1::a00:1]/",
        "http://[2002:a9fe:a9fe::]/",
        "http://[2002:7f00:1::1]/",
        "http://[2002:5db8:d70e::1]/",
        "http://[2001::5601:5601]/",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/"
      })
  void refusesIPv6ThatEmbedsIPv4WhateverTheIPv4AddressIs(String url) {
    assertRefusedInBothProfiles(url, "not public");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://[::]/",
        "http://[100::1]/",
        "http://[100:0:0:1::1]/",
        "http://[2001:1::1]/",
        "http://[2001:2::1]/",
        "http://[2001:3::1]/",
        "http://[2001:4:112::1]/",
        "http://[2001:10::1]/",
        "http://[2001:20::1]/",
        "http://[2001:30::1]/",
        "http://[2001:1ff:ffff::1]/",
        "http://[2001:db8::1]/",
        "http://[2620:4f:8000::1]/",
        "http://[3fff::1]/",
        "http://[5f00::1]/",
        "http://[fc00::1]/",
        "http://[fd12:3456::1]/",
        "http://[fe80::1]/",
        "http://[fec0::1]/",
        "http://[ff02::1]/",
        "http://[ff0e::1]/",
        "http://[4000::1]/",
        "http://[1::1]/",
        "http://[8000::1]/"
      })
  void refusesSpecialPurposeIPv6AndWhatIsNotGlobalUnicast(String url) {
    assertRefusedInBothProfiles(url, "not public");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://0.0.0.0/",
        "http://0.1.2.3/",
        "http://10.0.0.1/",
        "http://10.255.255.255/",
        "http://100.64.0.1/",
        "http://100.127.255.255/",
        "http://169.254.169.254/",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://192.0.0.1/",
        "http://192.0.0.170/",
        "http://192.0.0.171/",
        "http://192.0.2.1/",
        "http://192.31.196.1/",
        "http://192.52.193.1/",
        "http://192.88.99.1/",
        "http://192.168.1.1/",
        "http://192.175.48.1/",
        "http://198.18.0.1/",
        "http://198.19.255.255/",
        "http://198.51.100.1/",
        "http://203.0.113.1/",
        "http://224.0.0.1/",
        "http://239.255.255.250/",
        "http://240.0.0.1/",
        "http://255.255.255.254/",
        "http://255.255.255.255/"
      })
  void refusesSpecialPurposeMulticastAndBroadcastIPv4(String url) {
    assertRefusedInBothProfiles(url, "not public");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://0x7f.0.0.1/",
        "http://127.1/",
        "http://127.0.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://017700000001/",
        "http://127.0.0.01/",
        "http://127.0.0.1./",
        "http://093.184.215.14/",
        "http://0x5d.184.215.14/",
        "http://93.184.215.014/",
        "http://1.2.3.4.5/",
        "http://256.1.1.1/",
        "http://1e1.0.0.1/"
      })
  void refusesIPv4NotWrittenAsFourDecimalNumbersRatherThanResolvingIt(String url) {
    assertRefusedInBothProfiles(url, "four decimal numbers");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://93.184.215.14:99999/",
        "https://93.184.215.14:0/",
        "https://[2606:4700:4700::1111]:65536/",
        "https://93.184.215.14:4294967297/"
      })
  void refusesAPortOutside1To65535(String url) {
    assertRefusedInBothProfiles(url, "port");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://[fe80::1%25eth0]/",
        "http://[2606:4700::1111%25eth0]/",
        "http://[2606:4700::01.2.3.4]/",
        "http://[2606:4700:4700::1111/64]/",
        "http:///hooks",
        "mailto:ops@93.184.215.14",
        "http://[::1/",
        "hooks",
        "http://ops@93.184.215.14/"
      })
  void refusesWhatHasNoPlainHost(String url) {
    assertRefusedInBothProfiles(url, "");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/",
        "http://127.0.0.1:8080/hooks",
        "http://127.255.255.254/",
        "http://[::1]/",
        "http://[::1]:9/hooks"
      })
  void refusesLoopbackUnlessTheProfileAllowsIt(String url) {
    assertThatThrownBy(() -> strict.checkTarget(url))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("public");
    assertThatCode(() -> local.checkTarget(url)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://93.184.215.14/",
        "https://93.184.215.14:8443/hooks?x=1",
        "https://1.1.1.1/",
        "https://8.8.8.8/",
        "https://100.63.255.255/",
        "https://100.128.0.1/",
        "https://172.15.255.255/",
        "https://172.32.0.1/",
        "https://192.0.1.1/",
        "https://192.88.98.1/",
        "https://198.17.255.255/",
        "https://198.20.0.1/",
        "https://223.255.255.255/",
        "https://[2606:4700:4700::1111]/",
        "https://[2606:4700:4700::1111]:443/hooks",
        "https://[2a00:1450:4001:82b::200e]/",
        "https://[2001:200::1]/",
        "https://[2003::1]/",
        "https://[2620:4f:8001::1]/",
        "https://[2606:4700::6810:84e5]/"
      })
  void allowsPublicAddressesWithoutLookingThemUp(String url) {
    assertThatCode(() -> strict.checkTarget(url)).doesNotThrowAnyException();
    assertThatCode(() -> local.checkTarget(url)).doesNotThrowAnyException();
  }

  @Test
  void refusesANameWhenAnyOfItsAddressesIsNotPublic() {
    JdkWebhookEndpoint endpoint =
        new JdkWebhookEndpoint(
            null,
            false,
            resolvingTo(new byte[] {93, (byte) 184, (byte) 215, 14}, new byte[] {10, 0, 0, 1}));

    assertThatThrownBy(() -> endpoint.checkTarget("https://hooks.merchant.test/"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("hooks.merchant.test");
  }

  @Test
  void refusesANameWhoseAddressEmbedsIPv4() {
    byte[] nat64 = new byte[16];
    nat64[1] = 0x64;
    nat64[2] = (byte) 0xff;
    nat64[3] = (byte) 0x9b;
    nat64[12] = (byte) 169;
    nat64[13] = (byte) 254;
    nat64[14] = (byte) 169;
    nat64[15] = (byte) 254;
    JdkWebhookEndpoint endpoint = new JdkWebhookEndpoint(null, true, resolvingTo(nat64));

    assertThatThrownBy(() -> endpoint.checkTarget("https://hooks.merchant.test/"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void allowsANameWhoseAddressesAreAllPublic() {
    JdkWebhookEndpoint endpoint =
        new JdkWebhookEndpoint(
            null,
            false,
            resolvingTo(new byte[] {93, (byte) 184, (byte) 215, 14}, new byte[] {1, 1, 1, 1}));

    assertThatCode(() -> endpoint.checkTarget("https://hooks.merchant.test:8443/x"))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesANameThatDoesNotResolve() {
    JdkWebhookEndpoint endpoint =
        new JdkWebhookEndpoint(
            null,
            false,
            host -> {
              throw new UnknownHostException(host);
            });

    assertThatThrownBy(() -> endpoint.checkTarget("https://nowhere.merchant.test/"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("does not resolve");
  }

  private void assertRefusedInBothProfiles(String url, String because) {
    assertThatThrownBy(() -> strict.checkTarget(url))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(because);
    assertThatThrownBy(() -> local.checkTarget(url))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(because);
  }

  /** A resolver answering every name with these addresses (no lookup: built from bytes). */
  private static JdkWebhookEndpoint.Resolver resolvingTo(byte[]... addresses) {
    return host -> {
      InetAddress[] answer = new InetAddress[addresses.length];
      for (int i = 0; i < addresses.length; i++) {
        answer[i] = InetAddress.getByAddress(host, addresses[i]);
      }
      return answer;
    };
  }
}
