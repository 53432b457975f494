import java.io.File;
import java.util.Arrays;
import org.web3j.codegen.SolidityFunctionWrapperGenerator;

/**
 * Generates a web3j wrapper class for every contract solc left in a folder (Name.abi + Name.bin).
 * The Maven build runs this file with the Java source launcher on a classpath holding
 * {@code org.web3j:codegen}, after {@code scripts/build.js}:
 *
 * <pre>java -cp CLASSPATH scripts/GenerateWrappers.java ARTIFACT_DIR OUTPUT_DIR PACKAGE</pre>
 */
public class GenerateWrappers {

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: GenerateWrappers ARTIFACT_DIR OUTPUT_DIR PACKAGE");
    }
    File artifacts = new File(args[0]);
    File output = new File(args[1]);
    String packageName = args[2];
    File[] abis = artifacts.listFiles((dir, name) -> name.endsWith(".abi"));
    if (abis == null || abis.length == 0) {
      throw new IllegalStateException("no .abi files in " + artifacts);
    }
    Arrays.sort(abis);
    for (File abi : abis) {
      String name = abi.getName().substring(0, abi.getName().length() - ".abi".length());
      File bin = new File(artifacts, name + ".bin");
      new SolidityFunctionWrapperGenerator(
              bin, abi, output, name, packageName, true, false, 20)
          .generate();
    }
    System.out.println("web3j wrappers for " + abis.length + " contracts in " + output);
  }
}
