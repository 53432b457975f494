package io.stablepay.core.domain.webhook;

import io.stablepay.core.domain.InvalidValueException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The form of a webhook URL that every HTTP client reads the same way: absolute, with a host, no
 * user info or fragment, a port (when one is given) of 1 to 65535, and a host that, when it is an
 * IPv4 address, is written as four decimal numbers 0-255 without leading zeros.
 *
 * <p>Other IPv4 spellings ({@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}, {@code 2130706433})
 * are read differently by different software: octal, hex and short forms by inet_aton and browsers
 * (all of those are 127.0.0.1), decimal with the zeros dropped by the JDK (177.0.0.1), or as a
 * name. An address check made on one reading says nothing about where another client connects, so
 * these are refused here rather than resolved. A port beyond 65535 is refused too: {@link URI}
 * keeps it, and clients disagree on what it means. The scheme is the caller's to check.
 */
public final class WebhookUrls {

  /**
   * A last label that makes a host an IPv4 address to URL parsers however it is written (the WHATWG
   * URL standard's "ends in a number"): decimal digits, or hex after 0x.
   */
  private static final Pattern NUMBER = Pattern.compile("\\d+|0[xX]\\p{XDigit}*");

  private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern DOTTED_DECIMAL = Pattern.compile("(?:" + OCTET + "\\.){3}" + OCTET);
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final int MAX_PORT = 65_535;

  private WebhookUrls() {}

  /**
   * Parses {@code url} and checks its form (see the class).
   *
   * @throws InvalidValueException when it is not of that form (its text may still match the
   *     document's URL pattern: the form checked here is what the text means)
   */
  public static URI parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidValueException("webhookUrl is not a URL");
    }
    String authority = uri.getRawAuthority();
    if (uri.isOpaque()
        || authority == null
        || authority.contains("@")
        || uri.getRawFragment() != null) {
      throw new InvalidValueException("webhookUrl needs a host and no user info or fragment");
    }
    checkPort(port(authority));
    checkIpv4Form(host(authority));
    if (uri.getHost() == null) {
      throw new InvalidValueException("webhookUrl's host is not a host name or IP address");
    }
    return uri;
  }

  /**
   * Whether {@code host} is written as an IPv4 address the one unambiguous way (such as
   * 93.184.215.14), so it is an address and not a name to look up.
   */
  public static boolean isDottedDecimal(String host) {
    return DOTTED_DECIMAL.matcher(host).matches();
  }

  /**
   * The host of an authority without user info, from its text: {@link URI} has none for an
   * authority it cannot read as host and port (such as 0x7f.1, or a port too big for an int), and
   * that is where a clear message is most needed.
   */
  private static String host(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end < 0 ? authority : authority.substring(0, end + 1);
    }
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  /** The port's text after the host, or "" when there is none (nor a colon). */
  private static String port(String authority) {
    String rest = authority.substring(host(authority).length());
    return rest.startsWith(":") ? rest.substring(1) : rest;
  }

  private static void checkPort(String port) {
    if (!DIGITS.matcher(port).matches()) {
      return; // empty (the scheme's port), or not a port: URI then has no host, refused after
    }
    String significant = port.replaceFirst("^0+(?=.)", "");
    if (significant.length() > 5
        || Integer.parseInt(significant) < 1
        || Integer.parseInt(significant) > MAX_PORT) {
      throw new InvalidValueException("webhookUrl's port must be 1 to " + MAX_PORT);
    }
  }

  private static void checkIpv4Form(String host) {
    if (host.startsWith("[")) {
      return;
    }
    String[] labels = host.split("\\.", -1);
    int last = labels.length - 1;
    if (last > 0 && labels[last].isEmpty()) {
      last--; // a trailing dot: "1.2.3.4." ends in a number too
    }
    if (NUMBER.matcher(labels[last]).matches() && !isDottedDecimal(host)) {
      throw new InvalidValueException(
          "webhookUrl's host "
              + host
              + " is read as an IPv4"
              + " address, which must be written as four decimal numbers 0-255 without leading"
              + " zeros (such as 93.184.215.14); other forms mean different addresses to different"
              + " software");
    }
  }
}
