package io.stablepay.core.domain.kyc;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Name comparison for the automated checks: names are compared as sets of words, with case, accents
 * and punctuation ignored ("José O'Neil" = "o neil jose"), so word order and spelling conventions
 * of a document do not fail a true match.
 *
 * <p>Screening against a sanctions list matches a name whose words are exactly an entry's words (or
 * an entry's words are all in the name, for entries of two words or more): deliberately strict,
 * because a hit rejects automatically. A real deployment loads the official list it is bound by
 * (OFAC SDN, EU, UN consolidated) as the configured file.
 */
public final class NameScreen {

  private final List<Set<String>> entries;

  /**
   * @param sanctioned the list's names, one per entry; blank lines and {@code #} lines skipped
   */
  public NameScreen(Collection<String> sanctioned) {
    this.entries =
        sanctioned.stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .map(NameScreen::words)
            .filter(words -> !words.isEmpty())
            .toList();
  }

  /** The words of a name: accents stripped, lower case, split on anything not a letter. */
  public static Set<String> words(String name) {
    if (name == null) {
      return Set.of();
    }
    String plain =
        Normalizer.normalize(name, Normalizer.Form.NFD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT);
    return Arrays.stream(plain.split("[^\\p{L}]+"))
        .filter(w -> !w.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Whether {@code onDocument} names the profile's person: every profile word is on it. */
  public static boolean sameName(String profileName, String onDocument) {
    Set<String> profile = words(profileName);
    return !profile.isEmpty() && words(onDocument).containsAll(profile);
  }

  /** The list entry {@code name} matches, if any (as the list spells it, normalised). */
  public Optional<String> hit(String name) {
    Set<String> given = words(name);
    if (given.isEmpty()) {
      return Optional.empty();
    }
    return entries.stream()
        .filter(entry -> entry.equals(given) || (entry.size() >= 2 && given.containsAll(entry)))
        .findFirst()
        .map(entry -> String.join(" ", entry));
  }

  public int size() {
    return entries.size();
  }
}
