package io.stablepay.adapter.out.webhook;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressNetwork.IPAddressGenerator;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import io.micronaut.json.JsonMapper;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.webhook.DeliveryOutcome;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookUrls;
import io.stablepay.core.port.out.WebhookEndpoint;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merchants' endpoints over the JDK's HTTP client: no redirects followed, a 15 s budget, and the
 * target checked before every request.
 *
 * <p>The check allows by range: an IPv4 address is allowed when it is in no block of IANA's IPv4
 * special-purpose address registry (this network, private, carrier-grade NAT, loopback, link-local
 * with the cloud metadata address, the IETF protocol assignments with the NAT64 and DS-Lite
 * addresses, documentation, benchmarking, AS112 and AMT anycast, the old 6to4 relays, reserved,
 * broadcast) nor multicast; an IPv6 address when it is global unicast (2000::/3) and in no block of
 * IANA's IPv6 special-purpose registry. Blocks the registry calls globally reachable (anycast
 * services, ORCHID, AS112) are refused too: no merchant receives webhooks there. Loopback is
 * allowed only where {@code stablepay.webhooks.allow-loopback} is set (the local profile, whose
 * receivers run on this machine); nothing else that is not public is.
 *
 * <p>IPv6 addresses that embed an IPv4 address are refused outright, whatever that IPv4 address is,
 * rather than decoded and checked: IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96), NAT64
 * (64:ff9b::/96, 64:ff9b:1::/48), 6to4 (2002::/16) and Teredo (2001::/32) all lie in the refused
 * ranges. A name whose DNS answer holds a mapped address is the one exception: the JDK turns that
 * answer into the IPv4 address, which is checked as such.
 *
 * <p>The URL's form is checked first ({@link WebhookUrls#parse}): an IPv4 host only as four decimal
 * numbers, a port of 1 to 65535. A host written as an address is parsed here, by the IPAddress
 * library, and never looked up; a name is resolved and each address it resolves to must be allowed.
 * The check resolves the name itself and the client resolves it again; a DNS answer that changes in
 * between (rebinding) is the remaining gap, narrowed by checking again at every delivery.
 */
@Singleton
final class JdkWebhookEndpoint implements WebhookEndpoint {

  /** Names to addresses: the system's resolver, or a fixed answer in tests. */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** Literal addresses in their plain forms only: no inet_aton forms, prefixes, ranges, zones. */
  private static final IPAddressStringParameters LITERAL =
      new IPAddressStringParameters.Builder()
          .allowEmpty(false)
          .allowAll(false)
          .allowSingleSegment(false)
          .allowPrefix(false)
          .allowMask(false)
          .allowWildcardedSeparator(false)
          .allow_inet_aton(false)
          .setRangeOptions(RangeParameters.NO_RANGE)
          .getIPv4AddressParametersBuilder()
          .allowLeadingZeros(false)
          .allowBinary(false)
          .getParentBuilder()
          .getIPv6AddressParametersBuilder()
          .allowZone(false)
          .allowBase85(false)
          .allowBinary(false)
          .allow_mixed_inet_aton(false)
          .getEmbeddedIPv4AddressParametersBuilder()
          .allowLeadingZeros(false)
          .allowBinary(false)
          .getEmbeddedIPv4AddressParentBuilder()
          .getParentBuilder()
          .toParams();

  private static final IPAddressGenerator FROM_BYTES = new IPAddressGenerator();

  private static final List<IPAddress> LOOPBACK = blocks("127.0.0.0/8", "::1/128");

  /** Global unicast: an IPv6 address outside it is refused whatever it is. */
  private static final IPAddress GLOBAL_UNICAST = block("2000::/3");

  /** IANA's IPv4 special-purpose registry (loopback apart) and multicast. */
  private static final List<IPAddress> SPECIAL_IPV4 =
      blocks(
          "0.0.0.0/8",
          "10.0.0.0/8",
          "100.64.0.0/10",
          "169.254.0.0/16",
          "172.16.0.0/12",
          "192.0.0.0/24",
          "192.0.2.0/24",
          "192.31.196.0/24",
          "192.52.193.0/24",
          "192.88.99.0/24",
          "192.168.0.0/16",
          "192.175.48.0/24",
          "198.18.0.0/15",
          "198.51.100.0/24",
          "203.0.113.0/24",
          "224.0.0.0/4",
          "240.0.0.0/4",
          "255.255.255.255/32");

  /**
   * IANA's IPv6 special-purpose registry (loopback apart), with the IPv4-compatible block; those
   * outside 2000::/3 are refused by that already and listed to say what they are.
   */
  private static final List<IPAddress> SPECIAL_IPV6 =
      blocks(
          "::/128",
          "::/96",
          "::ffff:0:0/96",
          "64:ff9b::/96",
          "64:ff9b:1::/48",
          "100::/64",
          "100:0:0:1::/64",
          "2001::/23",
          "2001::/32",
          "2001:db8::/32",
          "2002::/16",
          "2620:4f:8000::/48",
          "3fff::/20",
          "5f00::/16",
          "fc00::/7",
          "fe80::/10",
          "ff00::/8");

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final JsonMapper json;
  private final boolean allowLoopback;
  private final Resolver resolver;

  @Inject
  JdkWebhookEndpoint(JsonMapper json, WebhookTargetSettings settings) {
    this(json, settings.isAllowLoopback(), InetAddress::getAllByName);
  }

  JdkWebhookEndpoint(JsonMapper json, boolean allowLoopback, Resolver resolver) {
    this.json = json;
    this.allowLoopback = allowLoopback;
    this.resolver = resolver;
  }

  @Override
  public void checkTarget(String url) {
    String host = WebhookUrls.parse(url).getHost();
    Optional<IPAddress> literal = literal(host);
    if (literal.isPresent()) {
      if (!allowed(literal.get())) {
        throw new InvalidValueException(
            "the webhook address "
                + host
                + " is not public"
                + " (a special-purpose or IPv4-embedding address); webhooks go to public addresses"
                + " only");
      }
      return;
    }
    for (IPAddress address : resolve(host)) {
      if (!allowed(address)) {
        throw new InvalidValueException(
            "the webhook host "
                + host
                + " resolves to a non-public address; webhooks go to public addresses only");
      }
    }
  }

  /**
   * The address a host written as one stands for: an IPv6 address in brackets, or an IPv4 address
   * ({@link WebhookUrls#parse} has let through only the dotted-decimal form); empty for a name.
   */
  private static Optional<IPAddress> literal(String host) {
    if (host.startsWith("[")) {
      String text = host.substring(1, host.length() - 1);
      IPAddress address = new IPAddressString(text, LITERAL).getAddress();
      if (address == null || !address.isIPv6()) {
        throw new InvalidValueException(
            "the webhook host " + host + " is not a plain IPv6 address (no zone, no other forms)");
      }
      return Optional.of(address);
    }
    if (WebhookUrls.isDottedDecimal(host)) {
      return Optional.of(new IPAddressString(host, LITERAL).getAddress());
    }
    return Optional.empty();
  }

  private List<IPAddress> resolve(String host) {
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new InvalidValueException("the webhook host " + host + " does not resolve");
    }
    return Arrays.stream(addresses).map(a -> FROM_BYTES.from(a.getAddress())).toList();
  }

  private boolean allowed(IPAddress address) {
    if (within(LOOPBACK, address)) {
      return allowLoopback;
    }
    if (address.isIPv4()) {
      return !within(SPECIAL_IPV4, address);
    }
    return GLOBAL_UNICAST.contains(address) && !within(SPECIAL_IPV6, address);
  }

  private static boolean within(List<IPAddress> blocks, IPAddress address) {
    return blocks.stream().anyMatch(block -> block.contains(address));
  }

  private static List<IPAddress> blocks(String... cidrs) {
    return Arrays.stream(cidrs).map(JdkWebhookEndpoint::block).toList();
  }

  private static IPAddress block(String cidr) {
    return new IPAddressString(cidr).getAddress().toPrefixBlock();
  }

  @Override
  public Answer post(String url, Map<String, String> headers, String body) {
    checkTarget(url);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(DeliveryOutcome.REQUEST_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(), retryAfter(response), DeliveryOutcome.truncate(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "no answer from the webhook endpoint: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted"));
    }
  }

  /** Retry-After in seconds (the HTTP-date form is not used by the receivers we retry for). */
  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("retry-after")
        .flatMap(
            value -> {
              try {
                long seconds = Long.parseLong(value.trim());
                return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  @Override
  public String body(WebhookEvent event) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", event.type().wireName());
    body.put("timestamp", event.occurredAt().toString());
    body.put("data", event.data());
    try {
      return json.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
