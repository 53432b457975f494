package io.stablepay.local;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BENCHMARKS.md for {@link Bench}: the machine, every figure's median and spread over the runs, and
 * the ratios to the floors, which the next run compares itself with (a ratio more than 30% worse
 * than the committed one prints a warning; nothing fails).
 */
final class BenchReport {

  /** How much worse a ratio may get before the run warns. */
  static final double TOLERANCE = 0.30;

  /** A ratio of two figures of the same run; {@code higher} when a larger one is better. */
  record Ratio(String numerator, String denominator, boolean higher, String meaning) {
    String key() {
      return numerator + " / " + denominator;
    }
  }

  static final List<Ratio> RATIOS =
      List.of(
          new Ratio("p2p.api.rate", "p2p.raw.rate", true, "transfers/s vs the raw transaction's"),
          new Ratio("p2p.api.p50", "p2p.raw.p50", false, "transfer p50 vs the raw transaction's"),
          new Ratio("balance.api.p50", "me.api.p50", false, "balance p50 vs GET /api/auth/me p50"),
          new Ratio("balance.api.p50", "getitem.raw.p50", false, "balance p50 vs one GetItem p50"),
          new Ratio("me.api.p50", "getitem.raw.p50", false, "auth/me p50 vs one GetItem p50"),
          new Ratio("p2p.api.p50", "p2p.fn.p50", false, "transfer p50, gateway vs direct"),
          new Ratio("balance.api.p50", "balance.fn.p50", false, "balance p50, gateway vs direct"),
          new Ratio("p2p.fn.rate", "p2p.raw.rate", true, "direct transfers/s vs the raw's"));

  private static final Map<String, String> SECTIONS = new LinkedHashMap<>();

  static {
    SECTIONS.put("p2p.", "P2P transfers, concurrency " + Bench.CONCURRENCY);
    SECTIONS.put("balance.", "Reads, one at a time");
    SECTIONS.put("me.", null);
    SECTIONS.put("getitem.", null);
  }

  private static final Map<String, String> PATHS =
      Map.of(
          "p2p.api", "POST /api/wallet/transfer through API Gateway",
          "p2p.fn", "POST /api/wallet/transfer to the (signer) function directly",
          "p2p.raw", "floor: raw 9-item TransactWriteItems (SDK v2)",
          "balance.api", "GET /api/wallet/balance through API Gateway",
          "balance.fn", "GET /api/wallet/balance to the function directly",
          "me.api", "floor: GET /api/auth/me through API Gateway",
          "me.fn", "GET /api/auth/me to the function directly",
          "getitem.raw", "floor: one consistent GetItem (SDK v2)");

  private static final Pattern RATIO_ROW =
      Pattern.compile("^\\| `([a-z0-9.]+ / [a-z0-9.]+)` \\| ([0-9.]+) \\|", Pattern.MULTILINE);

  private BenchReport() {}

  /** The ratios the committed file holds (their medians), by key; none if there is no file. */
  static Map<String, Double> ratios(Path file) throws IOException {
    Map<String, Double> ratios = new LinkedHashMap<>();
    if (Files.exists(file)) {
      Matcher row = RATIO_ROW.matcher(Files.readString(file));
      while (row.find()) {
        ratios.put(row.group(1), Double.parseDouble(row.group(2)));
      }
    }
    return ratios;
  }

  /** Per run, each ratio of that run's two figures. */
  static Map<Ratio, List<Double>> perRun(Map<String, List<Double>> figures) {
    Map<Ratio, List<Double>> ratios = new LinkedHashMap<>();
    for (Ratio ratio : RATIOS) {
      List<Double> over = figures.get(ratio.numerator());
      List<Double> under = figures.get(ratio.denominator());
      if (over == null || under == null) {
        continue;
      }
      List<Double> runs = new ArrayList<>();
      for (int run = 0; run < Math.min(over.size(), under.size()); run++) {
        runs.add(over.get(run) / under.get(run));
      }
      ratios.put(ratio, runs);
    }
    return ratios;
  }

  /** The warnings for ratios more than {@link #TOLERANCE} worse than {@code previous}'s. */
  static List<String> regressions(Map<Ratio, List<Double>> now, Map<String, Double> previous) {
    List<String> warnings = new ArrayList<>();
    now.forEach(
        (ratio, runs) -> {
          Double before = previous.get(ratio.key());
          double median = BenchStats.median(runs);
          if (before == null || before == 0) {
            return;
          }
          boolean worse =
              ratio.higher()
                  ? median < before * (1 - TOLERANCE)
                  : median > before * (1 + TOLERANCE);
          if (worse) {
            warnings.add(
                String.format(
                    Locale.ROOT,
                    "WARNING: %s regressed more than %.0f%%: %.2f, was %.2f (%s is better)",
                    ratio.key(),
                    TOLERANCE * 100,
                    median,
                    before,
                    ratio.higher() ? "higher" : "lower"));
          }
        });
    return warnings;
  }

  static void write(
      Path file,
      Map<String, List<Double>> figures,
      Map<String, Double> previous,
      Instant at,
      double minutes,
      int instancesPerFunction)
      throws IOException {
    Map<Ratio, List<Double>> ratios = perRun(figures);
    List<String> warnings = regressions(ratios, previous);
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n")
        .append("Written by `make bench` (")
        .append(String.format(Locale.ROOT, "%.1f", minutes))
        .append(
            " minutes here after the build, the platform's start included): the local platform as `make run` starts it (MiniStack's API")
        .append(" Gateway, DynamoDB and Lambda API, each function its own JVM; anvil chains),")
        .append(" every figure beside its floor measured in the same run. Each figure is the")
        .append(" median of ")
        .append(Bench.RUNS)
        .append(" interleaved runs, with their spread (min–max); each run follows a warm-up of ")
        .append(Bench.WARM_UP)
        .append(" requests per path. Absolute figures are this machine's; the ratios are what to")
        .append(" compare across machines. A ratio more than 30% worse than the one committed")
        .append(" here makes `make bench` print a warning (it never fails).\n\n");
    md.append("## Machine\n\n");
    machine(md, at);
    md.append("\n## Request paths\n\n")
        .append("Transfers: ")
        .append(Bench.TRANSFERS)
        .append(" per run at concurrency ")
        .append(Bench.CONCURRENCY)
        .append(", each worker sending 0.01 USDT from its own funded sender to its own")
        .append(" recipient (no two in flight on one account). Reads: ")
        .append(Bench.READS)
        .append(" per run, one at a time, by one user. \"Directly\" posts the API Gateway v2")
        .append(" event to the local runtime's Lambda endpoint, which the gateway otherwise")
        .append(" calls through the emulator's Lambda service. The local runtime runs at most ")
        .append(instancesPerFunction)
        .append(" environments of a function at once (Lambda would start more), so at concurrency ")
        .append(Bench.CONCURRENCY)
        .append(" transfers also queue for an environment: their rate is bounded by that cap")
        .append(" divided by the handler's own time.\n\n");
    SECTIONS.forEach(
        (prefix, title) -> {
          if (title != null) {
            md.append("### ")
                .append(title)
                .append("\n\n| path | figure | median | spread (min–max) |\n|---|---|---|---|\n");
          }
          figures.forEach(
              (key, runs) -> {
                if (key.startsWith(prefix)) {
                  String path = key.substring(0, key.lastIndexOf('.'));
                  String figure = key.substring(key.lastIndexOf('.') + 1);
                  BenchStats.Spread spread = BenchStats.Spread.of(runs);
                  String unit = figure.equals("rate") ? "/s" : " ms";
                  md.append(
                      String.format(
                          Locale.ROOT,
                          "| %s | %s | %.1f%s | %.1f–%.1f%s |%n",
                          PATHS.getOrDefault(path, path),
                          figure.equals("rate") ? "requests/s" : figure,
                          spread.median(),
                          unit,
                          spread.min(),
                          spread.max(),
                          unit));
                }
              });
          if (prefix.equals("getitem.")) {
            md.append('\n');
          }
          if (prefix.equals("p2p.")) {
            md.append('\n');
          }
        });
    md.append("### Ratios to the floors\n\n")
        .append("Each run's ratio of its own two figures; the median and spread of the runs.")
        .append(" The first column is what the regression check reads.\n\n")
        .append("| ratio | median | spread (min–max) | better | what |\n|---|---|---|---|---|\n");
    ratios.forEach(
        (ratio, runs) -> {
          BenchStats.Spread spread = BenchStats.Spread.of(runs);
          md.append(
              String.format(
                  Locale.ROOT,
                  "| `%s` | %.2f | %.2f–%.2f | %s | %s |%n",
                  ratio.key(),
                  spread.median(),
                  spread.min(),
                  spread.max(),
                  ratio.higher() ? "higher" : "lower",
                  ratio.meaning()));
        });
    md.append("\n## Not measured yet\n\n")
        .append("- Deposit detection: a deposit's block mined to its balance credited.\n")
        .append("- Webhooks: an event to its delivery at the merchant's endpoint.\n")
        .append("- Watcher catch-up: blocks per second the chain watcher scans behind the head.\n")
        .append("- Cold starts: `make cold-starts` measures them (first response in a fresh JVM")
        .append(" beside an empty handler's) into functions/local-runtime/target/cold-starts.md;")
        .append(" not yet recorded here.\n");
    Files.writeString(file, md);
    System.out.println(md);
    warnings.forEach(System.out::println);
    if (!previous.isEmpty() && warnings.isEmpty()) {
      System.out.println("bench: no ratio regressed more than 30% against the previous file");
    }
    System.out.println("bench: wrote " + file);
  }

  private static void machine(StringBuilder md, Instant at) {
    Runtime runtime = Runtime.getRuntime();
    long memory =
        ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
            ? os.getTotalMemorySize()
            : -1;
    md.append("- date: ")
        .append(at.truncatedTo(ChronoUnit.SECONDS))
        .append("\n- cores: ")
        .append(runtime.availableProcessors())
        .append("\n- memory: ")
        .append(memory < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GB", memory / 1e9))
        .append("\n- JDK: ")
        .append(System.getProperty("java.vm.vendor"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append("\n- OS: ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.version"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append("\n- command: `make bench`\n");
  }
}
