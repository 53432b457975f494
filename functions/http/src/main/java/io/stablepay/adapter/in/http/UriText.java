package io.stablepay.adapter.in.http;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Makes a request's path and query string valid URI text without changing what already is: text
 * that {@link URI} refuses is taken as decoded and quoted by {@link URI}'s own component
 * constructors (every character a URI cannot hold, {@code %} included).
 */
final class UriText {

  private UriText() {}

  static String encodePath(String path) {
    if (path == null || isUri(path)) {
      return path;
    }
    try {
      return new URI(null, null, path, null).toASCIIString();
    } catch (URISyntaxException unquotable) {
      return "/";
    }
  }

  static String encodeQuery(String query) {
    if (query == null || query.isEmpty() || isUri("/?" + query)) {
      return query;
    }
    try {
      return new URI(null, null, "/", query, null).toASCIIString().substring(2);
    } catch (URISyntaxException unquotable) {
      return "";
    }
  }

  private static boolean isUri(String text) {
    try {
      new URI(text);
      return true;
    } catch (URISyntaxException invalid) {
      return false;
    }
  }
}
