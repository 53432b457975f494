package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** samconfig.toml names the stack and the template file the CDK app really synthesizes. */
class SamConfigTest {

  private static final Pattern SETTING = Pattern.compile("^(\\w+) = \"([^\"]*)\"$");

  @TempDir Path workDir;

  @Test
  void pointsAtTheSynthesizedTemplateOfTheDevStack() throws Exception {
    Path root = Path.of(System.getProperty("stablepay.root", ".."));
    List<String> lines = Files.readAllLines(root.resolve("samconfig.toml"));
    String stack = StablepayApp.stackName("dev");
    String synthesized = TestStacks.stack(workDir, "dev", null).getTemplateFile();

    assertThat(lines).contains("version = 0.1");
    assertThat(values(lines, "stack_name")).containsExactly(stack);
    assertThat(values(lines, "template_file"))
        .isNotEmpty()
        .allSatisfy(file -> assertThat(file).isEqualTo("infra-cdk/cdk.out/" + synthesized));
  }

  private static List<String> values(List<String> lines, String key) {
    return lines.stream()
        .map(SETTING::matcher)
        .filter(Matcher::matches)
        .filter(m -> m.group(1).equals(key))
        .map(m -> m.group(2))
        .toList();
  }
}
